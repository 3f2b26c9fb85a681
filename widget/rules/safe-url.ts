/**
 * URL rules for what bots send. Embedded media (images, video, audio) load only over https
 * or from the Confab server itself: no mixed content, no tracking pixels over plain http,
 * no data: or javascript: URLs. Links may be http(s), mailto or tel.
 */
export function parse(url: string, base: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

export function embeddableUrl(url: string, server: string): string | null {
  const parsed = parse(url, `${server}/`);
  if (!parsed) return null;
  return parsed.protocol === 'https:' || parsed.origin === parse(server, server)?.origin ? parsed.href : null;
}

/** The URL resolved against `base` when its protocol is one of `protocols`. */
function withProtocol(url: string, base: string, protocols: readonly string[]): string | null {
  const parsed = parse(url, base);
  return parsed && protocols.includes(parsed.protocol) ? parsed.href : null;
}

const WEB = ['http:', 'https:'];
const LINK = [...WEB, 'mailto:', 'tel:'];

export const linkUrl = (url: string, base: string): string | null => withProtocol(url, base, LINK);

/** The owner's links (002 links): web pages only, opened in a new tab. */
export const webUrl = (url: string, base: string): string | null => withProtocol(url, base, WEB);
