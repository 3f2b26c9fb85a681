// What one message costs the store: the SQL statements of a visitor's message and the demo
// bot's keyword reply, counted from the database's own statement hook, on each store. The
// counts are exact, so a change that adds a store round trip to the message path fails here
// (the README's "Benchmarks" says why each one is there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { testDatabases } from '../helpers/databases.js';
import { fromBot, startTestServer } from '../helpers/server.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

/** A statement as the list below spells it: its verb and table ("insert messages"), or begin and commit. */
function statementOf(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)![1]!.toLowerCase();
  const table = /(?:from|into|update)\s+"(\w+)"/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * One round trip, on either store: the visitor's conversation read (whose it is, open or not),
 * the message stored with the bot turn it is owed; the conversation read again in the turn
 * (whatever ran in its queue meanwhile counts), the reply stored in one transaction with the
 * turn deleted. The reply's client id is not looked up first: a replayed turn's stored
 * reply breaks the unique constraint, and only then is the append made again without it.
 */
const ROUND_TRIP = [
  'select conversations',
  'begin',
  'update conversations',
  'insert messages',
  'insert bot_turns',
  'commit',
  'select conversations',
  'begin',
  'delete bot_turns',
  'update conversations',
  'insert messages',
  'commit',
];

describe.each(testDatabases)('SQL statements per round trip ($name)', (database) => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  let statements: string[] = [];
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    const db = await database.create();
    drop = db.drop;
    server = await startTestServer({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }, { onStatement: (sql) => statements.push(sql) });
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await server?.close();
    await drop?.();
  });

  /** Everything the server does after a message has finished: the turn, its delivery, the webhooks. */
  async function settled(): Promise<void> {
    await server.visitorRequests.idle();
    await server.service.idle();
  }

  /** The statements of one message → reply round trip, after the reply arrived and the turn is done. */
  async function roundTrip(v: TestVisitor, conversationId: string, seq: number): Promise<string[]> {
    await settled();
    statements = [];
    await v.send(conversationId, 'Do you ship abroad? shipping');
    await v.inbox.next((m) => fromBot(m) && m.seq === seq);
    await settled();
    return statements;
  }

  it('a message and its keyword reply take a fixed number of statements, the same every time', async () => {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    await v.inbox.next((m) => fromBot(m) && m.seq === 1);
    expect((await roundTrip(v, conversation.id, 3)).map(statementOf)).toEqual(ROUND_TRIP);
    expect((await roundTrip(v, conversation.id, 5)).map(statementOf)).toEqual(ROUND_TRIP);
  });
});
