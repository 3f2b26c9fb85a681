import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { BotCache } from '../../bots/bot-cache.js';
import { DEFAULT_SETTINGS } from '../../definitions/bot-definition.js';
import { checkOwnerPassword, OWNER_PASSWORD_MAX, OWNER_PASSWORD_MIN, setOwnerPassword, startOwnerSession } from '../../identity/owner-accounts.js';
import { hashToken } from '../../identity/secrets.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Bot, Owner, Store } from '../../store/index.js';
import { errorResponse, success } from '../envelopes.js';
import { parseJsonBody } from '../request-body.js';
import { refuseBadToken, type TokenLimitsDeps } from '../token-limits.js';
import { uploadDir } from '../uploads.js';
import { ownerAuth, type OwnerEnv } from './owner-auth.js';

export interface OwnerApiDeps extends TokenLimitsDeps {
  store: Store;
  clock: Clock;
  botCache: BotCache;
  dataDir: string;
  /** A bot was deleted: close its visitors' and agents' sockets. */
  onBotDeleted?: (botId: string, visitorIds: string[]) => void;
  log: (message: string, err?: unknown) => void;
}

/** POST /api/console/session. */
export const ownerSignInSchema = z.object({ email: z.string().trim().min(1, 'email is required').max(254), password: z.string().min(1, 'password is required').max(200) }).strict();

/** PUT /api/console/password: the current password proves it is the owner at the keyboard. */
export const passwordChangeSchema = z
  .object({
    current_password: z.string().min(1, 'required').max(OWNER_PASSWORD_MAX),
    new_password: z.string().min(OWNER_PASSWORD_MIN, `at least ${OWNER_PASSWORD_MIN} characters`).max(OWNER_PASSWORD_MAX),
  })
  .strict()
  .refine((p) => p.current_password !== p.new_password, { path: ['new_password'], message: 'the same as the current one' });

const BOT_KEY = /^[a-z0-9-]{3,40}$/;
const botName = z.string().trim().min(1, 'name is required').max(100);

/** POST /api/console/bots: the bot key is the widget's data-bot-key, fixed once made. */
export const botCreateSchema = z
  .object({ name: botName, bot_key: z.string().regex(BOT_KEY, 'bot_key: 3 to 40 of a-z, 0-9 and -').optional() })
  .strict();

/** PATCH /api/console/bots/:id. */
export const botUpdateSchema = z.object({ name: botName }).strict();

const ownerView = (owner: Owner) => ({ id: owner.id, email: owner.email, name: owner.name });
const botView = (bot: Bot) => ({ id: bot.id, key: bot.key, name: bot.name, created_at: bot.createdAt });

/** A key from the bot's name ("Support Desk" → "support-desk-3f9a1c"), random enough not to collide. */
function generatedKey(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30).replace(/-+$/, '');
  return `${slug || 'bot'}-${randomBytes(3).toString('hex')}`;
}

/**
 * The owners' side of the console, under /api/console (000's envelope): signing in with
 * email and password, and the owner's bots. Everything inside a bot is the configuration API
 * (/api/chatbot/*) with the owner session and X-Confab-Bot.
 */
export function ownerApi(deps: OwnerApiDeps) {
  const { store, clock } = deps;
  const app = new Hono<OwnerEnv>();
  const badToken = refuseBadToken(deps);
  const signedIn = ownerAuth(deps);

  // Sign in: a wrong email and a wrong password get the same answer, counted like a wrong token.
  app.post('/session', async (c) => {
    await badToken.guard(c);
    const req = await parseJsonBody(c, ownerSignInSchema);
    const owner = await checkOwnerPassword(store, req.email, req.password);
    if (!owner) {
      await badToken.failed(c);
      return errorResponse(c, 401, 'the email or the password is not right');
    }
    return c.json(success({ token: await startOwnerSession(store, owner, clock), owner: ownerView(owner) }));
  });

  app.delete('/session', signedIn, async (c) => {
    await store.owners.deleteSession(hashToken(c.get('sessionToken')));
    return c.json(success({ signed_out: true }));
  });

  app.get('/me', signedIn, (c) => c.json(success(ownerView(c.get('owner')))));

  // A wrong current password counts like a wrong token: a stolen session cannot guess it at leisure.
  app.put('/password', signedIn, async (c) => {
    await badToken.guard(c);
    const req = await parseJsonBody(c, passwordChangeSchema);
    const owner = c.get('owner');
    if (!(await checkOwnerPassword(store, owner.email, req.current_password))) {
      await badToken.failed(c);
      return errorResponse(c, 403, 'current_password: not the current password');
    }
    const ended = await setOwnerPassword(store, owner, req.new_password, hashToken(c.get('sessionToken')));
    return c.json(success({ changed: true, sessions_ended: ended }));
  });

  /** The owner's bot of the path; another owner's bot is as unknown as a bot that does not exist. */
  async function ownBot(c: Context<OwnerEnv>): Promise<Bot> {
    const id = c.req.param('id')!;
    const bot = await store.bots.findById(id);
    if (!bot || bot.ownerId !== c.get('owner').id) throw new AppError('not_found', `no bot with id "${id.slice(0, 100)}"`);
    return bot;
  }

  app.get('/bots', signedIn, async (c) => c.json(success((await store.bots.listByOwner(c.get('owner').id)).map(botView))));

  app.post('/bots', signedIn, async (c) => {
    const req = await parseJsonBody(c, botCreateSchema);
    const key = req.bot_key ?? generatedKey(req.name);
    if (await store.bots.findByKey(key)) throw new AppError('conflict', `bot_key: "${key}" is taken`);
    const adminToken = `cfb_${randomBytes(32).toString('base64url')}`;
    const bot: Bot = {
      id: randomUUID(),
      key,
      name: req.name,
      adminTokenHash: hashToken(adminToken),
      settings: structuredClone(DEFAULT_SETTINGS),
      createdAt: clock.now().toISOString(),
      ownerId: c.get('owner').id,
    };
    try {
      await store.bots.create(bot, []);
    } catch (err) {
      // Two creations of one key at once: the unique index decides.
      if (await store.bots.findByKey(key)) throw new AppError('conflict', `bot_key: "${key}" is taken`);
      throw err;
    }
    return c.json(success({ ...botView(bot), admin_token: adminToken }), 201);
  });

  app.get('/bots/:id', signedIn, async (c) => c.json(success(botView(await ownBot(c)))));

  app.patch('/bots/:id', signedIn, async (c) => {
    const bot = await ownBot(c);
    const req = await parseJsonBody(c, botUpdateSchema);
    await store.bots.rename(bot.id, req.name);
    deps.botCache.invalidate(bot.id);
    return c.json(success(botView({ ...bot, name: req.name })));
  });

  // Deleting removes the bot and everything of it; its widget then finds no bot.
  app.delete('/bots/:id', signedIn, async (c) => {
    const bot = await ownBot(c);
    const removed = await store.bots.remove(bot.id);
    if (!removed) throw new AppError('not_found', `no bot with id "${bot.id}"`);
    deps.botCache.invalidate(bot.id);
    deps.onBotDeleted?.(bot.id, removed.visitorIds);
    await Promise.all(
      removed.files.map((file) => rm(join(uploadDir(deps.dataDir), file), { force: true }).catch((err: unknown) => deps.log(`removing upload ${file} of a deleted bot failed`, err))),
    );
    return c.json(success({ id: bot.id, deleted: true }));
  });

  return app;
}
