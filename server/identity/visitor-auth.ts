import { AppError } from '../lib/errors.js';
import type { Bot, Store } from '../store/index.js';
import { verifyVisitorToken } from './visitor-token.js';

/** Who is asking: a visitor of a bot, as proven by their token. */
export interface VisitorPrincipal {
  botId: string;
  visitorId: string;
  /** The address it connected from, as the limits count it (absent in-process and on the admin token's APIs). */
  ip?: string;
}

/** CONFAB_VISITOR_TOKEN_TTL_DAYS by default: a visitor away this long comes back as a new one. */
export const DEFAULT_VISITOR_TOKEN_TTL_MS = 90 * 86_400_000;
/** Renewing a token is a write: at most once a minute per visitor (reconnects come in bursts). */
const RENEW_AFTER_MS = 60_000;

export interface VisitorTokenCheck {
  now: Date;
  /** A token unused for this long is refused (each accepted use renews it). */
  ttlMs: number;
}

/**
 * A bot key and a visitor token → who is asking; an unknown bot or a bad, expired or revoked
 * token is refused (invalid_token, the message says which). The signature proves who the
 * token was issued to; the visitor's row says whether it still counts, so a token can expire
 * while the visitor is away and be revoked by the owner, and an active visitor's token is
 * renewed by using it.
 */
export async function authenticateVisitor(
  store: Store,
  secret: string,
  botKey: string,
  token: string,
  check: VisitorTokenCheck,
): Promise<VisitorPrincipal> {
  return authenticateVisitorOf(store, secret, await store.bots.findByKey(botKey), botKey, token, check);
}

/**
 * authenticateVisitor with the bot of `botKey` read already (undefined: there is none): the
 * handshake and the upload read it first to check the page's origin, and a bot is one read.
 */
export async function authenticateVisitorOf(
  store: Store,
  secret: string,
  bot: Bot | undefined,
  botKey: string,
  token: string,
  check: VisitorTokenCheck,
): Promise<VisitorPrincipal> {
  if (!bot) throw new AppError('unknown_bot', `no bot with key "${botKey}"`);
  const visitorId = verifyVisitorToken(secret, bot.id, token);
  // A visitor proven to be an older contact acts as that contact, with the token it has.
  const visitor = visitorId ? await store.visitors.current(visitorId) : undefined;
  if (!visitor || visitor.botId !== bot.id) throw new AppError('invalid_token', 'the visitor token is not valid');
  if (visitor.tokenRevokedAt) throw new AppError('invalid_token', 'the visitor token was revoked: start as a new visitor');
  const usedAt = Date.parse(visitor.tokenUsedAt ?? visitor.createdAt);
  const now = check.now.getTime();
  if (now - usedAt > check.ttlMs) throw new AppError('invalid_token', 'the visitor token has expired: start as a new visitor');
  if (now - usedAt >= RENEW_AFTER_MS) await store.visitors.touchToken(visitor.id, check.now.toISOString());
  return { botId: bot.id, visitorId: visitor.id };
}
