import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAction } from '../../shared/index.js';
import { sweepIdleConversations } from '../../server/conversations/timeouts.js';
import { systemClock } from '../../server/lib/clock.js';
import type { RunningServer } from '../../server/server.js';
import { createStore, type Conversation } from '../../server/store/index.js';
import { connectAgent, createAgent, agentAck, collect } from '../helpers/agent-client.js';
import { testDatabases, tempDir } from '../helpers/databases.js';
import { faultFigures, figuresLine } from '../helpers/fault-figures.js';
import { call } from '../helpers/http.js';
import { startMainProcess } from '../helpers/main-process.js';
import { NGINX, startNginx, type TestNginx } from '../helpers/nginx.js';
import { REDIS_SERVER, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { resendingVisitor } from '../helpers/resending-visitor.js';
import { bodyOf, DEMO_TOKEN, fromBot, newVisitor, startTestServer } from '../helpers/server.js';
import { startChildServer, type ChildServer } from '../helpers/server-process.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

const API_TOKEN = 'bot-api-security-token-0123456789';
const postgres = testDatabases.find((d) => d.name === 'postgres');
const tools = existsSync(REDIS_SERVER) && existsSync(NGINX);

/**
 * Two Confab nodes (processes of their own) on one PostgreSQL database and one Redis, behind
 * deploy/nginx.conf: what one node does, a visitor or an agent on the other sees, in order.
 */
describe.runIf(postgres && (tools || process.env.CI))('two nodes with PostgreSQL and Redis behind nginx', () => {
  let redis: TestRedis;
  let a: ChildServer;
  let b: ChildServer;
  let nginx: TestNginx;
  let db: Awaited<ReturnType<NonNullable<typeof postgres>['create']>>;
  const closing: Array<() => unknown> = [];
  /** The bot's answer to each visitor message, by its body; a message "later" gets a second one after a delay. */
  const bot = startTestBot(async ({ body }) => {
    if (body.packet.name !== 'message') return {};
    const text = String(body.packet.payload.body);
    if (text.startsWith('quiet')) return {};
    const { cid } = body.info;
    if (!text.endsWith('later')) return { body: event(cid, 'message', { body: `re: ${text}` }) };
    return { body: [event(cid, 'message', { body: `re: ${text}` }), event(cid, 'delay', { duration: 1_500 }), event(cid, 'message', { body: `later: ${text}` })] };
  });

  const node = async (env: NodeJS.ProcessEnv = {}) =>
    startChildServer('confab', {
      databaseUrl: db.databaseUrl,
      // One folder for both: the same visitor-token secret and encryption key, as CONFAB_SECRET
      // and CONFAB_ENCRYPTION_KEY would be in production.
      dataDir: db.dataDir,
      env: { REDIS_URL: redis.url, CONFAB_LIMITS: 'typing.visitor=4/60', ...env },
    });

  beforeAll(async () => {
    db = await postgres!.create();
    redis = await startRedis();
    a = await node();
    b = await node();
    nginx = await startNginx(Number(new URL(a.url).port), Number(new URL(b.url).port));
  }, 90_000);
  afterAll(async () => {
    for (const fn of closing.splice(0)) await fn();
    nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await (await bot).close();
    await redis?.stop();
    await db?.drop();
  }, 60_000);

  const visitorOn = async (server: ChildServer, identity?: TestVisitor['identity']) => {
    const v = await testVisitor(server, identity ? { identity } : {});
    closing.push(() => v.close());
    return v;
  };

  it('an agent on B takes and answers a visitor on A, and watches what the visitor says next', async () => {
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, 'I want to talk to a human');
    await visitor.inbox.next((m) => m.packet.name === 'forward_any' || m.packet.name === 'forward_group');

    const created = await createAgent(b.url, { name: 'Ada Across' });
    const agent = await connectAgent(b.url, { token: created.token });
    closing.push(() => agent.close());
    const picked = await agentAck(agent, 'transfer:pick-next', {});
    expect(picked.conversation?.id).toBe(conversation.id);
    const watched = collect(agent, 'message:new');
    await agentAck(agent, 'conversation:watch', { conversationId: conversation.id });

    const replies = ['one', 'two', 'three'];
    for (const body of replies) await agentAck(agent, 'agent:message', { conversationId: conversation.id, clientId: `across-${body}`, body });
    for (const body of replies) await visitor.inbox.next((m) => m.author === 'agent' && bodyOf(m) === body);
    const seen = visitor.inbox.received.filter((m) => m.author === 'agent').map((m) => bodyOf(m));
    expect(seen).toEqual(replies);

    // Node A stores it; the console on node B hears it through the adapter's rooms, and its
    // inbox row too (node A knows a console of the bot is open on B).
    const inbox = collect(agent, 'inbox:update');
    await visitor.send(conversation.id, 'thanks from A');
    expect(bodyOf(await watched.next((m) => m.author === 'visitor' && bodyOf(m) === 'thanks from A', 10_000))).toBe('thanks from A');
    expect((await inbox.next((row) => row.id === conversation.id && row.preview === 'thanks from A', 10_000)).preview).toBe('thanks from A');
    await agentAck(agent, 'conversation:end', { conversationId: conversation.id });
  });

  it('an agent online on B counts on A: a visitor handed over there is told someone is online', async () => {
    // Ada (the test before) is still connected to node B, online; node A has no console at all.
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open({ fresh: true });
    await visitor.send(conversation.id, 'I want to talk to a human');
    await visitor.inbox.next((m) => m.packet.name === 'forward_any' || m.packet.name === 'forward_group');
    // The forward is published before the transfer is stored: the reopened view has it once it is.
    const people = async () => (await visitor.open({ conversationId: conversation.id })).conversation.people;
    await expect.poll(people, { timeout: 10_000 }).toMatchObject({ state: 'queued', agentsOnline: true });
  });

  it('a colleague at a console on B shows online to an agent on A, in the inbox and in the news of who has how many chats', async () => {
    // Ada (the first test) is still at her console on node B.
    const created = await createAgent(a.url, { name: 'Bo Here' });
    const bo = await connectAgent(a.url, { token: created.token });
    closing.push(() => bo.close());
    const ada = async () => (await agentAck(bo, 'inbox:get', {})).agents.find((x) => x.name === 'Ada Across');
    await expect.poll(async () => (await ada())?.status, { timeout: 10_000 }).toBe('online');
    const adaId = (await ada())!.id;
    // Node A sends every console the bot's agents when a conversation's people change: Ada online.
    const news = collect(bo, 'presence:update');
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open({ fresh: true });
    await visitor.send(conversation.id, 'I want to talk to a human');
    expect((await news.next((p) => p.id === adaId, 10_000)).status).toBe('online');
  });

  it('bot settings changed through B are what node A answers with next', async () => {
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open({ fresh: true });
    // Node A reads the demo bot (built-in) and keeps it in its cache.
    await visitor.send(conversation.id, 'shipping');
    await visitor.inbox.next((m) => fromBot(m) && bodyOf(m) !== undefined && m.seq > 1);
    const changed = await call(b.url, 'PUT', '/api/chatbot/settings', {
      body: { bot_type: 'webhook', webhook_url: (await bot).url, webhook_timeout_ms: 10_000, api_security_token: API_TOKEN, behavior_mode: 'firewall', conversation_timeout: null },
    });
    expect(changed.status, changed.json.message).toBe(200);
    // At once: well within the cache's 2 s, which alone would still answer as the built-in bot.
    await visitor.send(conversation.id, 'hello webhook');
    expect(bodyOf(await visitor.inbox.next((m) => fromBot(m) && bodyOf(m) === 're: hello webhook', 10_000))).toBe('re: hello webhook');
  });

  /** A new conversation of a visitor on A with the webhook bot (it says nothing to "quiet…"), and its id in the bot's calls. */
  async function quietConversation(first: string) {
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open({ fresh: true });
    const calls = (await bot).calls.length;
    await visitor.send(conversation.id, first);
    await (await bot).called(calls + 1);
    return { visitor, conversation, cid: (await bot).calls.at(-1)!.body.info.cid as string };
  }

  /** The bot's push through the API URL of node B. */
  async function pushThroughB(cid: string, body: string) {
    const res = await call(b.url, 'POST', '/api/chatbot/v1/events', { body: event(cid, 'message', { body }), token: null, headers: { 'SECURITY-TOKEN': API_TOKEN } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }

  it('a visitor on A and a webhook bot pushing through the API URL on B: both ways, in order', async () => {
    const { visitor, conversation, cid } = await quietConversation('quiet please');
    const pushed = Array.from({ length: 8 }, (_, i) => `push ${i}`);
    for (const body of pushed) await pushThroughB(cid, body);
    await visitor.inbox.next((m) => bodyOf(m) === pushed.at(-1), 10_000);
    expect(visitor.inbox.received.filter((m) => fromBot(m) && bodyOf(m)?.startsWith('push')).map((m) => bodyOf(m))).toEqual(pushed);
    const seqs = visitor.inbox.received.filter((m) => m.conversationId === conversation.id).map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('a message webhook turned on through B gets every message of a conversation on A and B, once, in order', async () => {
    // Node A reads the bot (no message webhook yet) for this conversation's messages.
    const { visitor, conversation, cid } = await quietConversation('quiet before');
    const receiver = await startTestBot(() => ({}));
    closing.push(() => receiver.close());
    const on = await call(b.url, 'PUT', '/api/chatbot/settings', { body: { message_webhook_url: receiver.url } });
    expect(on.status, on.json.message).toBe(200);
    const sent: string[] = [];
    for (let i = 0; i < 4; i++) {
      sent.push(`quiet ${i}`, `pushed ${i}`);
      await visitor.send(conversation.id, `quiet ${i}`);
      await pushThroughB(cid, `pushed ${i}`);
    }
    type Delivered = { event: string; threadId: string; message: { message: string; seq: number } };
    const delivered = () => receiver.calls.map((c) => c.body as unknown as Delivered).filter((d) => d.threadId === conversation.id && d.event === 'message.created');
    await expect.poll(() => delivered().map((d) => d.message.message), { timeout: 15_000 }).toEqual(sent);
    const seqs = delivered().map((d) => d.message.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const off = await call(b.url, 'PUT', '/api/chatbot/settings', { body: { message_webhook_url: null } });
    expect(off.status, off.json.message).toBe(200);
  });

  it('rate limits are shared: a budget spent on A is spent on B', async () => {
    const onA = await visitorOn(a);
    const { conversation } = await onA.open({ fresh: true });
    const onB = await visitorOn(b, onA.identity);
    const typing = (v: TestVisitor) => v.attempt('visitor:typing', { conversationId: conversation.id, typing: true });
    for (let i = 0; i < 2; i++) expect((await typing(onA)).ok).toBe(true);
    for (let i = 0; i < 2; i++) expect((await typing(onB)).ok).toBe(true);
    // typing.visitor=4/60 on each node: a fifth, on either, is over the one budget.
    expect(await typing(onB)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await typing(onA)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('a delayed reply is delivered once with two nodes running', async () => {
    const visitor = await visitorOn(a);
    const { conversation } = await visitor.open({ fresh: true });
    await visitor.send(conversation.id, 'once later');
    await visitor.inbox.next((m) => bodyOf(m) === 'later: once later', 15_000);
    // Node B starting now delivers whatever is due at once; nothing is, any more.
    const c = await node();
    closing.push(() => c.stop());
    await visitor.send(conversation.id, 'after');
    await visitor.inbox.next((m) => bodyOf(m) === 're: after', 10_000);
    const reader = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    const stored = await reader.conversations.messages(conversation.id, { limit: 100 }).finally(() => reader.close());
    expect(stored.filter((m) => bodyOf(m) === 'later: once later')).toHaveLength(1);
    expect(visitor.inbox.received.filter((m) => bodyOf(m) === 'later: once later')).toHaveLength(1);
  });

  it('kill -9 of the visitor\'s node: the visitor reconnects through nginx to the other and continues, 0 lost, 0 duplicated', async () => {
    // The earlier tests' sockets go, so that the node with a visitor connected is this one's.
    for (const fn of closing.splice(0)) await fn();
    const visitor = await resendingVisitor(nginx.url);
    closing.push(() => visitor.close());
    const visitorsOn = async (server: ChildServer) => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } })).text();
      return Number(/^confab_connected_visitors (\d+)/m.exec(text)?.[1]);
    };
    await expect.poll(async () => (await visitorsOn(a)) + (await visitorsOn(b)), { timeout: 10_000 }).toBe(1);
    const [mine, other] = (await visitorsOn(a)) === 1 ? [a, b] : [b, a];
    const MESSAGES = 12;
    const repliesTo = (body: string) => (body.endsWith('later') ? [`re: ${body}`, `later: ${body}`] : [`re: ${body}`]);
    for (let i = 0; i < MESSAGES; i++) visitor.say(`k${i}${i % 4 === 3 ? ' later' : ''}`);
    const seen = (body: string) => [...visitor.seen.values()].some((m) => bodyOf(m) === body);
    await expect.poll(() => seen('re: k4'), { timeout: 20_000, interval: 20 }).toBe(true);
    const ackedAtKill = visitor.acked.size;
    await mine.kill();
    // Bounded, so that whatever is missing is counted below rather than waited for.
    await expect.poll(() => visitor.acked.size, { timeout: 45_000, interval: 50 }).toBe(MESSAGES).catch(() => undefined);
    const allReplied = () => visitor.sent.every((s) => repliesTo(s).every(seen));
    // Whatever comes, the figures are counted and printed; the assertions say what is missing.
    await expect.poll(allReplied, { timeout: 45_000, interval: 50 }).toBe(true).catch(() => undefined);
    visitor.close();
    const reader = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    const figures = await faultFigures(reader, [visitor], repliesTo).finally(() => reader.close());
    console.log(figuresLine('faults: kill -9 of one of two nodes (postgres + redis)', 1, figures, `${ackedAtKill} acked at the kill; the survivor: ${other === a ? 'A' : 'B'}`));
    if (figures.lost > 0) console.error(`[nodes] the survivor's errors:\n${other.logs()}\n[nodes] acked ${[...visitor.acked].join(', ')}; refusals ${JSON.stringify([...visitor.refusals])}`);
    expect(figures).toMatchObject({ sent: MESSAGES, stored: MESSAGES, duplicated: 0, lost: 0, outOfOrder: 0 });
    expect(figures.delivered).toBe(figures.replies);
    expect(other.alive()).toBe(true);
  }, 120_000);

  it('/readyz includes Redis: 503 while it is gone', async () => {
    const survivor = a.alive() ? a : b;
    expect((await fetch(`${survivor.url}/readyz`)).status).toBe(200);
    await redis.stop();
    const res = await fetch(`${survivor.url}/readyz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/redis/);
  }, 30_000);
});

/**
 * Two nodes in this process on one PostgreSQL database and one Redis, so that both can be made
 * to look for due work at the same moment: what keeps each job to one of them is the
 * conversation's lease (a claim that always succeeds delivers many entries twice here).
 */
describe.runIf(postgres && (existsSync(REDIS_SERVER) || process.env.CI))('two nodes looking for the same jobs at once', () => {
  let redis: TestRedis;
  let db: Awaited<ReturnType<NonNullable<typeof postgres>['create']>>;
  let nodes: RunningServer[] = [];
  const CONVERSATIONS = 40;

  beforeAll(async () => {
    db = await postgres!.create();
    redis = await startRedis();
    // Each its own DATA_DIR, as on two machines: the same secret and key, as the README asks.
    for (let i = 0; i < 2; i++) nodes.push(await startTestServer({ databaseUrl: db.databaseUrl, dataDir: tempDir(), redisUrl: redis.url, encryptionKey: 'ab'.repeat(32) }));
  }, 90_000);
  afterAll(async () => {
    for (const n of nodes) await n.close();
    nodes = [];
    await redis?.stop();
    await db?.drop();
  }, 60_000);

  /** Conversations of the demo bot, last active an hour ago. */
  async function idleConversations(): Promise<Conversation[]> {
    const [a] = nodes;
    const { visitorId } = await newVisitor(a!.url);
    const bot = (await a!.store.bots.findByKey('demo'))!;
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    return Promise.all(Array.from({ length: CONVERSATIONS }, () => a!.store.conversations.create({ botId: bot.id, visitorId, session: { variables: {} }, now: anHourAgo })));
  }

  it('delayed actions due at once, looked for by both nodes at the same moment, are each delivered once', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const conversations = await idleConversations();
    const past = new Date(Date.now() - 1_000).toISOString();
    // A message (stored once whatever happens: its client id is the entry's) and a note (not
    // idempotent: a second delivery adds a second one).
    const actions: BotAction[] = [
      { name: 'message', payload: { body: 'late' } },
      { name: 'note_create', payload: { body: 'noted' } },
    ];
    for (const c of conversations) await a.store.scheduledActions.add(c.id, past, actions, { author: 'bot' }, past);
    const [onA, onB] = await Promise.all([a.service.deliverDue(), b.service.deliverDue()]);
    // Either may deliver any entry; between them, each once.
    expect(onA + onB).toBe(CONVERSATIONS);
    for (const c of conversations) {
      const late = (await a.store.conversations.messages(c.id, { limit: 100 })).filter((m) => bodyOf(m) === 'late');
      expect(late, c.id).toHaveLength(1);
      expect(await a.store.notes.ofConversation(c.id), c.id).toHaveLength(1);
    }
    expect(await a.store.scheduledActions.nextDueAt()).toBeUndefined();
  });

  it('a file uploaded through A is downloaded through B', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const identity = await newVisitor(a.url);
    const form = new FormData();
    form.append('file', new File([png], 'latte.png', { type: 'image/png' }));
    const uploaded = await fetch(`${a.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${identity.token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const { link } = (await uploaded.json()) as { link: string };
    const download = await fetch(`${b.url}${new URL(link).pathname}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${b.url}/uploads/00000000-0000-4000-8000-000000000000.png`)).status).toBe(404);
  });

  it('conversation timeouts swept by both nodes at the same moment end each conversation once', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const bot = await startTestBot(() => ({}));
    try {
      const set = await call(a.url, 'PUT', '/api/chatbot/settings', {
        body: { bot_type: 'webhook', webhook_url: bot.url, api_security_token: API_TOKEN, conversation_timeout: { seconds: 60, action: 'end' } },
      });
      expect(set.status, set.json.message).toBe(200);
      const conversations = await idleConversations();
      // Two rounds at once (one node's lease on the round ran out while its sweep was slow).
      const sweep = (n: RunningServer) => sweepIdleConversations({ store: n.store, clock: systemClock, service: n.service });
      await Promise.all([sweep(a), sweep(b)]);
      for (const c of conversations) {
        const ends = (await a.store.conversations.messages(c.id, { limit: 100 })).filter((m) => m.author === 'system' && m.packet.name === 'end');
        expect(ends, c.id).toHaveLength(1);
        expect((await a.store.conversations.find(c.id))?.status).toBe('ended');
      }
    } finally {
      await bot.close();
    }
  });
});

describe('REDIS_URL with the SQLite store', () => {
  it('refuses to start, saying why', async () => {
    const started = startMainProcess({ REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: tempDir() });
    await expect(started).rejects.toThrow(/REDIS_URL \(several nodes\) needs DATABASE_URL \(PostgreSQL\)/);
  });
});
