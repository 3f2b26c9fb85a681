/**
 * URL rules for what bots send. Embedded media (images, video, audio) load only over https
 * or from the Confab server itself: no mixed content, no tracking pixels over plain http,
 * no data: or javascript: URLs. Links may be http(s), mailto or tel.
 */
function parse(url: string, base: string): URL | null {
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

export function linkUrl(url: string, base: string): string | null {
  const parsed = parse(url, base);
  return parsed && ['http:', 'https:', 'mailto:', 'tel:'].includes(parsed.protocol) ? parsed.href : null;
}

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
