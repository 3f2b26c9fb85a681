import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A visitor token is `<visitorId>.<signature>`, the signature an HMAC-SHA256 over the bot
 * and the visitor id. It proves the holder was given that visitor id by this server, for
 * that bot; nothing else is needed to check it, so the token is never stored.
 */
function signature(secret: string, botId: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`visitor:${botId}:${visitorId}`).digest('base64url');
}

export function signVisitorToken(secret: string, botId: string, visitorId: string): string {
  return `${visitorId}.${signature(secret, botId, visitorId)}`;
}

/** The visitor id the token was issued for, or undefined when it is not genuine. */
export function verifyVisitorToken(secret: string, botId: string, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;
  const visitorId = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(secret, botId, visitorId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : undefined;
}
