import { Hono } from 'hono';
import { identitySecret, rotateIdentitySecret } from '../../identity/identity-verification.js';
import type { Bot, Store } from '../../store/index.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

/**
 * The bot's identity secret, for the site's server to sign its users' ids with (user_hash),
 * and whether identify() must be signed (the settings' identity_verification_required).
 */
export function identityVerificationRoutes(store: Store) {
  const app = new Hono<AdminEnv>();
  const view = (bot: Bot, secret: string) => ({ secret, required: bot.settings.identity_verification_required, algorithm: 'HMAC-SHA256' });

  app.get('/', async (c) => c.json(success(view(c.get('bot'), await identitySecret(store, c.get('bot').id)))));

  app.post('/rotate', async (c) => c.json(success(view(c.get('bot'), await rotateIdentitySecret(store, c.get('bot').id)))));

  return app;
}
