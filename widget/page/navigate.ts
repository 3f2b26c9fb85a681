import { parse } from '../rules/safe-url.js';

/**
 * A navigate action's destination: `navigate` when the host page may go there by itself
 * (its own origin, or one the bot's settings allow), else only to be shown as a link.
 */
export function navigationTarget(
  url: string,
  page: Pick<Location, 'href' | 'origin'>,
  allowedOrigins: readonly string[],
): { href: string; navigate: boolean } | null {
  const parsed = parse(url, page.href);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  const allowed = allowedOrigins.map((origin) => parse(origin, page.href)?.origin);
  return { href: parsed.href, navigate: parsed.origin === page.origin || allowed.includes(parsed.origin) };
}

/**
 * A new navigate action moves the host page, when the destination is the page's own origin
 * or one the bot allows, and only in the tab the visitor is looking at (every open tab of the
 * visitor receives the message). Everything else stays a link in the conversation.
 */
export function followNavigate(
  url: string,
  allowedOrigins: readonly string[],
  page: Pick<Location, 'href' | 'origin' | 'assign'> = location,
  visible: () => boolean = () => document.visibilityState === 'visible',
): boolean {
  const target = navigationTarget(url, page, allowedOrigins);
  if (!target?.navigate || !visible()) return false;
  page.assign(target.href);
  return true;
}
