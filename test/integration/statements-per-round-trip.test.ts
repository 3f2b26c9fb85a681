// What one message costs the store (and Redis, with REDIS_URL): the SQL statements of a visitor's message and the demo
// bot's keyword reply, and of a socket's handshake, counted from the database's own statement
// hook on each store. The lists are exact, so a change that adds a store round trip to the
// message path fails here (the README's "Benchmarks" says why each one is there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { HOT_STATEMENTS } from '../../server/store/postgres-hot-path.js';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { createClient } from 'redis';
import { connectAgent, createAgent } from '../helpers/agent-client.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { connectVisitor, fromBot, newVisitor, startTestServer } from '../helpers/server.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A statement as the lists below spell it: its verb and table ("insert messages"), begin and
 * commit, or for one of data-modifying CTEs its writes in order ("with update conversations + insert messages").
 */
function statementOf({ sql }: Statement): string {
  if (/^\s*with\b/i.test(sql)) {
    const writes = [...sql.matchAll(/\b(update|insert into|delete from)\s+"(\w+)"/gi)].map(([, verb, table]) => `${verb!.split(' ')[0]!.toLowerCase()} ${table}`);
    return `with ${writes.join(' + ')}`;
  }
  const verb = /^\s*(\w+)/.exec(sql)![1]!.toLowerCase();
  const table = /(?:from|into|update)\s+"(\w+)"/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * The statements that are about one of `values` (an id in the SQL or its parameters), and
 * every BEGIN and COMMIT: the server's sweeps (every 5 and 15 s) read other rows meanwhile.
 * SQLite's hook cuts long values to 32 characters, so the ids are matched by their start.
 */
function about(statements: Statement[], ...values: string[]): string[] {
  return aboutStatements(statements, ...values).map(statementOf);
}

function aboutStatements(statements: Statement[], ...values: string[]): Statement[] {
  const starts = values.map((v) => v.slice(0, 32));
  const mentions = ({ sql, parameters }: Statement) => starts.some((v) => sql.includes(v) || parameters.some((p) => typeof p === 'string' && p.startsWith(v)));
  return statements.filter((s) => /^\s*(begin|commit)\b/i.test(s.sql) || mentions(s));
}

/**
 * One round trip: the visitor's conversation read (whose it is, open or not), then read
 * again in its queue (whatever ran there meanwhile counts), and the message stored with the
 * keyword reply the built-in engine gave at once, in one transaction: no bot turn is stored
 * to run later, nor deleted (conversation-service.ts, answerAtOnce). On SQLite the append is
 * a transaction of one sequence update and an insert a message; on PostgreSQL, where every
 * statement is a network round trip, it is one statement (server/store/postgres-hot-path.ts).
 */
const ROUND_TRIP: Record<TestDatabase['name'], string[]> = {
  sqlite: ['select conversations', 'select conversations', 'begin', 'update conversations', 'insert messages', 'insert messages', 'commit'],
  postgres: ['select conversations', 'select conversations', 'with update conversations + insert messages'],
};

/**
 * Each store alone, and PostgreSQL as one of several nodes (REDIS_URL), measured from the
 * moment it listens: a node that does not know yet which bots have a console open on the
 * others builds every message's inbox row (six more queries a message) for nobody.
 */
const CASES = [
  ...testDatabases.map((database) => ({ label: database.name, database, redis: false })),
  ...testDatabases.filter((d) => d.name === 'postgres').map((database) => ({ label: 'postgres with REDIS_URL, just started', database, redis: true })),
];

describe.each(CASES)('SQL statements per round trip ($label)', ({ database, redis: withRedis }) => {
  let server: RunningServer;
  let redis: TestRedis | undefined;
  let drop: () => Promise<void>;
  let statements: Statement[] = [];
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    const db = await database.create();
    drop = db.drop;
    redis = withRedis ? await startRedis() : undefined;
    server = await startTestServer(
      { databaseUrl: db.databaseUrl, dataDir: db.dataDir, ...(redis ? { redisUrl: redis.url } : {}) },
      { onStatement: (sql, parameters) => statements.push({ sql, parameters }) },
    );
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await server?.close();
    await drop?.();
    await redis?.stop();
  });

  /** Everything the server does after a message has finished: the turn, its delivery, the message webhook's (which reads a new conversation's bot once). */
  async function settled(): Promise<void> {
    await server.visitorRequests.idle();
    await server.service.idle();
    await server.messageWebhook.idle();
  }

  /** The statements of one message → reply round trip, after the reply arrived and the turn is done. */
  async function roundTrip(v: TestVisitor, conversationId: string, seq: number): Promise<string[]> {
    return (await roundTripStatements(v, conversationId, seq)).map(statementOf);
  }

  async function roundTripStatements(v: TestVisitor, conversationId: string, seq: number): Promise<Statement[]> {
    await settled();
    statements = [];
    await v.send(conversationId, 'Do you ship abroad? shipping');
    await v.inbox.next((m) => fromBot(m) && m.seq === seq);
    await settled();
    return aboutStatements(statements, conversationId, 'turn:');
  }

  it('a message and its keyword reply take the same statements every time, the first of a conversation too: seven on SQLite, three on PostgreSQL', async () => {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    await v.inbox.next((m) => fromBot(m) && m.seq === 1);
    expect(await roundTrip(v, conversation.id, 3)).toEqual(ROUND_TRIP[database.name]);
    expect(await roundTrip(v, conversation.id, 5)).toEqual(ROUND_TRIP[database.name]);
  });

  // Parsed and planned once per connection (postgres-prepared.ts), not on every call.
  it.runIf(database.name === 'postgres')('on PostgreSQL every statement of a round trip is one of the prepared ones', async () => {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    await v.inbox.next((m) => fromBot(m) && m.seq === 1);
    const texts = (await roundTripStatements(v, conversation.id, 3)).map((s) => s.sql);
    expect(texts).toHaveLength(ROUND_TRIP.postgres.length);
    for (const text of texts) expect(HOT_STATEMENTS.has(text), text.slice(0, 80)).toBe(true);
  });

  if (withRedis) {
    /**
     * The Redis commands of one round trip as MONITOR shows them, the background ones (lease
     * renewals, heartbeats, the adapter's blocking reads) left out: "eval" and its rate
     * limit's key, "xadd" and the namespace and event the adapter carries to the other nodes.
     */
    async function redisRoundTrip(v: TestVisitor, conversationId: string, seq: number): Promise<string[]> {
      const monitor = createClient({ url: redis!.url });
      await monitor.connect();
      const commands: string[] = [];
      await monitor.monitor((line) => commands.push(line));
      await roundTrip(v, conversationId, seq);
      // MONITOR shows each command as Redis runs it: once it shows this one, it has shown all before.
      const marker = createClient({ url: redis!.url });
      await marker.connect();
      await marker.echo(`after ${seq}`);
      marker.destroy();
      await expect.poll(() => commands.some((line) => line.includes(`"after ${seq}"`))).toBe(true);
      monitor.destroy();
      return commands
        .filter((line) => !/\[\d+ lua\]/.test(line) && /"(EVAL|XADD|EVALSHA)"/i.test(line) && !line.includes('pexpire') && !line.includes('confab:lease:'))
        .map((line) => {
          if (/"XADD"/i.test(line)) return `xadd ${/"nsp" "([^"]+)"/.exec(line)?.[1]} ${/\[\\"([\w:]+)\\"/.exec(line)?.[1]}`;
          return `eval ${/"confab:([\w.]+)/.exec(line)?.[1]}`;
        });
    }

    it('a round trip costs Redis its three rate limits and the two messages for the visitor\'s room; the consoles\' copies only while a console is open', async () => {
      const v = await testVisitor(server);
      visitors.push(v);
      const { conversation } = await v.open();
      await v.inbox.next((m) => fromBot(m) && m.seq === 1);
      const alone = ['eval message.visitor', 'eval message.ip', 'eval message.bot', 'xadd / message:new', 'xadd / message:new'];
      expect(await redisRoundTrip(v, conversation.id, 3)).toEqual(alone);
      const agent = await createAgent(server.url, { name: 'Ada' });
      const console = await connectAgent(server.url, { token: agent.token });
      try {
        expect(await redisRoundTrip(v, conversation.id, 5)).toEqual(expect.arrayContaining([...alone, 'xadd /agents message:new']));
      } finally {
        console.close();
      }
    });
  }

  it('a handshake reads the bot once and the visitor once (a token used within the minute is not renewed)', async () => {
    const identity = await newVisitor(server.url);
    await settled();
    statements = [];
    const socket = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    socket.close();
    expect(about(statements, 'demo', identity.visitorId)).toEqual(['select bots', 'select visitors']);
  });
});
