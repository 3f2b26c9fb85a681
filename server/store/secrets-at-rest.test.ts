import { statSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { aiContextSchema } from '../definitions/ai-context-definition.js';
import { parseSettings } from '../definitions/bot-definition.js';
import { parseFlow } from '../definitions/flow-definition.js';
import { createStore, type Store } from './index.js';

const now = '2026-01-05T10:00:00.000Z';
const SECRETS = ['hdr-secret-0001', 'sk-ai-secret-0002', 'api-security-token-0003', 'message-webhook-token-0004', 'flow-token-0005', 'context-token-0006'];

/** The rows as the database holds them, bypassing the store. */
async function rawRows(database: { databaseUrl: string | undefined; dataDir: string }, query: string): Promise<Array<Record<string, unknown>>> {
  if (!database.databaseUrl) {
    const sqlite = new SQLite(join(database.dataDir, 'confab.sqlite'));
    try {
      const statement = sqlite.prepare(query);
      if (!statement.reader) {
        statement.run();
        return [];
      }
      return statement.all() as Array<Record<string, unknown>>;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    return (await client.query(query)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

async function rawText(database: { databaseUrl: string | undefined; dataDir: string }): Promise<string> {
  const tables = ['bots', 'flows', 'ai_contexts'];
  const rows = await Promise.all(tables.map((t) => rawRows(database, `select * from ${t}`)));
  return JSON.stringify(rows);
}

const flowInput = {
  name: 'Order lookup',
  steps: [
    {
      step_name: 'lookup',
      step_order: 1,
      message_type: 'api_fetch',
      api_config: { url: 'https://api.example.com/orders', headers: { Authorization: `Bearer ${SECRETS[4]}`, 'Content-Type': 'application/json' } },
    },
  ],
};
const contextInput = { name: 'Stock', context_type: 'api', api_config: { url: 'https://api.example.com/stock', headers: { 'X-Api-Key': SECRETS[5] } } };

// Each test makes its own databases: on PostgreSQL, on a loaded machine, that takes seconds.
describe.each(testDatabases)('secrets at rest on $name', { timeout: 30_000 }, (database) => {
  const opened: Array<{ store: Store; drop: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const { store, drop } of opened.splice(0)) {
      await store.close();
      await drop();
    }
  });

  async function freshStore() {
    const db = await database.create();
    const store = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    opened.push({ store, drop: db.drop });
    return { db, store };
  }

  it('stores webhook headers, AI key, bot API and message webhook tokens, api_fetch and API context headers encrypted, and reads them back', async () => {
    const { db, store } = await freshStore();
    const botId = crypto.randomUUID();
    const settings = parseSettings({
      webhook_headers: { 'X-Bot-Token': SECRETS[0] },
      ai_api_key: SECRETS[1],
      api_security_token: SECRETS[2],
      message_webhook_token: SECRETS[3],
    });
    await store.bots.create({ id: botId, key: 'sealed', name: 'Sealed', adminTokenHash: 'h', settings, createdAt: now }, []);
    const flow = await store.flows.create(botId, parseFlow(flowInput), now);
    const context = await store.aiContexts.create(botId, aiContextSchema.parse(contextInput), now);

    const raw = await rawText(db);
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw).toContain('enc:v1:');
    // What is not a secret stays readable (and queryable) in the row.
    expect(raw).toContain('https://api.example.com/orders');

    const bot = await store.bots.findById(botId);
    expect(bot?.settings).toMatchObject({ webhook_headers: { 'X-Bot-Token': SECRETS[0] }, ai_api_key: SECRETS[1], api_security_token: SECRETS[2], message_webhook_token: SECRETS[3] });
    expect((await store.flows.get(botId, flow.id))?.body.steps[0]?.api_config?.headers.Authorization).toBe(`Bearer ${SECRETS[4]}`);
    expect((await store.aiContexts.get(botId, context.id))?.body.api_config?.headers['X-Api-Key']).toBe(SECRETS[5]);

    // The identity verification secret (user_hash) is sealed the same way.
    const identitySecret = 'identity-secret-0123456789abcdef';
    expect(await store.bots.identitySecret(botId, () => identitySecret)).toBe(identitySecret);
    await store.bots.setIdentitySecret(botId, 'identity-secret-rotated-0123456789');
    expect(await store.bots.identitySecret(botId, () => 'unused')).toBe('identity-secret-rotated-0123456789');
    const rawAfter = await rawText(db);
    expect(rawAfter).not.toContain(identitySecret);
    expect(rawAfter).not.toContain('identity-secret-rotated');

    await store.bots.saveSettings(botId, { ...bot!.settings, webhook_headers: { 'X-Bot-Token': 'hdr-secret-rotated' } });
    expect(await rawText(db)).not.toContain('hdr-secret-rotated');
    expect((await store.bots.findById(botId))?.settings.webhook_headers['X-Bot-Token']).toBe('hdr-secret-rotated');
  });

  it('reads rows an older version stored in plaintext, and seals them at the next start', async () => {
    const { db, store } = await freshStore();
    const botId = crypto.randomUUID();
    const settings = parseSettings({ webhook_headers: { 'X-Bot-Token': SECRETS[0] }, ai_api_key: SECRETS[1] });
    // As an older version wrote them: plain JSON, no envelope.
    const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
    await rawRows(db, `insert into bots (id, key, name, admin_token_hash, settings, created_at) values (${quote(botId)}, 'legacy', 'Legacy', 'h', ${quote(JSON.stringify(settings))}, ${quote(now)})`);
    await rawRows(db, `insert into flows (id, bot_id, position, body, created_at, updated_at) values ('f1', ${quote(botId)}, 1, ${quote(JSON.stringify(parseFlow(flowInput)))}, ${quote(now)}, ${quote(now)})`);
    await rawRows(db, `insert into ai_contexts (id, bot_id, position, body, created_at, updated_at) values ('c1', ${quote(botId)}, 1, ${quote(JSON.stringify(aiContextSchema.parse(contextInput)))}, ${quote(now)}, ${quote(now)})`);
    expect(await rawText(db)).toContain(SECRETS[0]);

    // The running store reads them as they are.
    expect((await store.bots.findById(botId))?.settings).toMatchObject({ webhook_headers: { 'X-Bot-Token': SECRETS[0] }, ai_api_key: SECRETS[1] });
    expect((await store.flows.get(botId, 'f1'))?.body.steps[0]?.api_config?.headers.Authorization).toBe(`Bearer ${SECRETS[4]}`);

    // The next start seals them in place; reads give the same values.
    const again = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    try {
      const raw = await rawText(db);
      for (const secret of [SECRETS[0], SECRETS[1], SECRETS[4], SECRETS[5]]) expect(raw).not.toContain(secret);
      expect((await again.bots.findById(botId))?.settings).toMatchObject({ webhook_headers: { 'X-Bot-Token': SECRETS[0] }, ai_api_key: SECRETS[1] });
      expect((await again.aiContexts.get(botId, 'c1'))?.body.api_config?.headers['X-Api-Key']).toBe(SECRETS[5]);
    } finally {
      await again.close();
    }
  });

  it.runIf(database.name === 'sqlite')('keeps the database, its -wal and -shm files 0600 and the data directory 0700', async () => {
    const { db, store } = await freshStore();
    await store.bots.create({ id: crypto.randomUUID(), key: 'modes', name: 'Modes', adminTokenHash: 'h', settings: parseSettings({}), createdAt: now }, []);
    const file = join(db.dataDir, 'confab.sqlite');
    for (const path of [file, `${file}-wal`, `${file}-shm`, join(db.dataDir, 'encryption-key')]) {
      expect({ path, mode: statSync(path).mode & 0o777 }).toEqual({ path, mode: 0o600 });
    }
  });
});

describe('a store opened with another encryption key', { timeout: 30_000 }, () => {
  it('refuses to start, naming the key, instead of failing request by request', async () => {
    const [database] = testDatabases;
    const db = await database!.create();
    const keyA = Buffer.alloc(32, 1).toString('hex');
    const first = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, encryptionKey: keyA });
    await first.bots.create({ id: crypto.randomUUID(), key: 'k', name: 'K', adminTokenHash: 'h', settings: parseSettings({ ai_api_key: 'sk-1' }), createdAt: now }, []);
    await first.close();
    await expect(createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, encryptionKey: Buffer.alloc(32, 2).toString('hex') })).rejects.toThrow(/CONFAB_ENCRYPTION_KEY/);
    const again = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, encryptionKey: keyA });
    expect((await again.bots.findByKey('k'))?.settings.ai_api_key).toBe('sk-1');
    await again.close();
    await db.drop();
  });
});
