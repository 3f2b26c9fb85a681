import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addBot, addConversation, addVisitor, openTestStore, refusedOrigin, reply, startHttpServer, type RecordedRequest, loopbackOutbound } from '../../test/helpers/unit-fixture.js';
import type { SettingsUpdate } from '../definitions/bot-definition.js';
import type { Session } from '../engine/types.js';
import type { Bot, Conversation, ConversationMeta, Store } from '../store/index.js';
import { createBotCache } from './bot-cache.js';
import type { BotInput } from './bot-runner.js';
import { webhookBotRunner, webhookEnvelope } from './webhook-bot.js';

const NOW = '2026-01-05T10:00:00.000Z';
const PUBLIC_URL = 'https://chat.example.com';
const FALLBACK = { name: 'message', payload: { body: 'Our bot is away right now.', text_format: 'markdown_v1' } };
const hello: BotInput = { name: 'message', payload: { body: 'hello' } };
const cidOf = (bot: Bot, c: Conversation) => `chatbot::${bot.key}:${c.id}`;
const event = (cid: string, name: string, payload: unknown = {}, context?: unknown) => ({ info: context === undefined ? { cid } : { cid, context }, packet: { name, payload } });

describe('webhook bot', { timeout: 30_000 }, () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  async function conversationOf(bot: Bot, session: Session = { variables: {} }): Promise<Conversation> {
    return addConversation(store, { botId: bot.id, visitorId: await addVisitor(store, bot.id), at: NOW, session });
  }

  async function withMeta(c: Conversation, meta: ConversationMeta): Promise<Conversation> {
    await store.conversations.updateMeta(c.id, () => meta);
    return (await store.conversations.find(c.id))!;
  }

  describe('webhookEnvelope', () => {
    it('sends the cid, the whole contact, the conversation with its URL, the context and the event', async () => {
      const bot = await addBot(store, { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/hook' });
      const visitorId = await addVisitor(store, bot.id);
      await store.visitors.updateProfile(visitorId, { name: 'Ada', email: 'ada@example.com', phone: '+49 30 1234', externalId: 'cust-7', customFields: { tier: 'gold' }, campaigns: true }, NOW, 'claim');
      const created = await addConversation(store, { botId: bot.id, visitorId, at: NOW });
      const c = await withMeta(created, { context: { step: 2 }, subject: 'Refund', topics: ['billing', 'refund'], locale: 'de', custom_fields: { order: 'A1' } });
      expect(await webhookEnvelope(store, bot, c, hello, PUBLIC_URL)).toEqual({
        info: {
          approach_mode: 'normal',
          cid: `chatbot::${bot.key}:${c.id}`,
          contact: { id: visitorId, name: 'Ada', email: 'ada@example.com', mobile_number: '+49 30 1234', external_customer_id: 'cust-7', custom_fields: { tier: 'gold' }, campaigns: true, verified: false },
          context: { step: 2 },
          conversation: {
            id: c.id,
            url: `${PUBLIC_URL}/api/v1/chatbots/${bot.key}/threads/${c.id}`,
            topic: 'billing',
            subject: 'Refund',
            topics: ['billing', 'refund'],
            locale: 'de',
            custom_fields: { order: 'A1' },
            created_at: NOW,
            contact_channel: { type: 'web', state: 'valid' },
          },
          widget: { id: bot.key, name: 'Test bot' },
        },
        packet: { name: 'message', payload: { body: 'hello' } },
      });
    });

    it('tells the bot whether the contact is proven (a verified identify or the API channel)', async () => {
      const bot = await addBot(store, { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/hook' });
      const visitorId = await addVisitor(store, bot.id);
      const c = await addConversation(store, { botId: bot.id, visitorId, at: NOW });
      expect((await webhookEnvelope(store, bot, c, hello, PUBLIC_URL)).info.contact).toMatchObject({ external_customer_id: null, verified: false });
      await store.visitors.prove(visitorId, 'cust-8', NOW);
      expect((await webhookEnvelope(store, bot, c, hello, PUBLIC_URL)).info.contact).toMatchObject({ external_customer_id: 'cust-8', verified: true });
    });

    it('sends nulls and empty objects for what nobody has set yet', async () => {
      const bot = await addBot(store, { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/hook' });
      const c = await conversationOf(bot);
      const { info, packet } = await webhookEnvelope(store, bot, c, { name: 'start', payload: {} }, PUBLIC_URL);
      expect(info.contact).toEqual({ id: c.visitorId, name: null, email: null, mobile_number: null, external_customer_id: null, custom_fields: {}, campaigns: null, verified: false });
      expect(info.context).toEqual({});
      expect(info.conversation).toMatchObject({ topic: null, subject: null, topics: [], locale: null, custom_fields: {} });
      expect(packet).toEqual({ name: 'start', payload: {} });
    });

    it.each<[string, ConversationMeta, string | null]>([
      ['the first topic', { topics: ['billing', 'refund'], subject: 'Refund' }, 'billing'],
      ['the subject, without topics', { subject: 'Refund' }, 'Refund'],
      ['the subject, with an empty topic list', { topics: [], subject: 'Refund' }, 'Refund'],
      ['null, with neither', {}, null],
    ])('names as the topic %s', async (_case, meta, topic) => {
      const bot = await addBot(store, { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/hook' });
      const c = await withMeta(await conversationOf(bot), meta);
      expect((await webhookEnvelope(store, bot, c, hello, PUBLIC_URL)).info.conversation.topic).toBe(topic);
    });
  });

  describe('webhookBotRunner', () => {
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    /** How the bot answers its next calls, one handler a call; past the script, 200 with no body. */
    let script: Array<(req: RecordedRequest, res: ServerResponse) => void | Promise<void>>;
    let sleeps: number[];
    let logged: string[];

    beforeAll(async () => {
      server = await startHttpServer((req, res) => (script.shift() ?? ((_r, s) => reply(s, 200)))(req, res));
    });
    afterAll(() => server.close());
    beforeEach(() => {
      script = [];
      sleeps = [];
      logged = [];
    });

    const runner = () =>
      webhookBotRunner({
        store,
        botCache: createBotCache(store),
        clock: { now: () => new Date(NOW) },
        publicUrl: () => PUBLIC_URL,
        outbound: loopbackOutbound,
        sleep: async (ms) => void sleeps.push(ms),
        log: (m) => void logged.push(m),
      });

    // A generous timeout: a loaded CI machine must not turn a quick answer into a timeout.
    const webhookBot = (settings: SettingsUpdate = {}, timeoutMs = 5_000) =>
      addBot(
        store,
        { bot_type: 'webhook', webhook_url: `${server.origin}/webhook`, webhook_headers: { 'X-Bot-Token': 's3cret' }, webhook_retries: 2, fallback_message: 'Our bot is away right now.', ...settings },
        { webhook_timeout_ms: timeoutMs },
      );

    const status = (code: number, body?: unknown) => (_req: RecordedRequest, res: ServerResponse) => reply(res, code, body);

    async function calls(run: () => Promise<unknown>): Promise<RecordedRequest[]> {
      const before = server.requests.length;
      await run();
      return server.requests.slice(before);
    }

    async function failuresOf(c: Conversation) {
      const stored = (await store.conversations.find(c.id))!;
      return { failures: stored.meta.failures ?? [], events: (await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail]) };
    }

    it('POSTs the envelope with the bot’s headers and returns the actions the bot sent, keeping its context', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot);
      script = [status(200, [event(cidOf(bot, c), 'message', { body: 'Hi!' }, { step: 1 })])];
      let turn!: Awaited<ReturnType<ReturnType<typeof runner>['respond']>>;
      const [call, ...more] = await calls(async () => (turn = await runner().respond(c, hello)));
      expect(more).toEqual([]);
      expect(call!.method).toBe('POST');
      expect(call!.path).toBe('/webhook');
      expect(call!.headers).toMatchObject({ 'x-bot-token': 's3cret', 'content-type': 'application/json', 'user-agent': 'Confab-Bot-Webhook/1' });
      expect(JSON.parse(call!.body)).toEqual(await webhookEnvelope(store, bot, c, hello, PUBLIC_URL));
      expect(turn).toEqual({ actions: [{ name: 'message', payload: { body: 'Hi!' } }], session: c.session });
      expect((await store.conversations.find(c.id))!.meta.context).toEqual({ step: 1 });
      expect(await failuresOf(c)).toEqual({ failures: [], events: [] });
    });

    it('takes an empty 200 as “nothing to say”', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot);
      script = [status(200)];
      expect(await runner().respond(c, hello)).toEqual({ actions: [], session: c.session });
      expect(await failuresOf(c)).toEqual({ failures: [], events: [] });
    });

    it('retries a 5xx with backoff and uses the answer that comes', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot);
      script = [status(503), status(502), status(200, event(cidOf(bot, c), 'message', { body: 'Back!' }))];
      let turn!: Awaited<ReturnType<ReturnType<typeof runner>['respond']>>;
      expect(await calls(async () => (turn = await runner().respond(c, hello)))).toHaveLength(3);
      expect(sleeps).toEqual([500, 1_500]);
      expect(turn.actions).toEqual([{ name: 'message', payload: { body: 'Back!' } }]);
      expect(await failuresOf(c)).toEqual({ failures: [], events: [] });
    });

    it.each([
      [0, 1, []],
      [2, 3, [500, 1_500]],
      [3, 4, [500, 1_500, 4_500]],
    ])('with webhook_retries %i, tries a failing bot %i times, waiting %j, then falls back', async (retries, attempts, waits) => {
      const bot = await webhookBot({ webhook_retries: retries });
      const c = await conversationOf(bot);
      script = Array.from({ length: attempts }, () => status(500));
      let turn!: Awaited<ReturnType<ReturnType<typeof runner>['respond']>>;
      expect(await calls(async () => (turn = await runner().respond(c, hello)))).toHaveLength(attempts);
      expect(sleeps).toEqual(waits);
      expect(turn).toEqual({ actions: [FALLBACK], session: c.session });
      expect(await failuresOf(c)).toEqual({
        failures: [{ at: NOW, reason: 'delivering "message" failed: HTTP 500' }],
        events: [['PROBLEMS_WITH_UPSTREAM_PROVIDER', { reason: 'HTTP 500' }]],
      });
    });

    it.each([
      ['a timeout', (_req: RecordedRequest, res: ServerResponse) => void setTimeout(() => reply(res, 200), 1_000), 'no answer within 300 ms'],
      ['a 400', status(400, { error: 'bad' }), 'HTTP 400'],
      ['a 404', status(404), 'HTTP 404'],
      ['a 429', status(429), 'HTTP 429'],
      ['a 200 that is not JSON', status(200, '<html>oops</html>'), 'the response is not JSON'],
    ])('does not retry %s: the visitor gets the fallback and the failure is recorded', async (_case, answer, reason) => {
      const bot = await webhookBot({}, reason.startsWith('no answer') ? 300 : undefined);
      const c = await conversationOf(bot);
      script = [answer, status(200, event(cidOf(bot, c), 'message', { body: 'too late' }))];
      let turn!: Awaited<ReturnType<ReturnType<typeof runner>['respond']>>;
      expect(await calls(async () => (turn = await runner().respond(c, hello)))).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(turn.actions).toEqual([FALLBACK]);
      expect(await failuresOf(c)).toEqual({
        failures: [{ at: NOW, reason: `delivering "message" failed: ${reason}` }],
        events: [['PROBLEMS_WITH_UPSTREAM_PROVIDER', { reason }]],
      });
      expect(logged).toEqual([`webhook bot, conversation ${c.id}: delivering "message" failed: ${reason}`]);
    });

    it('retries a bot nobody answers for, and names the network error', async () => {
      const bot = await webhookBot({ webhook_url: `${await refusedOrigin()}/webhook` });
      const c = await conversationOf(bot);
      expect((await runner().respond(c, hello)).actions).toEqual([FALLBACK]);
      expect(sleeps).toEqual([500, 1_500]);
      const { failures } = await failuresOf(c);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.reason).toMatch(/^delivering "message" failed: network error: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    });

    it('keeps the valid events of a response and records each invalid one, without falling back', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot);
      script = [status(200, [event(cidOf(bot, c), 'message', { body: 'ok' }), event(cidOf(bot, c), 'teleport'), event('chatbot::other:c-1', 'message', { body: 'not yours' })])];
      const turn = await runner().respond(c, hello);
      expect(turn.actions).toEqual([{ name: 'message', payload: { body: 'ok' } }]);
      expect(await failuresOf(c)).toEqual({
        failures: [
          { at: NOW, reason: 'invalid event 1 (teleport) in the response: packet.name: unknown event "teleport"' },
          { at: NOW, reason: `invalid event 2 (message) in the response: info.cid: "chatbot::other:c-1" is not this conversation (${cidOf(bot, c)})` },
        ],
        events: [],
      });
    });

    it('gives the fallback when nothing in the response is a valid event (a wrong shape), recording each', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot);
      script = [status(200, { reply: 'hello' })];
      const turn = await runner().respond(c, hello);
      expect(turn.actions).toEqual([FALLBACK]);
      const { failures, events } = await failuresOf(c);
      expect(failures).toEqual([{ at: NOW, reason: expect.stringMatching(/^invalid event 0 \(no name\) in the response: /) }]);
      expect(events).toEqual([['PROBLEMS_WITH_UPSTREAM_PROVIDER', { reason: 'no valid event in the response' }]]);
    });

    it('keeps the newest 50 failures of a conversation', async () => {
      const bot = await webhookBot({ webhook_retries: 0 });
      const old = Array.from({ length: 50 }, (_, i) => ({ at: NOW, reason: `old ${i}` }));
      const c = await withMeta(await conversationOf(bot), { failures: old });
      script = [status(500)];
      await runner().respond(c, hello);
      const { failures } = await failuresOf(c);
      expect(failures).toHaveLength(50);
      expect(failures[0]!.reason).toBe('old 1');
      expect(failures.at(-1)!.reason).toBe('delivering "message" failed: HTTP 500');
    });

    it('after a hand-over, calls the bot for start only: it hears nothing else', async () => {
      const bot = await webhookBot();
      const c = await conversationOf(bot, { variables: {}, handover: true });
      const silent = await calls(async () => {
        expect(await runner().respond(c, hello)).toEqual({ actions: [], session: c.session });
        expect(await runner().respond(c, { name: 'forward_failed', payload: {} })).toEqual({ actions: [], session: c.session });
      });
      expect(silent).toEqual([]);
      const started = await calls(() => runner().respond(c, { name: 'start', payload: {} }));
      expect(started.map((r) => JSON.parse(r.body).packet.name)).toEqual(['start']);
    });

    it('calls nothing for a bot without a webhook URL, or an unknown bot', async () => {
      const builtin = await addBot(store);
      const c = await conversationOf(builtin);
      const ghost = { ...c, botId: 'no-such-bot' };
      const made = await calls(async () => {
        expect(await runner().respond(c, hello)).toEqual({ actions: [], session: c.session });
        expect(await runner().respond(ghost, hello)).toEqual({ actions: [], session: c.session });
      });
      expect(made).toEqual([]);
    });
  });
});
