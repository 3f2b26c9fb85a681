import { createMiddleware } from 'hono/factory';
import { hashToken } from '../../identity/secrets.js';
import type { Bot, Store } from '../../store/index.js';
import { chatbotEnvelope, errorResponse, type Envelope } from '../envelopes.js';
import { refuseBadToken, type TokenLimitsDeps } from '../token-limits.js';

export type AdminEnv = { Variables: { bot: Bot } };

export interface AdminAuthOptions extends TokenLimitsDeps {
  store: Store;
  /** The error envelope of the API it guards (000's by default). */
  envelope?: Envelope;
  /** The budget of the token's requests: `admin` (000) or `api` (001, 002). */
  limit: 'admin' | 'api';
}

/**
 * `Authorization: Bearer <admin token>`: the token selects the bot; anything else is a 401,
 * in the JSON envelope of the API it guards. Wrong tokens are counted per address, and a
 * token's requests against its bot's budget (429 past either, from the API's error handler).
 */
export function adminAuth(options: AdminAuthOptions) {
  const { store, envelope = chatbotEnvelope } = options;
  const badToken = refuseBadToken(options);
  return createMiddleware<AdminEnv>(async (c, next) => {
    await badToken.guard(c);
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S{1,500})$/i.exec(header);
    const bot = match ? await store.bots.findByAdminTokenHash(hashToken(match[1]!)) : undefined;
    if (!bot) {
      // A request without any token is a mistake, not a guess.
      if (match) await badToken.failed(c);
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, match ? 'the admin token is not valid' : 'an admin token is required: Authorization: Bearer <token>', envelope);
    }
    await options.limits.take(options.limit, { bot: bot.id });
    c.set('bot', bot);
    await next();
  });
}
