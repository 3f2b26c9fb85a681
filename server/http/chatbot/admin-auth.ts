import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { hashToken } from '../../identity/secrets.js';
import type { Bot, Store } from '../../store/index.js';
import { errorResponse } from '../http-error.js';

export type AdminEnv = { Variables: { bot: Bot } };

/**
 * `Authorization: Bearer <admin token>`: the token selects the bot; anything else is a 401,
 * in the JSON envelope of the API it guards.
 */
export function adminAuth(store: Store, refuse: (c: Context, message: string) => Response = (c, m) => errorResponse(c, 401, m)) {
  return createMiddleware<AdminEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S{1,500})$/i.exec(header);
    const bot = match ? await store.bots.findByAdminTokenHash(hashToken(match[1]!)) : undefined;
    if (!bot) {
      c.header('WWW-Authenticate', 'Bearer');
      return refuse(c, match ? 'the admin token is not valid' : 'an admin token is required: Authorization: Bearer <token>');
    }
    c.set('bot', bot);
    await next();
  });
}

/** The success envelope of the chatbot API (seed 000). */
export function success<T>(data: T) {
  return { status: 'success' as const, data };
}
