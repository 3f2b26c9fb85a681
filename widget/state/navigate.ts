import { navigationTarget } from './safe-url.js';

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
