import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.js';

/**
 * Identity verification, as Intercom (user_hash) and Chatwoot (identifier_hash) do it: the
 * site's server signs its user's id with the bot's identity secret, and the widget passes
 * the signature along; only an id signed so is proven. The page itself never holds the secret.
 */

/** What the site's server computes: HMAC-SHA256 of the external id with the bot's secret, as hex. */
export function userHash(secret: string, externalId: string): string {
  return createHmac('sha256', secret).update(externalId, 'utf8').digest('hex');
}

/** Whether `hash` is the user_hash of `externalId` (compared in constant time; hex in either case). */
export function isUserHashOf(secret: string, externalId: string, hash: string): boolean {
  const given = Buffer.from(hash.toLowerCase(), 'utf8');
  const expected = Buffer.from(userHash(secret, externalId), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const newSecret = () => randomBytes(32).toString('hex');

/** The bot's identity secret, made on first use (like Chatwoot's per-inbox HMAC token). */
export async function identitySecret(store: Store, botId: string): Promise<string> {
  const secret = await store.bots.identitySecret(botId, newSecret);
  if (!secret) throw new Error(`no bot ${botId}`);
  return secret;
}

/** A new secret: hashes made with the old one stop proving anything; proven contacts stay proven. */
export async function rotateIdentitySecret(store: Store, botId: string): Promise<string> {
  const secret = newSecret();
  await store.bots.setIdentitySecret(botId, secret);
  return secret;
}
