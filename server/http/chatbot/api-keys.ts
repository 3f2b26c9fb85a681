import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { hashToken } from '../../identity/secrets.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { API_KEY_SCOPES, type ApiKey, type Store } from '../../store/index.js';
import { success } from '../envelopes.js';
import { parseJsonBody } from '../request-body.js';
import { API_KEY_PREFIX, type AdminEnv } from './admin-auth.js';

/** POST /api/chatbot/api-keys: a name for people, and what the key may do (at least one scope). */
export const apiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1, `at least one scope: ${API_KEY_SCOPES.join(', ')}`)
      .max(API_KEY_SCOPES.length)
      .transform((scopes) => API_KEY_SCOPES.filter((s) => scopes.includes(s))),
  })
  .strict();

/** How long the shown prefix is: "cfk_" and 8 characters, enough to tell keys apart. */
const PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const keyView = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  scopes: key.scopes,
  prefix: key.prefix,
  created_at: key.createdAt,
  last_used_at: key.lastUsedAt,
});

/** The bot's API keys: created with scopes and shown once, listed by prefix, revoked at once. */
export function apiKeyRoutes({ store, clock }: { store: Store; clock: Clock }) {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => c.json(success((await store.apiKeys.list(c.get('bot').id)).map(keyView))));

  app.post('/', async (c) => {
    const req = await parseJsonBody(c, apiKeyCreateSchema);
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const key = { id: randomUUID(), botId: c.get('bot').id, name: req.name, scopes: req.scopes, prefix: secret.slice(0, PREFIX_LENGTH), createdAt: clock.now().toISOString() };
    await store.apiKeys.create(key, hashToken(secret));
    return c.json(success({ ...keyView({ ...key, lastUsedAt: null, revokedAt: null }), key: secret }), 201);
  });

  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.apiKeys.revoke(c.get('bot').id, id, clock.now().toISOString()))) throw new AppError('not_found', `no API key with id "${id.slice(0, 100)}"`);
    return c.json(success({ id, revoked: true }));
  });

  return app;
}
