import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BotMessage, MessageRecord, TypingSignal } from '../../shared/index.js';
import { cidOf } from '../../server/bots/bot-actions.js';
import { sweepIdleConversations } from '../../server/conversations/timeouts.js';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { agentAck, connectAgent, createAgent } from '../helpers/agent-client.js';
import { adminClient, call } from '../helpers/http.js';
import { bodyOf, startTestServer } from '../helpers/server.js';
import { event, startPythonBot, startTestBot } from '../helpers/test-bot.js';
import { ack, clickEvent, errorCode, messageEvent, testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

const API_TOKEN = 'bot-api-security-token-0123456789';

describe('webhook bots (003)', () => {
  let server: RunningServer;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    bot = await startTestBot(() => ({}));
  });
  afterEach(() => {
    for (const v of visitors.splice(0)) v.close();
  });
  afterAll(async () => {
    await bot?.close();
    await server?.close();
  });

  const admin = adminClient(() => server.url, '/api/chatbot');

  async function useWebhook(url: string, extra: Record<string, unknown> = {}) {
    const res = await admin('PUT', '/settings', {
      bot_type: 'webhook',
      webhook_url: url,
      webhook_headers: { 'X-Bot-Secret': 's3cret' },
      api_security_token: API_TOKEN,
      behavior_mode: 'firewall',
      webhook_timeout_ms: 2_000,
      webhook_retries: 2,
      conversation_timeout: null,
      business_hours_enabled: false,
      ...extra,
    });
    expect(res.status, res.json.message).toBe(200);
  }

  /** A visitor with an open conversation; the bot's start reply may come with it or after. */
  async function visitor() {
    const v = await testVisitor(server);
    visitors.push(v);
    const typing: TypingSignal[] = [];
    v.socket.on('typing', (t) => typing.push(t));
    // Opening a new conversation waits a while for the bot's first words: a longer timeout.
    const opened = await ack(v.socket, 'conversation:open', {}, 15_000);
    v.inbox.received.push(...opened.messages);
    const id = opened.conversation.id;
    return { ...v, typing, id, cid: cidOf('demo', id), say: (body: string) => v.send(id, body) };
  }

  const botSaid = (m: MessageRecord, name: string) => m.author === 'bot' && m.packet.name === name;

  /** The bot API URL, with the bot's own token. */
  const postEvents = (body: unknown, token = API_TOKEN) =>
    call(server.url, 'POST', '/api/chatbot/v1/events', { body, token: null, headers: { 'SECURITY-TOKEN': token } });

  it('drives a whole conversation: start, bubbles, click, contact_update, an async message, a forward', async () => {
    await useWebhook(bot.url);
    bot.setHandler(({ body }) => {
      const { cid } = body.info;
      switch (body.packet.name) {
        case 'start':
          return {
            body: event(cid, 'bubbles', { body: 'Hi! What do you need?', fallback: 'Reply 1 or 2', options: [{ id: 'orders', label: 'Orders' }, { id: 'human', label: 'A human' }] }, { step: 'menu' }),
          };
        case 'click':
          return body.packet.payload.value.id === 'orders'
            ? { body: [event(cid, 'contact_update', { name: 'Ada', custom_fields: { plan: 'pro' } }), event(cid, 'message', { body: 'Looking up your orders…' })] }
            : { body: [event(cid, 'message', { body: 'One moment.' }), event(cid, 'forward_any', {})] };
        default:
          return { body: event(cid, 'message', { body: `You said: ${body.packet.payload.body}` }) };
      }
    });
    const v = await visitor();
    const menu = await v.inbox.next((m) => botSaid(m, 'bubbles'));
    const start = bot.calls.find((c) => c.body.packet.name === 'start' && c.body.info.cid === v.cid)!;
    expect(start.headers['x-bot-secret']).toBe('s3cret');
    expect(start.body.info).toMatchObject({
      approach_mode: 'normal',
      cid: v.cid,
      context: {},
      contact: { id: v.identity.visitorId },
      conversation: { id: v.id, contact_channel: { type: 'web' }, url: expect.stringContaining(`/threads/${v.id}`) },
      widget: { id: 'demo' },
    });

    const clicked = await v.attempt('visitor:event', clickEvent(menu, { id: 'orders', label: 'Orders' }));
    expect(clicked.ok).toBe(true);
    await v.inbox.next((m) => bodyOf(m) === 'Looking up your orders…');
    const click = bot.calls.find((c) => c.body.packet.name === 'click' && c.body.info.cid === v.cid)!;
    expect(click.body.packet.payload).toEqual({ value: { id: 'orders', label: 'Orders' } });
    expect(click.body.info.context).toEqual({ step: 'menu' });
    const contact = await server.store.visitors.find(v.identity.visitorId);
    expect(contact).toMatchObject({ name: 'Ada', customFields: { plan: 'pro' } });

    // The bot answers later through its API URL.
    const sources = [{ title: 'Order history', url: 'https://shop.example/orders' }];
    const later = await postEvents(event(v.cid, 'message', { body: 'You have **2** orders on the way.', sources }));
    expect(later.status).toBe(200);
    const async = await v.inbox.next((m) => bodyOf(m) === 'You have **2** orders on the way.');
    expect(async.packet.payload).toMatchObject({ sources });

    // A second click on the same choice is a message with the label (003, web).
    await v.click(menu, { id: 'human', label: 'A human' });
    await v.inbox.next((m) => bodyOf(m) === 'You said: A human');

    // Typing "human" now goes to the bot as a message; it forwards.
    bot.setHandler(({ body }) => ({ body: [event(body.info.cid, 'message', { body: 'One moment.' }), event(body.info.cid, 'forward_any', {})] }));
    await v.say('I want a human');
    await v.inbox.next((m) => botSaid(m, 'forward_any'));
    const transfers = await admin('GET', '/transfers?status=active');
    expect(transfers.json.data.transfers).toContainEqual(expect.objectContaining({ conversation_id: v.id, source: 'bot', contact_name: 'Ada' }));
    const callsBefore = bot.calls.length;
    await v.say('hello?');
    await server.service.idle();
    expect(bot.calls.length).toBe(callsBefore);
  });

  it('keeps, echoes, replaces and ignores the context as 003 says', async () => {
    await useWebhook(bot.url);
    const contexts: unknown[] = [];
    bot.setHandler(({ body }) => {
      contexts.push(body.info.context);
      const { cid } = body.info;
      const n = contexts.length;
      if (n === 1) return { body: event(cid, 'message', { body: 'first' }, { step: 1 }) };
      if (n === 2) return { body: event(cid, 'message', { body: 'second' }, {}) };
      if (n === 3) return { body: event(cid, 'message', { body: 'third' }, { step: 3 }) };
      return { body: event(cid, 'message', { body: 'big' }, { blob: 'x'.repeat(11 * 1024) }) };
    });
    const v = await visitor();
    await v.inbox.next((m) => bodyOf(m) === 'first');
    for (const [text, reply] of [['a', 'second'], ['b', 'third'], ['c', 'no']] as const) {
      await v.say(text);
      if (reply !== 'no') await v.inbox.next((m) => bodyOf(m) === reply);
    }
    await server.service.idle();
    await v.say('d');
    await server.service.idle();
    expect(contexts).toEqual([{}, { step: 1 }, { step: 1 }, { step: 3 }, { step: 3 }]);
    const meta = (await server.store.conversations.find(v.id))!.meta;
    expect(meta.failures?.at(-1)?.reason).toContain('info.context: larger than 10 KB');
  });

  it('retries 5xx with backoff, gives up with the fallback message, and never retries a timeout', async () => {
    await useWebhook(bot.url, { webhook_retries: 2, webhook_timeout_ms: 500 });
    let n = 0;
    bot.setHandler(({ body }) => {
      n += 1;
      if (body.packet.name === 'start') return { body: event(body.info.cid, 'message', { body: 'ready' }) };
      return n < 4 ? { status: 503 } : { body: event(body.info.cid, 'message', { body: 'after retries' }) };
    });
    const v = await visitor();
    await v.inbox.next((m) => bodyOf(m) === 'ready');
    await v.say('hello');
    await v.inbox.next((m) => bodyOf(m) === 'after retries', 10_000);
    expect(n).toBe(4);

    bot.setHandler(() => ({ status: 500 }));
    await v.say('again');
    const fallback = await v.inbox.next((m) => m.author === 'bot' && (bodyOf(m) ?? '').includes("didn't understand"), 10_000);
    expect(fallback.packet.name).toBe('message');
    let failures = (await server.store.conversations.find(v.id))!.meta.failures!;
    expect(failures.at(-1)?.reason).toBe('delivering "message" failed: HTTP 500');

    const before = bot.calls.length;
    bot.setHandler(() => ({ delayMs: 1_500, body: {} }));
    await v.say('slow');
    await server.service.idle();
    expect(bot.calls.length).toBe(before + 1);
    failures = (await server.store.conversations.find(v.id))!.meta.failures!;
    expect(failures.at(-1)?.reason).toBe('delivering "message" failed: no answer within 500 ms');
  });

  it('keeps the order of a conversation: the next event waits for the previous delivery', async () => {
    await useWebhook(bot.url);
    bot.setHandler(({ body }) =>
      body.packet.name === 'start'
        ? { body: [] }
        : { delayMs: body.packet.payload.body === 'one' ? 300 : 0, body: event(body.info.cid, 'message', { body: `re: ${body.packet.payload.body}` }) },
    );
    const v = await visitor();
    await Promise.all([v.say('one'), v.say('two')]);
    await v.inbox.next((m) => bodyOf(m) === 're: two');
    const replies = v.inbox.received.filter((m) => m.author === 'bot').map(bodyOf);
    expect(replies).toEqual(['re: one', 're: two']);
  });

  it('holds back what follows a delay, with a typing indicator, and delivers it after a restart too', async () => {
    await useWebhook(bot.url);
    bot.setHandler(({ body }) =>
      body.packet.name === 'start'
        ? { body: [event(body.info.cid, 'message', { body: 'Let me check…' }), event(body.info.cid, 'delay', { duration: 400 }), event(body.info.cid, 'message', { body: 'Found it.' })] }
        : {},
    );
    const v = await visitor();
    const first = await v.inbox.next((m) => bodyOf(m) === 'Let me check…');
    const second = await v.inbox.next((m) => bodyOf(m) === 'Found it.', 5_000);
    expect(Date.parse(second.createdAt) - Date.parse(first.createdAt)).toBeGreaterThanOrEqual(350);
    expect(v.typing[0]).toMatchObject({ conversationId: v.id, until: expect.any(String) });
    expect(second.seq).toBe(first.seq + 1);

    // A delay that falls due while the server is down is delivered when it is back.
    const dataDir = tempDir();
    const other = await startTestServer({ dataDir });
    try {
      await call(other.url, 'PUT', '/api/chatbot/settings', { body: { bot_type: 'webhook', webhook_url: bot.url, api_security_token: API_TOKEN } });
      bot.setHandler(({ body }) =>
        body.packet.name === 'start'
          ? { body: [event(body.info.cid, 'delay', { duration: 300 }), event(body.info.cid, 'message', { body: 'after the restart' })] }
          : {},
      );
      const s = await testVisitor(other);
      const opened = await s.open().finally(() => s.close());
      await other.close();
      await new Promise((r) => setTimeout(r, 400));
      const again = await startTestServer({ dataDir });
      try {
        const messages = await again.store.conversations.messages(opened.conversation.id, { limit: 10 });
        expect(messages.map((m) => bodyOf(m))).toEqual(['after the restart']);
      } finally {
        await again.close();
      }
    } finally {
      await other.close().catch(() => undefined);
    }
  });

  it('answers the bot API URL: bad token 401, unknown cid 404, invalid events named, 429 past 20 a minute, ended 409', async () => {
    await useWebhook(bot.url);
    bot.setHandler(() => ({}));
    const v = await visitor();
    expect((await postEvents(event(v.cid, 'message', { body: 'x' }), 'wrong-token-wrong-token')).status).toBe(401);
    expect((await postEvents(event('chatbot::demo:nope', 'message', { body: 'x' }))).status).toBe(404);
    expect((await postEvents(event('garbage', 'message', { body: 'x' }))).status).toBe(404);

    const mixed = await postEvents([
      event(v.cid, 'message', { body: 'valid one' }),
      event(v.cid, 'teleport', {}),
      event(v.cid, 'bubbles', { body: 'no fallback', options: [{ id: 'a', label: 'A' }] }),
      event(v.cid, 'message', { body: 'x'.repeat(5_001) }),
      event(v.cid, 'media', { link: 'http://127.0.0.1:9/missing.png' }),
      event(v.cid, 'message', { body: 'valid two' }),
    ]);
    expect(mixed.status).toBe(200);
    const { data } = mixed.json as { data: { applied: number; errors: Array<{ index: number; event: string; message: string }> } };
    expect(data.applied).toBe(2);
    expect(data.errors).toEqual([
      { index: 1, event: 'teleport', message: 'packet.name: unknown event "teleport"' },
      { index: 2, event: 'bubbles', message: expect.stringContaining('packet.payload.fallback') },
      { index: 3, event: 'message', message: expect.stringContaining('packet.payload.body') },
      { index: 4, event: 'media', message: expect.stringContaining('packet.payload.link: the file is not reachable') },
    ]);
    await v.inbox.next((m) => bodyOf(m) === 'valid two');
    const bodies = v.inbox.received.filter((m) => m.author === 'bot').map(bodyOf);
    expect(bodies.indexOf('valid one')).toBeLessThan(bodies.indexOf('valid two'));

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await postEvents(event(v.cid, 'note_create', { body: `note ${i}` }))).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await postEvents(event(v.cid, 'note_create', { body: 'one more' }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const w = await visitor();
    expect((await postEvents(event(w.cid, 'end', {}))).status).toBe(200);
    await w.inbox.next((m) => botSaid(m, 'end'));
    expect((await postEvents(event(w.cid, 'message', { body: 'too late' }))).status).toBe(409);
    const refused = await w.attempt('visitor:event', messageEvent(w.id, 'anyone?'));
    expect(errorCode(refused)).toBe('conversation_ended');
  });

  it('sends forward_failed back when a forward asks for feedback and no agent is available', async () => {
    await useWebhook(bot.url);
    bot.setHandler(({ body }) => {
      const { cid } = body.info;
      if (body.packet.name === 'message') return { body: event(cid, 'forward_group', { group_id: 'sales', on_failure: 'feedback' }) };
      if (body.packet.name === 'forward_failed') return { body: event(cid, 'message', { body: 'Nobody is free; leave your email?' }) };
      return {};
    });
    const v = await visitor();
    await v.say('sales please');
    await v.inbox.next((m) => bodyOf(m) === 'Nobody is free; leave your email?');
    expect(v.inbox.received.some((m) => botSaid(m, 'forward_group'))).toBe(false);
    expect((await server.store.transfers.activeForConversation(v.id))).toBeUndefined();
  });

  it('records notes, conversation updates and dispatches, and media that is reachable', async () => {
    await useWebhook(bot.url);
    bot.setHandler(() => ({}));
    const v = await visitor();
    const res = await postEvents([
      event(v.cid, 'note_create', { body: 'VIP customer' }),
      event(v.cid, 'note_create', { body: 'About the contact', contact_identity_id: 'c-1' }),
      event(v.cid, 'conversation_update', { subject: 'Refund', topics: ['billing'], locale: 'de', custom_fields: { order: 'NW-1' } }),
      event(v.cid, 'email_dispatch', { recipient: 'contact' }),
      event(v.cid, 'addon_dispatch', { addon: 'crm' }),
      event(v.cid, 'media', { link: `${server.url}/widget.js`, type: 'file', name: 'widget.js' }),
    ]);
    expect(res.status).toBe(200);
    await v.inbox.next((m) => botSaid(m, 'media'));
    const notes = await server.store.notes.ofConversation(v.id);
    expect(notes.map((n) => [n.body, n.contactId])).toEqual([
      ['VIP customer', null],
      ['About the contact', v.identity.visitorId],
    ]);
    const meta = (await server.store.conversations.find(v.id))!.meta;
    expect(meta).toMatchObject({ subject: 'Refund', topics: ['billing'], locale: 'de', custom_fields: { order: 'NW-1' } });
    expect(meta.dispatches?.map((d) => d.name)).toEqual(['email_dispatch', 'addon_dispatch']);
    // Internal events show the visitor nothing.
    expect(v.inbox.received.filter((m) => m.author === 'bot').map((m) => m.packet.name)).toEqual(['media']);
  });

  it("carries the bot's notes about the contact from earlier conversations into the agent's view of a new one", async () => {
    await useWebhook(bot.url);
    bot.setHandler(() => ({}));
    const v = await visitor();
    expect(
      (await postEvents([
        event(v.cid, 'note_create', { body: 'Prefers email', contact_identity_id: 'c-1' }),
        event(v.cid, 'note_create', { body: 'Asked about a refund' }),
      ])).status,
    ).toBe(200);
    // The same contact starts a second conversation, where the bot notes something too.
    const second = (await ack(v.socket, 'conversation:open', { fresh: true }, 15_000)).conversation.id;
    expect(second).not.toBe(v.id);
    expect((await postEvents(event(cidOf('demo', second), 'note_create', { body: 'Wants a callback' }))).status).toBe(200);

    const created = await createAgent(server.url, { name: 'Nora Notes' });
    const socket = await connectAgent(server.url, { token: created.token });
    try {
      const view = await agentAck(socket, 'conversation:watch', { conversationId: second });
      // The earlier conversation's note about the contact, marked; not its note about itself.
      expect(view.notes.map(({ body, author, aboutContact, earlierConversationId }) => ({ body, author, aboutContact, earlierConversationId }))).toEqual([
        { body: 'Prefers email', author: 'bot', aboutContact: true, earlierConversationId: v.id },
        { body: 'Wants a callback', author: 'bot', aboutContact: undefined, earlierConversationId: undefined },
      ]);
      // In the conversation it was made in, the note is there once, about the contact but not from elsewhere.
      const first = await agentAck(socket, 'conversation:watch', { conversationId: v.id });
      expect(first.notes.map((n) => [n.body, n.aboutContact, n.earlierConversationId])).toEqual([
        ['Prefers email', true, undefined],
        ['Asked about a refund', undefined, undefined],
      ]);
    } finally {
      socket.close();
    }
  });

  it('routes new conversations to people by behaviour mode and chat slots', async () => {
    await useWebhook(bot.url, {
      behavior_mode: 'service_time',
      business_hours_enabled: true,
      business_hours: { timezone: 'UTC', days: Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) },
    });
    bot.setHandler(({ body }) => ({ body: event(body.info.cid, 'message', { body: 'bot here' }) }));
    const before = bot.calls.length;
    const v = await visitor();
    await v.inbox.next((m) => botSaid(m, 'forward_any'));
    expect(bot.calls.length).toBe(before);

    // Earlier conversations still hold slots: give the bot exactly one free slot.
    const botId = (await server.store.bots.findByKey('demo'))!.id;
    const inUse = await server.store.conversations.countBotActive(botId, new Date(Date.now() - 3_600_000).toISOString());
    await useWebhook(bot.url, { behavior_mode: 'human', chat_slots: inUse + 1 });
    const first = await visitor();
    await first.inbox.next((m) => bodyOf(m) === 'bot here');
    const second = await visitor();
    await second.inbox.next((m) => botSaid(m, 'forward_any'));
    const t = await server.store.transfers.activeForConversation(second.id);
    expect(t?.notes).toContain('chat slots');
  });

  it('runs the conversation timeout action on idle conversations', async () => {
    await useWebhook(bot.url, { conversation_timeout: { seconds: 60, action: 'end' } });
    bot.setHandler(({ body }) => ({ body: event(body.info.cid, 'message', { body: 'hi' }) }));
    const v = await visitor();
    await v.inbox.next((m) => bodyOf(m) === 'hi');
    const later = { now: () => new Date(Date.now() + 61_000) };
    const acted = await sweepIdleConversations({ store: server.store, clock: later, service: server.service });
    expect(acted).toBeGreaterThanOrEqual(1);
    expect((await server.store.conversations.find(v.id))?.status).toBe('ended');
    await v.inbox.next((m) => m.packet.name === 'end');

    await useWebhook(bot.url, { conversation_timeout: { seconds: 60, action: 'unassign' } });
    const w = await visitor();
    await w.inbox.next((m) => bodyOf(m) === 'hi');
    await sweepIdleConversations({ store: server.store, clock: later, service: server.service });
    expect((await server.store.transfers.activeForConversation(w.id))?.source).toBe('timeout_unassign');
  });

  it('validates the webhook settings', async () => {
    expect((await admin('PUT', '/settings', { bot_type: 'webhook', webhook_url: null })).json.message).toContain('webhook_url');
    expect((await admin('PUT', '/settings', { behavior_mode: 'sometimes' })).json.message).toContain('behavior_mode');
    expect((await admin('PUT', '/settings', { conversation_timeout: { seconds: 5, action: 'end' } })).json.message).toContain('conversation_timeout.seconds');
    expect((await admin('PUT', '/settings', { api_security_token: 'short' })).json.message).toContain('api_security_token');
    expect((await admin('PUT', '/settings', { webhook_headers: { 'bad header': 'x' } })).json.message).toContain('webhook_headers');
    const got = await admin('GET', '/settings');
    expect(got.json.data.api_security_token).toBeUndefined();
    expect(got.json.data.api_security_token_set).toBe(true);
  });
});

describe("the bot protocol document's Python bots, unchanged", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  async function configure(url: string, token: string) {
    const res = await call(server.url, 'PUT', '/api/chatbot/settings', {
      body: { bot_type: 'webhook', webhook_url: url, webhook_headers: { 'API-SECURITY-TOKEN': token }, behavior_mode: 'firewall' },
    });
    expect(res.status).toBe(200);
  }

  async function open() {
    const v = await testVisitor(server, { timeoutMs: 10_000 });
    const opened = await v.open();
    v.inbox.received.push(...opened.messages);
    return { ...v, id: opened.conversation.id };
  }

  it('the campaign bot subscribes on the "start" click and forwards anything else', async () => {
    const py = await startPythonBot('campaign_bot');
    try {
      await configure(py.url, 'your-outbound-auth-token');
      const v = await open();
      const welcome = (await v.inbox.next((m) => m.packet.name === 'button_template', 10_000)) as BotMessage;
      expect(welcome.packet.payload).toMatchObject({ options: [{ id: 'start', label: 'start' }] });
      await v.click(welcome, { id: 'start', label: 'start' });
      await v.inbox.next((m) => bodyOf(m) === "You've been subscribed to the campaign!", 10_000);
      expect((await server.store.visitors.find(v.identity.visitorId))?.campaigns).toBe(true);

      await v.send(v.id, 'what else?');
      await v.inbox.next((m) => m.packet.name === 'forward_any', 10_000);
      expect(await server.store.transfers.activeForConversation(v.id)).toBeDefined();
      v.close();
    } finally {
      py.stop();
    }
  });

  it('the name and email bot forwards a new conversation, as its first branch says', async () => {
    const py = await startPythonBot('name_email_bot');
    try {
      await configure(py.url, 'd8facdb0-7510-495c-9d6e-8c22b9260e7a');
      const v = await open();
      await v.inbox.next((m) => m.packet.name === 'forward_any', 10_000);
      expect((await server.store.transfers.activeForConversation(v.id))?.source).toBe('bot');
      v.close();
    } finally {
      py.stop();
    }
  });
});
