import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { hashToken } from '../../identity/secrets.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Store } from '../../store/index.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

export interface TokenRoutesDeps {
  store: Store;
  clock: Clock;
  /** A visitor's token was revoked: close the visitor's open sockets. */
  onVisitorRevoked: (visitorId: string) => void;
}

/** A new random credential: 32 bytes, URL-safe. */
const newToken = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;

/**
 * Rotating the bot's credentials, each with the current admin token: the old value stops
 * working with the answer that carries the new one, which is shown only then.
 */
export function tokenRoutes({ store, clock, onVisitorRevoked }: TokenRoutesDeps) {
  const app = new Hono<AdminEnv>();

  // POST /api/chatbot/admin-token: a new admin token for this bot.
  app.post('/admin-token', async (c) => {
    const adminToken = newToken('cfb_');
    await store.bots.setAdminTokenHash(c.get('bot').id, hashToken(adminToken));
    return c.json(success({ admin_token: adminToken }));
  });

  // POST /api/chatbot/api-security-token: a new SECURITY-TOKEN for the bot API URL (003).
  app.post('/api-security-token', async (c) => {
    const bot = c.get('bot');
    const token = newToken();
    await store.bots.saveSettings(bot.id, { ...bot.settings, api_security_token: token });
    return c.json(success({ api_security_token: token }));
  });

  // DELETE /api/chatbot/contacts/:id/token: the visitor's token stops working, their sockets close.
  app.delete('/contacts/:id/token', async (c) => {
    const id = c.req.param('id');
    if (!(await store.visitors.revokeToken(c.get('bot').id, id, clock.now().toISOString()))) {
      throw new AppError('not_found', `no contact with id "${id}"`);
    }
    onVisitorRevoked(id);
    return c.json(success({ contact_id: id, token_revoked: true }));
  });

  return app;
}
