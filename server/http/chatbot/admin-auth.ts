import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OWNER_SESSION_PREFIX, ownerOfSession } from '../../identity/owner-accounts.js';
import { hashToken } from '../../identity/secrets.js';
import type { Clock } from '../../lib/clock.js';
import type { ApiKey, ApiKeyScope, Bot, Owner, Store } from '../../store/index.js';
import { chatbotEnvelope, errorResponse, type Envelope } from '../envelopes.js';
import { refuseBadToken, type TokenLimitsDeps } from '../token-limits.js';

export const API_KEY_PREFIX = 'cfk_';

/** Who is acting on the bot: its admin token, its owner's console session, or one of its API keys. */
export type Access = { kind: 'admin' } | { kind: 'owner'; owner: Owner } | { kind: 'key'; key: ApiKey };

export type AdminEnv = { Variables: { bot: Bot; access: Access } };

export interface AdminAuthOptions extends TokenLimitsDeps {
  store: Store;
  clock: Clock;
  /** The error envelope of the API it guards (000's by default). */
  envelope?: Envelope;
  /** The budget of the token's requests: `admin` (000) or `api` (001, 002). */
  limit: 'admin' | 'api';
  /** The scope an API key needs here. */
  scope: ApiKeyScope;
  /** Whether an owner session (with X-Confab-Bot naming the bot) is taken: the configuration API's. */
  owners?: boolean;
}

type Found = { bot: Bot; access: Access } | { status: ContentfulStatusCode; message: string; guess?: boolean };

/**
 * `Authorization: Bearer <credential>`: a bot's admin token selects the bot; one of its API
 * keys (`cfk_…`) too, when it has the scope of this API; an owner session (`cfo_…`, where
 * `owners` says so) acts on the bot X-Confab-Bot names when the owner owns it. Anything else
 * is a 401 (403 for a key without the scope, or a bot not the owner's), in the JSON envelope
 * of the API it guards. Wrong credentials are counted per address, and a credential's requests
 * against its bot's budget (429 past either, from the API's error handler).
 */
export function adminAuth(options: AdminAuthOptions) {
  const { store, envelope = chatbotEnvelope } = options;
  const badToken = refuseBadToken(options);

  async function byKey(token: string): Promise<Found | undefined> {
    const key = await store.apiKeys.findByHash(hashToken(token));
    if (!key) return undefined;
    if (key.revokedAt) return { status: 401, message: 'the API key was revoked' };
    if (!key.scopes.includes(options.scope)) return { status: 403, message: `this API key lacks the scope "${options.scope}"` };
    const bot = await store.bots.findById(key.botId);
    if (!bot) return undefined;
    await store.apiKeys.used(key.id, options.clock.now());
    return { bot, access: { kind: 'key', key } };
  }

  async function byOwner(c: Context, token: string): Promise<Found | undefined> {
    const owner = await ownerOfSession(store, token, options.clock);
    if (!owner) return undefined;
    const botId = c.req.header('X-Confab-Bot')?.trim();
    if (!botId) return { status: 400, message: 'an owner session needs the header X-Confab-Bot: <bot id>, the bot to act on' };
    const bot = await store.bots.findById(botId);
    if (!bot || bot.ownerId !== owner.id) return { status: 403, message: `bot "${botId.slice(0, 100)}" is not one of this owner's bots` };
    return { bot, access: { kind: 'owner', owner } };
  }

  async function find(c: Context, token: string): Promise<Found> {
    const prefixed = token.startsWith(API_KEY_PREFIX)
      ? await byKey(token)
      : options.owners && token.startsWith(OWNER_SESSION_PREFIX)
        ? await byOwner(c, token)
        : undefined;
    if (prefixed) return prefixed;
    // Any other text is an admin token (CONFAB_DEMO_TOKEN may be anything).
    const bot = await store.bots.findByAdminTokenHash(hashToken(token));
    if (bot) return { bot, access: { kind: 'admin' } };
    const what = token.startsWith(API_KEY_PREFIX) ? 'API key' : options.owners && token.startsWith(OWNER_SESSION_PREFIX) ? 'owner session (signed out or expired)' : 'admin token';
    return { status: 401, message: `the ${what} is not valid`, guess: true };
  }

  return createMiddleware<AdminEnv>(async (c, next) => {
    await badToken.guard(c);
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S{1,500})$/i.exec(header);
    if (!match) {
      // A request without any token is a mistake, not a guess.
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, 'an admin token or API key is required: Authorization: Bearer <token>', envelope);
    }
    const found = await find(c, match[1]!);
    if ('status' in found) {
      if (found.guess) await badToken.failed(c);
      if (found.status === 401) c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, found.status, found.message, envelope);
    }
    await options.limits.take(options.limit, { bot: found.bot.id });
    c.set('bot', found.bot);
    c.set('access', found.access);
    await next();
  });
}

/**
 * Credentials stay with those who hold the bot whole: an API key (whatever its scopes) may
 * not manage API keys, issue agents' console tokens (which read the bot's conversations),
 * rotate the admin token or the bot API's SECURITY-TOKEN, or read the identity secret.
 */
export const wholeBotOnly = createMiddleware<AdminEnv>(async (c, next) => {
  if (c.get('access').kind === 'key') {
    return errorResponse(c, 403, 'an API key may not manage API keys, issue console tokens for agents, rotate the admin token or the SECURITY-TOKEN, or read the identity secret: use the admin token or an owner session');
  }
  await next();
});
