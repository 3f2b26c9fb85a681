/**
 * A bot's `allowed_origins`: the pages its widget may run on. An entry is an origin
 * (`https://shop.example`, scheme://host[:port], no path), `https://*.shop.example` (any
 * subdomain of shop.example, not shop.example itself, same scheme and port), or `self`: this
 * Confab server's own pages (the demo page). No entries: any page.
 */

/** The entry that stands for this server's own origin. */
export const SELF_ORIGIN = 'self';

const WILDCARD = '*.';
const SHAPE = 'an origin such as https://shop.example.com (scheme://host[:port], no path), https://*.example.com or "self"';

/** An entry as it is stored (lowercase, no default port), or why it is not one. */
export function parseOriginEntry(entry: string): string | { error: string } {
  if (entry === SELF_ORIGIN) return entry;
  // One trailing slash is how address bars show an origin; any other path is refused.
  const match = /^(https?):\/\/(\*\.)?([^/?#@\s]+)\/?$/i.exec(entry);
  if (!match) return { error: SHAPE };
  const [, scheme, wildcard, rest] = match;
  let url: URL;
  try {
    // The wildcard label is replaced by a real one for the parser, which checks the rest.
    url = new URL(`${scheme}://${wildcard ? 'x.' : ''}${rest}`);
  } catch {
    return { error: SHAPE };
  }
  if (url.hostname.includes('*')) return { error: `a wildcard stands only for the first label: https://*.example.com` };
  if (!wildcard) return url.origin;
  const suffix = url.host.slice(2);
  // *.com, or *.1.2.3 (an address), would allow far more than one site.
  if (!suffix.split(':')[0]!.includes('.') || /^[\d.]+$|^\[/.test(suffix)) return { error: `${scheme}://*.${suffix}: a wildcard needs a domain of at least two labels` };
  return `${url.protocol}//${WILDCARD}${suffix}`;
}

/** How this server is reached, for `self`: its public URL and the Host a request named. */
export interface ServerOrigin {
  publicUrl: string;
  host?: string | undefined;
}

/**
 * Whether a request with this Origin header may use the bot. No entries: any. No Origin
 * header: not a page's cross-origin request (a server, a same-origin GET), so nothing for
 * this check to decide. `null` (a sandboxed frame, a file) is no listed origin.
 */
export function originAllowed(entries: readonly string[], origin: string | undefined, server: ServerOrigin): boolean {
  if (entries.length === 0 || origin === undefined || origin === '') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  return entries.some((entry) => {
    if (entry === SELF_ORIGIN) return url.origin === new URL(server.publicUrl).origin || (server.host !== undefined && url.host === server.host.toLowerCase());
    if (!entry.includes(`//${WILDCARD}`)) return url.origin === entry;
    const [scheme, suffix] = entry.split(`//${WILDCARD}`) as [string, string];
    return url.protocol === scheme && url.host.endsWith(`.${suffix}`);
  });
}
