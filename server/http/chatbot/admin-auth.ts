import { createMiddleware } from 'hono/factory';
import { hashToken } from '../../identity/secrets.js';
import type { Bot, Store } from '../../store/index.js';
import { chatbotEnvelope, errorResponse, type Envelope } from '../envelopes.js';

export type AdminEnv = { Variables: { bot: Bot } };

export interface AdminAuthOptions {
  store: Store;
  /** The error envelope of the API it guards (000's by default). */
  envelope?: Envelope;
}

/**
 * `Authorization: Bearer <admin token>`: the token selects the bot; anything else is a 401,
 * in the JSON envelope of the API it guards.
 */
export function adminAuth({ store, envelope = chatbotEnvelope }: AdminAuthOptions) {
  return createMiddleware<AdminEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S{1,500})$/i.exec(header);
    const bot = match ? await store.bots.findByAdminTokenHash(hashToken(match[1]!)) : undefined;
    if (!bot) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, match ? 'the admin token is not valid' : 'an admin token is required: Authorization: Bearer <token>', envelope);
    }
    c.set('bot', bot);
    await next();
  });
}
