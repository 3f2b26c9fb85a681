import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOwner } from '../../server/identity/owner-accounts.js';
import type { RunningServer } from '../../server/server.js';
import { openDatabase } from '../../server/store/database.js';
import { runConfabCli } from '../helpers/confab-cli.js';
import { serverOnDatabase } from '../helpers/database-server.js';
import { tempDir, testDatabases } from '../helpers/databases.js';
import { call, type Json } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const OWNER = { email: 'Ada@Example.com', password: 'first owner password' };
const OTHER = { email: 'bob@example.com', name: 'Bob', password: 'second owner password' };

const apiStart = (botKey: string) => ({ channel: 'API', bot_key: botKey, from: { user_external_id: 'user-1', type: 'VISITOR' } });

describe.each(testDatabases)('owner accounts, bots and API keys ($name)', (database) => {
  const suite = serverOnDatabase(database, () => ({ owner: OWNER }));
  let server: RunningServer;
  beforeAll(async () => {
    server = suite.server;
    await createOwner(server.store, OTHER, new Date());
  });

  const request = (method: string, path: string, options: { body?: unknown; token?: string | null; bot?: string } = {}) =>
    call(server.url, method, path, { body: options.body, token: options.token ?? null, headers: options.bot ? { 'X-Confab-Bot': options.bot } : {} });

  async function signIn(email: string, password: string): Promise<string> {
    const { status, json } = await request('POST', '/api/console/session', { body: { email, password } });
    expect(status).toBe(200);
    return json.data.token as string;
  }

  async function newBot(token: string, body: Json): Promise<Json> {
    const { status, json } = await request('POST', '/api/console/bots', { token, body });
    expect(status, JSON.stringify(json)).toBe(201);
    return json.data as Json;
  }

  describe('sessions', () => {
    it('signs the CONFAB_OWNER_EMAIL owner in whatever the case of the email, shows who, and signs out', async () => {
      const { status, json } = await request('POST', '/api/console/session', { body: { email: 'ada@EXAMPLE.com', password: OWNER.password } });
      expect(status).toBe(200);
      expect(json).toEqual({ status: 'success', data: { token: expect.stringMatching(/^cfo_[\w-]{43}$/), owner: { id: expect.any(String), email: 'ada@example.com', name: 'Ada' } } });
      const token = json.data.token as string;
      expect((await request('GET', '/api/console/me', { token })).json.data).toEqual(json.data.owner);

      expect((await request('DELETE', '/api/console/session', { token })).json).toEqual({ status: 'success', data: { signed_out: true } });
      const after = await request('GET', '/api/console/me', { token });
      expect(after.status).toBe(401);
      expect(after.json).toEqual({ status: 'error', message: expect.stringContaining('sign in again') });
    });

    it('answers a wrong password and an unknown email alike, with 401', async () => {
      const wrong = await request('POST', '/api/console/session', { body: { email: OWNER.email, password: 'not the password' } });
      const unknown = await request('POST', '/api/console/session', { body: { email: 'nobody@example.com', password: OWNER.password } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.json).toEqual({ status: 'error', message: 'the email or the password is not right' });
      expect(unknown.json).toEqual(wrong.json);
    });

    it.each([
      ['malformed JSON', '{"email":', 'not valid JSON'],
      ['no password', { email: OWNER.email }, 'password'],
      ['a number for an email', { email: 5, password: 'x' }, 'email'],
      ['an unknown field', { email: OWNER.email, password: 'x', admin: true }, 'admin'],
    ])('refuses %s with a 400', async (_, body, text) => {
      const { status, json } = await request('POST', '/api/console/session', { body });
      expect(status).toBe(400);
      expect(json).toEqual({ status: 'error', message: expect.stringContaining(text) });
    });

    it('refuses the console routes without a session, or with a made-up one', async () => {
      for (const token of [null, 'cfo_made-up', 'test-demo-admin-token-0123456789']) {
        const { status, json } = await request('GET', '/api/console/bots', { token });
        expect(status).toBe(401);
        expect(json.status).toBe('error');
      }
    });
  });

  describe('bots', () => {
    let ada: string;
    let bob: string;
    beforeAll(async () => {
      ada = await signIn(OWNER.email, OWNER.password);
      bob = await signIn(OTHER.email, OTHER.password);
    });

    it('creates a bot with a generated key and a fresh admin token, shown once, that works on the 000 API', async () => {
      const bot = await newBot(ada, { name: 'Support Desk' });
      expect(bot).toEqual({ id: expect.any(String), key: expect.stringMatching(/^support-desk-[0-9a-f]{6}$/), name: 'Support Desk', created_at: expect.any(String), admin_token: expect.stringMatching(/^cfb_/) });
      const settings = await request('GET', '/api/chatbot/settings', { token: bot.admin_token });
      expect(settings.status).toBe(200);
      expect(settings.json.data.greeting_message).toEqual(expect.any(String));
      // Its widget finds it.
      expect((await fetch(`${server.url}/api/widget/config?botKey=${bot.key}`)).status).toBe(200);
      const listed = (await request('GET', `/api/console/bots/${bot.id}`, { token: ada })).json.data;
      expect(listed).toEqual({ id: bot.id, key: bot.key, name: 'Support Desk', created_at: bot.created_at });
    });

    it('takes a chosen bot key, refuses a taken or malformed one', async () => {
      await newBot(ada, { name: 'Sales', bot_key: 'sales-bot' });
      const taken = await request('POST', '/api/console/bots', { token: bob, body: { name: 'Mine', bot_key: 'sales-bot' } });
      expect(taken.status).toBe(409);
      expect((await request('POST', '/api/console/bots', { token: ada, body: { name: 'Demo again', bot_key: 'demo' } })).status).toBe(409);
      for (const body of [{ name: 'x', bot_key: 'ab' }, { name: 'x', bot_key: 'Has Caps' }, { name: 'x', bot_key: 'a'.repeat(41) }, { name: '' }, { bot_key: 'no-name' }]) {
        const { status, json } = await request('POST', '/api/console/bots', { token: ada, body });
        expect(status, JSON.stringify(body)).toBe(400);
        expect(json.status).toBe('error');
      }
    });

    it("keeps each owner's bots to themselves", async () => {
      const mine = await newBot(bob, { name: "Bob's bot" });
      const adaBots = (await request('GET', '/api/console/bots', { token: ada })).json.data as Json[];
      const bobBots = (await request('GET', '/api/console/bots', { token: bob })).json.data as Json[];
      expect(bobBots.map((b) => b.id)).toEqual([mine.id]);
      expect(adaBots.map((b) => b.id)).not.toContain(mine.id);
      for (const [method, body] of [['GET'], ['PATCH', { name: 'Stolen' }], ['DELETE']] as const) {
        const { status } = await request(method, `/api/console/bots/${mine.id}`, { token: ada, body });
        expect(status, method).toBe(404);
      }
      expect((await request('GET', `/api/console/bots/${mine.id}`, { token: bob })).json.data.name).toBe("Bob's bot");
    });

    it('renames a bot', async () => {
      const bot = await newBot(ada, { name: 'Old name' });
      const renamed = await request('PATCH', `/api/console/bots/${bot.id}`, { token: ada, body: { name: 'New name' } });
      expect(renamed.json.data.name).toBe('New name');
      expect((await request('PATCH', `/api/console/bots/${bot.id}`, { token: ada, body: { bot_key: 'other' } })).status).toBe(400);
      expect((await request('GET', '/api/console/bots', { token: ada })).json.data.find((b: Json) => b.id === bot.id).name).toBe('New name');
    });

    it('deletes a bot with everything of it: its admin token, keys and conversations stop, its widget finds no bot', async () => {
      const bot = await newBot(ada, { name: 'Short lived' });
      const key = (await request('POST', '/api/chatbot/api-keys', { token: bot.admin_token, body: { name: 'k', scopes: ['api_channel'] } })).json.data.key as string;
      const started = await request('POST', '/api/v1/conversations', { token: key, body: apiStart(bot.key) });
      expect(started.status).toBe(200);

      const deleted = await request('DELETE', `/api/console/bots/${bot.id}`, { token: ada });
      expect(deleted.json).toEqual({ status: 'success', data: { id: bot.id, deleted: true } });
      expect((await request('GET', '/api/chatbot/settings', { token: bot.admin_token })).status).toBe(401);
      expect((await request('POST', '/api/v1/conversations', { token: key, body: apiStart(bot.key) })).status).toBe(401);
      expect(await server.store.conversations.find(started.json.conversation.id)).toBeUndefined();
      const widget = await fetch(`${server.url}/api/widget/config?botKey=${bot.key}`);
      expect(widget.status).toBe(404);
      expect((await request('GET', `/api/console/bots/${bot.id}`, { token: ada })).status).toBe(404);
    });

    // A bot turn of one of its conversations can hold a conversation's row while the delete's
    // cascade holds the bot's: PostgreSQL aborts one side. Here the turn's part is played by a
    // connection of the test's own, in that order, so the delete is the victim every time.
    it.runIf(database.name === 'postgres')('deletes a bot whose delete PostgreSQL chose as a deadlock victim, on the next try', async () => {
      const bot = await newBot(ada, { name: 'Contested' });
      const key = (await request('POST', '/api/chatbot/api-keys', { token: bot.admin_token, body: { name: 'k', scopes: ['api_channel'] } })).json.data.key as string;
      const started = await request('POST', '/api/v1/conversations', { token: key, body: apiStart(bot.key) });
      const conversationId = started.json.conversation.id as string;
      // The greeting's own turn is over first: only the test's connection contends.
      await expect.poll(async () => (await server.store.botTurns.pending(conversationId)).length).toBe(0);
      await expect.poll(async () => (await server.store.conversations.messages(conversationId, { limit: 10 })).length).toBeGreaterThan(0);
      const turn = new pg.Client({ connectionString: suite.env.DATABASE_URL });
      await turn.connect();
      try {
        await turn.query('BEGIN');
        // The delete's backend waits first and checks for a deadlock after its 1 s, the turn's
        // after 5 s: the delete is the one aborted (were the turn slower to join than 1 s, the
        // turn would be, and the delete would pass on its first try).
        await turn.query("SET LOCAL deadlock_timeout = '5s'");
        await turn.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
        // The delete is the only other connection that can wait for a lock.
        const deleted = request('DELETE', `/api/console/bots/${bot.id}`, { token: ada });
        await expect
          .poll(async () => (await turn.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n, { timeout: 10_000, interval: 20 })
          .toBe(1);
        await turn.query('SELECT id FROM bots WHERE id = $1 FOR UPDATE', [bot.id]).catch((err: { code?: string }) => expect(err.code).toBe('40P01'));
        await turn.query('ROLLBACK');
        expect((await deleted).json).toEqual({ status: 'success', data: { id: bot.id, deleted: true } });
      } finally {
        await turn.end();
      }
      expect((await request('GET', `/api/console/bots/${bot.id}`, { token: ada })).status).toBe(404);
    });
  });

  describe('the owner session on the configuration API (000)', () => {
    let ada: string;
    let bot: Json;
    beforeAll(async () => {
      ada = await signIn(OWNER.email, OWNER.password);
      bot = await newBot(ada, { name: 'Configured' });
    });

    it('acts on the bot X-Confab-Bot names when the owner owns it', async () => {
      const put = await request('PUT', '/api/chatbot/settings', { token: ada, bot: bot.id, body: { greeting_message: 'Hello from the owner' } });
      expect(put.status).toBe(200);
      expect((await request('GET', '/api/chatbot/settings', { token: bot.admin_token })).json.data.greeting_message).toBe('Hello from the owner');
    });

    it('answers a missing X-Confab-Bot with 400, a bot not the owner’s with 403', async () => {
      const missing = await request('GET', '/api/chatbot/settings', { token: ada });
      expect(missing.status).toBe(400);
      expect(missing.json).toEqual({ status: 'error', message: expect.stringContaining('X-Confab-Bot') });
      const demo = (await server.store.bots.findByKey('demo'))!;
      for (const id of [demo.id, 'no-such-bot']) {
        const other = await request('GET', '/api/chatbot/settings', { token: ada, bot: id });
        expect(other.status).toBe(403);
        expect(other.json).toEqual({ status: 'error', message: expect.stringContaining('not one of this owner') });
      }
    });

    it('stops with the session', async () => {
      const token = await signIn(OWNER.email, OWNER.password);
      expect((await request('GET', '/api/chatbot/keywords', { token, bot: bot.id })).status).toBe(200);
      await request('DELETE', '/api/console/session', { token });
      expect((await request('GET', '/api/chatbot/keywords', { token, bot: bot.id })).status).toBe(401);
    });
  });

  describe('API keys', () => {
    let ada: string;
    let bot: Json;
    const keyOf = async (scopes: string[], name = 'key') => {
      const { status, json } = await request('POST', '/api/chatbot/api-keys', { token: ada, bot: bot.id, body: { name, scopes } });
      expect(status, JSON.stringify(json)).toBe(201);
      return json.data as Json;
    };
    beforeAll(async () => {
      ada = await signIn(OWNER.email, OWNER.password);
      bot = await newBot(ada, { name: 'Keyed', bot_key: 'keyed-bot' });
    });

    it('shows a key once and lists it by prefix, with its scopes and use', async () => {
      const created = await keyOf(['threads', 'config', 'threads'], 'CRM sync');
      expect(created).toEqual({
        id: expect.any(String),
        name: 'CRM sync',
        scopes: ['config', 'threads'],
        prefix: created.key.slice(0, 12),
        created_at: expect.any(String),
        last_used_at: null,
        key: expect.stringMatching(/^cfk_[\w-]{43}$/),
      });
      expect((await request('GET', '/api/chatbot/settings', { token: created.key })).status).toBe(200);
      const listed = (await request('GET', '/api/chatbot/api-keys', { token: bot.admin_token })).json.data as Json[];
      const entry = listed.find((k) => k.id === created.id)!;
      expect(entry).toEqual({ ...created, key: undefined, last_used_at: expect.any(String) });
      expect(JSON.stringify(listed)).not.toContain(created.key);
    });

    it('stores a key as its sha256 and its 12-character prefix, never the key or its secret part', async () => {
      const created = await keyOf(['config'], 'Stored hashed');
      const key = created.key as string;
      const secretPart = key.slice('cfk_'.length);
      // A connection of the test's own to the server's database: the row as it is stored.
      const { db } = openDatabase({ databaseUrl: suite.env.DATABASE_URL, dataDir: suite.env.DATA_DIR! });
      try {
        const row = await db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
        expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
        expect(row.prefix).toBe(key.slice(0, 12));
        expect(row.prefix).toHaveLength(12);
        const everyRow = JSON.stringify(await db.selectFrom('api_keys').selectAll().execute());
        expect(everyRow).not.toContain(key);
        expect(everyRow).not.toContain(secretPart);
      } finally {
        await db.destroy();
      }
      if (!suite.env.DATABASE_URL) {
        // SQLite: not in any table or index of the file, nor in its write-ahead log.
        for (const file of ['confab.sqlite', 'confab.sqlite-wal']) {
          const path = join(suite.env.DATA_DIR!, file);
          const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
          expect(bytes.includes(secretPart), file).toBe(false);
        }
      }
      // The stored hash is what signs the key in.
      expect((await request('GET', '/api/chatbot/settings', { token: key })).status).toBe(200);
    });

    it('lets a key do what its scopes say, and answers the rest with 403 naming the scope, in each API’s envelope', async () => {
      const threadsKey = (await keyOf(['threads'])).key as string;
      expect((await request('POST', '/api/v1/chatbots/keyed-bot/threads', { token: threadsKey, body: {} })).status).toBe(201);
      const channel = await request('POST', '/api/v1/conversations', { token: threadsKey, body: apiStart('keyed-bot') });
      expect(channel.status).toBe(403);
      expect(channel.json).toEqual({ ok: false, error: { code: 'forbidden', message: 'this API key lacks the scope "api_channel"' } });
      const config = await request('GET', '/api/chatbot/settings', { token: threadsKey });
      expect(config.status).toBe(403);
      expect(config.json).toEqual({ status: 'error', message: 'this API key lacks the scope "config"' });

      const channelKey = (await keyOf(['api_channel'])).key as string;
      expect((await request('POST', '/api/v1/conversations', { token: channelKey, body: apiStart('keyed-bot') })).status).toBe(200);
      const threads = await request('GET', '/api/v1/chatbots/keyed-bot/threads', { token: channelKey });
      expect(threads.status).toBe(403);
      expect(threads.json).toEqual({ success: false, message: 'this API key lacks the scope "threads"' });
    });

    it('keeps credentials away from keys: no key management, admin token rotation or identity secret with a config key', async () => {
      const configKey = (await keyOf(['config', 'api_channel', 'threads'])).key as string;
      for (const [method, path] of [
        ['GET', '/api/chatbot/api-keys'],
        ['POST', '/api/chatbot/api-keys'],
        ['POST', '/api/chatbot/admin-token'],
        ['GET', '/api/chatbot/identity-verification'],
        ['POST', '/api/chatbot/identity-verification/rotate'],
      ] as const) {
        const { status, json } = await request(method, path, { token: configKey, body: method === 'POST' ? { name: 'x', scopes: ['config'] } : undefined });
        expect(status, path).toBe(403);
        expect(json.status).toBe('error');
      }
      // The admin token still can.
      expect((await request('GET', '/api/chatbot/api-keys', { token: bot.admin_token })).status).toBe(200);
    });

    it("keeps agents' console tokens away from keys (a token reads the bot's conversations): no creating an agent with one, no new token; the rest of /agents works", async () => {
      const configKey = (await keyOf(['config'])).key as string;
      const created = await request('POST', '/api/chatbot/agents', { token: configKey, body: { name: 'Eve', email: 'eve@example.com' } });
      expect(created.status).toBe(403);
      expect(created.json).toEqual({ status: 'error', message: expect.stringContaining('console tokens for agents') });
      expect((await request('GET', '/api/chatbot/agents', { token: configKey })).json.data.items.map((a: { name: string }) => a.name)).not.toContain('Eve');
      // The owner's session creates one (its token shown once); the key may then rename it and revoke its token, not issue one.
      const agent = (await request('POST', '/api/chatbot/agents', { token: ada, bot: bot.id, body: { name: 'Eve', email: 'eve@example.com' } })).json.data as { id: string; token: string };
      expect(agent.token).toEqual(expect.any(String));
      const rotate = await request('POST', `/api/chatbot/agents/${agent.id}/token`, { token: configKey });
      expect(rotate.status).toBe(403);
      expect(rotate.json.data).toBeUndefined();
      expect((await request('PUT', `/api/chatbot/agents/${agent.id}`, { token: configKey, body: { name: 'Eve Adams' } })).status).toBe(200);
      expect((await request('DELETE', `/api/chatbot/agents/${agent.id}/token`, { token: configKey })).json.data).toEqual({ id: agent.id, revoked: 1 });
      expect((await request('POST', `/api/chatbot/agents/${agent.id}/token`, { token: bot.admin_token })).status).toBe(201);
      expect((await request('DELETE', `/api/chatbot/agents/${agent.id}`, { token: configKey })).status).toBe(200);
    });

    it("keeps the bot API's SECURITY-TOKEN and the message webhook's token away from keys: no rotation, no setting them in the settings", async () => {
      const configKey = (await keyOf(['config'])).key as string;
      const rotate = await request('POST', '/api/chatbot/api-security-token', { token: configKey });
      expect(rotate.status).toBe(403);
      expect(rotate.json).toEqual({ status: 'error', message: expect.stringContaining('SECURITY-TOKEN') });
      // The owner's session rotates it, and so does the admin token.
      const token = (await request('POST', '/api/chatbot/api-security-token', { token: ada, bot: bot.id })).json.data.api_security_token as string;
      expect(token).toMatch(/^[\w-]{43}$/);
      expect((await request('POST', '/api/chatbot/api-security-token', { token: bot.admin_token })).status).toBe(200);
      // A key may neither choose nor clear either secret (a dry run neither).
      for (const [field, value] of [
        ['api_security_token', 'chosen-by-the-key-holder-0123'],
        ['api_security_token', null],
        ['message_webhook_token', 'chosen-by-the-key-holder-0123'],
      ] as const) {
        const put = await request('PUT', '/api/chatbot/settings', { token: configKey, body: { greeting_message: 'Not saved', [field]: value } });
        expect(put.status, `${field} ${value}`).toBe(403);
        expect(put.json).toEqual({ status: 'error', message: expect.stringContaining(field) });
        expect((await request('PUT', '/api/chatbot/settings?dry_run', { token: configKey, body: { [field]: value } })).status).toBe(403);
      }
      const stored = (await request('GET', '/api/chatbot/settings', { token: bot.admin_token })).json.data;
      expect(stored).toMatchObject({ api_security_token_set: true, message_webhook_token_set: false });
      expect(stored.greeting_message).not.toBe('Not saved');
      // The key still configures the rest, the secrets kept.
      const saved = await request('PUT', '/api/chatbot/settings', { token: configKey, body: { greeting_message: 'Saved by the key' } });
      expect(saved.status).toBe(200);
      expect(saved.json.data).toMatchObject({ greeting_message: 'Saved by the key', api_security_token_set: true });
    });

    it("refuses a valid key of one bot for another bot with 403 (001's bot_key, 002's chatbot id)", async () => {
      const key = (await keyOf(['api_channel', 'threads'])).key as string;
      const channel = await request('POST', '/api/v1/conversations', { token: key, body: apiStart('demo') });
      expect(channel.status).toBe(403);
      expect(channel.json.error.code).toBe('forbidden');
      const threads = await request('GET', '/api/v1/chatbots/demo/threads', { token: key });
      expect(threads.status).toBe(403);
      expect(threads.json).toEqual({ success: false, message: expect.stringContaining('demo') });
    });

    it('revokes a key at once: 401 in every envelope, gone from the list', async () => {
      const key = await keyOf(['config', 'api_channel', 'threads']);
      expect((await request('GET', '/api/v1/chatbots/keyed-bot/threads', { token: key.key })).status).toBe(200);
      const revoked = await request('DELETE', `/api/chatbot/api-keys/${key.id}`, { token: ada, bot: bot.id });
      expect(revoked.json).toEqual({ status: 'success', data: { id: key.id, revoked: true } });
      const answers = await Promise.all([
        request('GET', '/api/chatbot/settings', { token: key.key }),
        request('POST', '/api/v1/conversations', { token: key.key, body: apiStart('keyed-bot') }),
        request('GET', '/api/v1/chatbots/keyed-bot/threads', { token: key.key }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
      expect(answers[0]!.json).toEqual({ status: 'error', message: 'the API key was revoked' });
      expect(answers[1]!.json).toEqual({ ok: false, error: { code: 'unauthorized', message: 'the API key was revoked' } });
      expect(answers[2]!.json).toEqual({ success: false, message: 'the API key was revoked' });
      const listed = (await request('GET', '/api/chatbot/api-keys', { token: ada, bot: bot.id })).json.data as Json[];
      expect(listed.map((k) => k.id)).not.toContain(key.id);
      expect((await request('DELETE', `/api/chatbot/api-keys/${key.id}`, { token: ada, bot: bot.id })).status).toBe(404);
    });

    it("does not revoke another bot's key", async () => {
      const key = await keyOf(['threads']);
      const demoAdmin = await request('DELETE', `/api/chatbot/api-keys/${key.id}`, { token: 'test-demo-admin-token-0123456789' });
      expect(demoAdmin.status).toBe(404);
      expect((await request('GET', '/api/v1/chatbots/keyed-bot/threads', { token: key.key })).status).toBe(200);
    });

    it.each([
      [{ name: 'k', scopes: [] }, 'scope'],
      [{ name: 'k', scopes: ['everything'] }, 'scopes'],
      [{ name: '', scopes: ['config'] }, 'name'],
      [{ name: 'k', scopes: 'config' }, 'scopes'],
      [{ name: 'k', scopes: ['config'], extra: 1 }, 'extra'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const { status, json } = await request('POST', '/api/chatbot/api-keys', { token: ada, bot: bot.id, body });
      expect(status).toBe(400);
      expect(json.message).toContain(field);
    });

    it('answers a made-up key with 401', async () => {
      const { status, json } = await request('GET', '/api/v1/chatbots/keyed-bot/threads', { token: 'cfk_made-up' });
      expect(status).toBe(401);
      expect(json).toEqual({ success: false, message: 'the API key is not valid' });
    });
  });

  // Bob's account: Ada's password stays what the other tests sign in with.
  describe('passwords', { timeout: 120_000 }, () => {
    const signInStatus = async (password: string) => (await request('POST', '/api/console/session', { body: { email: OTHER.email, password } })).status;
    const change = (token: string, body: unknown) => request('PUT', '/api/console/password', { token, body });
    const cwd = tempDir('confab-owner-cli-');

    it('changes the password with the current one: this session stays, the other browsers are signed out', async () => {
      const here = await signIn(OTHER.email, OTHER.password);
      const elsewhere = await signIn(OTHER.email, OTHER.password);
      const wrong = await change(here, { current_password: 'not the password', new_password: 'a brand new password' });
      expect(wrong.status).toBe(403);
      expect(wrong.json).toEqual({ status: 'error', message: 'current_password: not the current password' });
      for (const [body, text] of [
        [{ current_password: OTHER.password, new_password: 'short' }, 'new_password: at least 10 characters'],
        [{ current_password: OTHER.password, new_password: OTHER.password }, 'new_password: the same as the current one'],
        [{ current_password: OTHER.password }, 'new_password'],
        [{ current_password: OTHER.password, new_password: 'a brand new password', admin: true }, 'admin'],
        ['{"current_password":', 'not valid JSON'],
      ] as const) {
        const refused = await change(here, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.json).toEqual({ status: 'error', message: expect.stringContaining(text) });
      }
      expect((await request('PUT', '/api/console/password', { body: { current_password: OTHER.password, new_password: 'a brand new password' } })).status).toBe(401);
      // Nothing refused changed anything.
      expect((await request('GET', '/api/console/me', { token: elsewhere })).status).toBe(200);

      const changed = await change(here, { current_password: OTHER.password, new_password: 'a brand new password' });
      // Every other session of Bob's ended: `elsewhere`, and those earlier tests left.
      expect(changed.json).toEqual({ status: 'success', data: { changed: true, sessions_ended: expect.any(Number) } });
      expect(changed.json.data.sessions_ended).toBeGreaterThanOrEqual(1);
      expect((await request('GET', '/api/console/me', { token: here })).status).toBe(200);
      expect((await request('GET', '/api/console/me', { token: elsewhere })).status).toBe(401);
      expect(await signInStatus(OTHER.password)).toBe(401);
      expect(await signInStatus('a brand new password')).toBe(200);
    });

    it('`confab owner reset-password EMAIL` on the server: prints a generated password once and signs every session out', async () => {
      const session = await signIn(OTHER.email, 'a brand new password');
      const reset = await runConfabCli(cwd, ['owner', 'reset-password', 'BOB@example.com'], suite.env);
      expect(reset.stderr).toBe('');
      expect(reset.code).toBe(0);
      const printed = /new password of bob@example\.com: (\S+)/.exec(reset.stdout)?.[1];
      expect(printed).toMatch(/^[\w-]{24}$/);
      // This one, `here` that changed the password, and the sign-in that tried the new one.
      expect(reset.stdout).toMatch(/\(shown this once; 3 sessions signed out\)/);
      expect((await request('GET', '/api/console/me', { token: session })).status).toBe(401);
      expect(await signInStatus('a brand new password')).toBe(401);
      expect(await signInStatus(printed!)).toBe(200);
    });

    it('takes the password from standard input with --stdin, and refuses an unknown email or a short password, changing nothing', async () => {
      const piped = await runConfabCli(cwd, ['owner', 'reset-password', OTHER.email, '--stdin'], suite.env, 'chosen on the server\n');
      expect(piped.code).toBe(0);
      expect(piped.stdout).toContain('password of bob@example.com set');
      expect(piped.stdout).not.toContain('chosen on the server');
      expect(await signInStatus('chosen on the server')).toBe(200);

      const unknown = await runConfabCli(cwd, ['owner', 'reset-password', 'nobody@example.com'], suite.env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no owner account has the email nobody@example.com');
      const short = await runConfabCli(cwd, ['owner', 'reset-password', OTHER.email, '--stdin'], suite.env, 'short\n');
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('10 to 200 characters');
      const noEmail = await runConfabCli(cwd, ['owner', 'reset-password'], suite.env);
      expect(noEmail.code).toBe(1);
      expect(noEmail.stderr).toContain('Usage: confab owner reset-password EMAIL');
      expect(await signInStatus('chosen on the server')).toBe(200);
    });
  });
});

describe('sign-in guesses', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ owner: OWNER, limits: { 'bad-token.ip': { points: 3, seconds: 600 } } });
    return () => server.close();
  });

  it('counts wrong passwords with the wrong tokens: past the budget even the right password gets 429', async () => {
    const signIn = (password: string) => call(server.url, 'POST', '/api/console/session', { token: null, body: { email: OWNER.email, password } });
    expect((await signIn(OWNER.password)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(`wrong ${i}`)).status).toBe(401);
    const refused = await signIn(OWNER.password);
    expect(refused.status).toBe(429);
    expect(refused.json.status).toBe('error');
  });
});
