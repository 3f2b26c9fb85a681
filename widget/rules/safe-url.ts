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

export function linkUrl(url: string, base: string): string | null {
  const parsed = parse(url, base);
  return parsed && ['http:', 'https:', 'mailto:', 'tel:'].includes(parsed.protocol) ? parsed.href : null;
}

/** The owner's links (002 links): web pages only, opened in a new tab. */
export function webUrl(url: string, base: string): string | null {
  const parsed = parse(url, base);
  return parsed && ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : null;
}
