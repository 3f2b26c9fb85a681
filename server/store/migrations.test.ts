import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { parseSettings } from '../definitions/bot-definition.js';
import { botTurnKey, createStore } from './index.js';

const now = '2026-01-05T10:00:00.000Z';

describe('SQLite migrations', () => {
  const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const drop of drops.splice(0)) await drop();
  });

  it('0012 moves the owed turns of a store from before it into the WITHOUT ROWID table, and they are still owed', async () => {
    const { dataDir, drop } = await sqlite.create();
    drops.push(drop);
    const before = await createStore({ dataDir });
    const botId = crypto.randomUUID();
    const visitorId = crypto.randomUUID();
    await before.bots.create({ id: botId, key: 'b', name: 'Test', adminTokenHash: 'h', settings: parseSettings({}), createdAt: now }, []);
    await before.visitors.create({ id: visitorId, botId, createdAt: now });
    const conversation = await before.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const { message } = await before.conversations.appendVisitorMessage(
      conversation.id,
      { author: 'visitor', clientId: 'c1', packet: { name: 'message', payload: { body: 'hello' } } },
      now,
      { input: { name: 'message', payload: { body: 'hello' } } },
    );
    await before.close();

    // The store as 0011 left it: bot_turns a rowid table, with the turn in it.
    const file = join(dataDir, 'confab.sqlite');
    const raw = new Database(file);
    raw.exec(`
      create table "old_turns" ("id" text primary key, "conversation_id" text not null references "conversations" ("id") on delete cascade, "input" text not null, "created_at" text not null);
      insert into "old_turns" select * from "bot_turns";
      drop table "bot_turns";
      alter table "old_turns" rename to "bot_turns";
      delete from "kysely_migration" where "name" = '0012_bot_turns_without_rowid';
    `);
    expect(raw.prepare(`select sql from sqlite_schema where name = 'bot_turns'`).pluck().get()).not.toMatch(/without rowid/i);
    raw.close();

    const after = await createStore({ dataDir });
    expect(await after.botTurns.pending(conversation.id)).toEqual([
      { id: botTurnKey(message.id), conversationId: conversation.id, input: { name: 'message', payload: { body: 'hello' } } },
    ]);
    await after.botTurns.done(botTurnKey(message.id));
    expect(await after.botTurns.pending()).toEqual([]);
    await after.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare(`select sql from sqlite_schema where name = 'bot_turns'`).pluck().get()).toMatch(/without rowid/i);
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });
});
