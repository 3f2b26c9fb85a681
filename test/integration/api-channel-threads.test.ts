import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, MessageRecord } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { adminClient, type Json } from '../helpers/http.js';
import { DEMO_TOKEN, startTestServer } from '../helpers/server.js';
import { startTestBot } from '../helpers/test-bot.js';
import { errorCode, messageEvent, testVisitor } from '../helpers/visitor-client.js';

describe('bring your own UI: the API channel (001) and threads (002)', () => {
  let server: RunningServer;
  let botId: string;

  beforeAll(async () => {
    server = await startTestServer();
    botId = (await server.store.bots.findByKey('demo'))!.id;
  });
  afterAll(() => server?.close());

  const call = adminClient(() => server.url);

  /** The document's own example body. */
  const example = (externalId: string, body = 'Hello') => ({
    channel: 'API',
    message: { data: { body }, type: 'text' },
    variables: {
      system: { timezone: 'Asia/Calcutta', referrerUrl: 'https://chataibot.io', browserLanguage: 'en-GB' },
      contact: { name: 'User Name', email: 'example@domain.com', phone: '1234567890' },
      conversation: { variable: 'value' },
    },
    bot_key: 'demo',
    from: { user_external_id: externalId, type: 'VISITOR' },
  });

  /** Reads a conversation's event stream as a client would, parsed with eventsource-parser. */
  async function openStream(id: string, headers: Record<string, string> = {}, query = '') {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/conversation/${id}/stream${query}`, {
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, ...headers },
      signal: controller.signal,
    });
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e) });
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    })().catch(() => undefined);
    return { events, contentType: res.headers.get('content-type'), close: () => controller.abort() };
  }

  async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe('API channel', () => {
    it('starts a conversation and answers exactly the documented shape', async () => {
      const { status, json } = await call('POST', '/api/v1/conversations', example('visitor-1'));
      expect(status).toBe(200);
      expect(Object.keys(json)).toEqual(['ok', 'conversation', 'contact']);
      expect(json.ok).toBe(true);
      expect(Object.keys(json.conversation)).toEqual(['id', 'created_at', 'assignee']);
      expect(json.conversation.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      expect(json.conversation.assignee).toEqual({ id: botId, to: expect.stringContaining('@') });
      expect(json.contact).toEqual({ name: 'User Name', email: 'example@domain.com', phone: '1234567890', visitor_key: `visitor-1_${botId}` });
    });

    it('gives the same contact for the same user_external_id and bot', async () => {
      const a = await call('POST', '/api/v1/conversations', example('visitor-2'));
      const b = await call('POST', '/api/v1/conversations', { ...example('visitor-2'), variables: undefined });
      expect(b.json.contact.visitor_key).toBe(a.json.contact.visitor_key);
      expect(b.json.contact.email).toBe('example@domain.com');
      const ca = await server.store.conversations.find(a.json.conversation.id);
      const cb = await server.store.conversations.find(b.json.conversation.id);
      expect(ca!.visitorId).toBe(cb!.visitorId);
      expect(a.json.conversation.id).not.toBe(b.json.conversation.id);
    });

    it('passes the variables to the engine: {{variables}} in flows', async () => {
      const flow = await call('POST', '/api/chatbot/flows', {
        name: 'Variables',
        trigger_keywords: ['whoami'],
        initial_message: 'Hi {{contact.name}} ({{system.timezone}}), variable={{variable}}',
        steps: [{ step_name: 'done', step_order: 1, message: 'ok', message_type: 'text' }],
      });
      expect(flow.status).toBe(201);
      const { json } = await call('POST', '/api/v1/conversations', example('visitor-3', 'whoami'));
      const id = json.conversation.id as string;
      const messages = await waitFor(async () => {
        const r = await call('GET', `/api/v1/conversation/${id}/messages`);
        const texts = (r.json.messages as Json[]).map((m) => m.text);
        return texts.includes('ok') ? (r.json.messages as Json[]) : undefined;
      });
      expect(messages.map((m) => [m.from, m.text])).toEqual([
        ['VISITOR', 'whoami'],
        ['BOT', expect.stringContaining('Welcome')],
        ['BOT', 'Hi User Name (Asia/Calcutta), variable=value'],
        ['BOT', 'ok'],
      ]);
      await call('DELETE', `/api/chatbot/flows/${flow.json.data.id}`);
    });

    it('takes visitor messages and serves the answers after a cursor', async () => {
      const { json } = await call('POST', '/api/v1/conversations', { ...example('visitor-4'), message: undefined });
      const id = json.conversation.id as string;
      const sent = await call('POST', `/api/v1/conversation/${id}/messages`, { message: { data: { body: 'shipping' }, type: 'text' }, user: { type: 'VISITOR' } });
      expect(sent.status).toBe(200);
      expect(Object.keys(sent.json)).toEqual(['ok', 'message_id']);
      const after = await waitFor(async () => {
        const r = await call('GET', `/api/v1/conversation/${id}/messages?after=0`);
        return (r.json.messages as Json[]).find((m) => m.from === 'BOT' && String(m.text).includes('$40')) ? r.json : undefined;
      });
      const visitorSeq = (after.messages as Json[]).find((m) => m.id === sent.json.message_id)!.seq as number;
      const later = await call('GET', `/api/v1/conversation/${id}/messages?after=${visitorSeq}`);
      expect((later.json.messages as Json[]).every((m) => m.seq > visitorSeq)).toBe(true);
      expect(later.json.next_after).toBeGreaterThan(visitorSeq);
    });

    it.each([
      ['a missing bot_key', { ...example('x'), bot_key: undefined }, 400, 'bot_key'],
      ['another bot key', { ...example('x'), bot_key: 'other' }, 403, 'bot_key'],
      ['a missing user_external_id', { ...example('x'), from: { type: 'VISITOR' } }, 400, 'user_external_id'],
      ['an empty message', example('x', '   '), 400, 'message.data.body'],
      ['malformed JSON', '{"channel": "API",', 400, 'not valid JSON'],
    ])('refuses %s with the {ok:false, error} envelope', async (_, body, status, text) => {
      const r = await call('POST', '/api/v1/conversations', body);
      expect(r.status).toBe(status);
      expect(r.json).toEqual({ ok: false, error: { code: status === 403 ? 'forbidden' : 'bad_request', message: expect.stringContaining(text) } });
    });

    it('answers a wrong token with 401 and an unknown conversation with 404, in the same envelope', async () => {
      const r = await call('POST', '/api/v1/conversations', example('x'), 'wrong-token');
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
      const missing = await call('POST', '/api/v1/conversation/nope/messages', { message: { data: { body: 'x' }, type: 'text' }, user: { type: 'VISITOR' } });
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
      expect((await call('GET', '/api/v1/conversation/nope/messages')).status).toBe(404);
    });

    it('streams the messages as server-sent events, resuming after Last-Event-ID', async () => {
      const { json } = await call('POST', '/api/v1/conversations', { ...example('visitor-5'), message: undefined });
      const id = json.conversation.id as string;
      const stream = await openStream(id);
      expect(stream.contentType).toContain('text/event-stream');
      const { events } = stream;

      await call('POST', `/api/v1/conversation/${id}/messages`, { message: { data: { body: 'coffee' }, type: 'text' }, user: { type: 'VISITOR' } });
      await waitFor(async () => (events.some((e) => e.event === 'message' && e.data.includes('Morning Fog')) ? true : undefined));
      const messages = events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data) as Json);
      // The greeting (a start without a message starts like the widget), the question, the answer.
      expect(messages.map((m) => m.from)).toEqual(['BOT', 'VISITOR', 'BOT']);
      expect(events.filter((e) => e.event === 'message').map((e) => Number(e.id))).toEqual(messages.map((m) => m.seq));
      stream.close();

      // A client that lost the stream after the first message gets exactly the rest.
      const resumed = await openStream(id, { 'Last-Event-ID': String(messages[1]!.seq) });
      await waitFor(async () => (resumed.events.some((e) => e.event === 'message') ? true : undefined));
      expect(resumed.events.filter((e) => e.event === 'message').map((e) => Number(e.id))).toEqual([messages[2]!.seq]);
      resumed.close();
    });
  });

  describe('threads', () => {
    it('creates a thread with the documented fields, and refuses a taken threadId with 409', async () => {
      const { status, json } = await call('POST', '/api/v1/chatbots/demo/threads', { mode: 'AI' });
      expect(status).toBe(201);
      expect(json.success).toBe(true);
      expect(json.message).toBe('Created the chatbot thread successfully');
      const thread = json.data.thread;
      for (const field of ['threadId', 'mode', 'messages', 'startedAt', 'updatedAt', 'chatUserId', 'chatbotId', 'chatUser']) expect(thread).toHaveProperty(field);
      // chatbotId is the bot's id, as in the document; the path takes it or the bot's key.
      expect(thread).toMatchObject({ mode: 'AI', chatUserId: null, chatbotId: botId, chatUser: null });
      expect((await call('GET', `/api/v1/chatbots/${botId}/threads/${thread.threadId}`)).json.data.thread.threadId).toBe(thread.threadId);

      const named = await call('POST', '/api/v1/chatbots/demo/threads', { threadId: 'my-thread-1', email: 'ada@example.com' });
      expect(named.json.data.thread).toMatchObject({ threadId: 'my-thread-1', chatUser: { email: 'ada@example.com', verified: false } });
      const again = await call('POST', '/api/v1/chatbots/demo/threads', { threadId: 'my-thread-1' });
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ success: false, message: expect.stringContaining('exists') });
      // Another bot's chatbot id: this token is not for it.
      expect((await call('POST', '/api/v1/chatbots/other/threads', {})).status).toBe(403);
      expect((await call('POST', '/api/v1/chatbots/demo/threads', { mode: 'ROBOT' })).json.message).toContain('mode');
    });

    it('posts user and agent messages, switches mode, reacts and ends', async () => {
      const { json } = await call('POST', '/api/v1/chatbots/demo/threads', {});
      const id = json.data.thread.threadId as string;
      const user = await call('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'opening hours?' });
      expect(user.json.data.message).toMatchObject({ type: 'USER_MESSAGE', message: 'opening hours?' });
      const withAnswer = await waitFor(async () => {
        const t = (await call('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread;
        return (t.messages as Json[]).some((m) => m.type === 'NORMAL_MESSAGE' && m.message.includes('Mon–Fri')) ? t : undefined;
      });
      const answer = (withAnswer.messages as Json[]).find((m) => m.type === 'NORMAL_MESSAGE' && m.message.includes('Mon–Fri'))!;
      expect(answer.message).toContain('Mon–Fri');

      const reacted = await call('PUT', `/api/v1/chatbots/demo/threads/${id}/messages/${answer.id}/reaction`, { reaction: 'POSITIVE' });
      expect(reacted.json.data.message.reaction).toBe('POSITIVE');
      expect((await call('PUT', `/api/v1/chatbots/demo/threads/${id}/messages/${user.json.data.message.id}/reaction`, { reaction: 'POSITIVE' })).status).toBe(400);

      const agentMode = await call('PATCH', `/api/v1/chatbots/demo/threads/${id}`, { mode: 'AGENT' });
      expect(agentMode.json.data.thread.mode).toBe('AGENT');
      expect((agentMode.json.data.thread.messages as Json[]).at(-1)).toMatchObject({ type: 'SYSTEM_MESSAGE', systemMessageType: 'CONVERSATION_ESCALATED' });
      await call('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'shipping?' });
      const agent = await call('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'Hi, Grace here.', type: 'AGENT' });
      expect(agent.json.data.message.type).toBe('AGENT_MESSAGE');
      await server.service.idle();
      const thread = (await call('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread;
      expect((thread.messages as Json[]).map((m) => m.type)).toEqual(['NORMAL_MESSAGE', 'USER_MESSAGE', 'NORMAL_MESSAGE', 'SYSTEM_MESSAGE', 'USER_MESSAGE', 'AGENT_MESSAGE']);
      expect(thread.escalated).toBe(true);

      const ended = await call('POST', `/api/v1/chatbots/demo/threads/${id}/end`);
      expect(ended.json.data.thread.endedAt).toEqual(expect.any(String));
      expect((await call('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'hello?' })).status).toBe(409);
    });

    it('lists threads page by page', async () => {
      const first = await call('GET', '/api/v1/chatbots/demo/threads?page=1&limit=2');
      expect(first.json.data).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) });
      expect(first.json.data.threads).toHaveLength(2);
      const second = await call('GET', '/api/v1/chatbots/demo/threads?page=2&limit=2');
      expect(second.json.data.threads[0].threadId).not.toBe(first.json.data.threads[0].threadId);
      expect((await call('GET', '/api/v1/chatbots/demo/threads?limit=0')).status).toBe(400);
    });
  });

  describe('one conversation, three views', () => {
    it('a widget conversation is a thread; an agent message reaches the widget; the widget reaches the stream and the webhook', async () => {
      const receiver = await startTestBot(() => ({}));
      await call('PUT', '/api/chatbot/settings', { message_webhook_url: receiver.url, message_webhook_token: 'message-webhook-token-123' });
      try {
        const v = await testVisitor(server);
        const id = (await v.open()).conversation.id;

        const viaThreads = (await call('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread;
        expect((viaThreads.messages as Json[])[0]).toMatchObject({ type: 'NORMAL_MESSAGE', message: expect.stringContaining('Welcome') });
        const viaChannel = await call('GET', `/api/v1/conversation/${id}/messages`);
        expect(viaChannel.json.messages[0].from).toBe('BOT');

        const stream = await openStream(id, {}, '?after=1');
        const { events } = stream;

        await v.send(id, 'hours please');
        await waitFor(async () => (events.some((e) => e.data.includes('hours please')) ? true : undefined));

        const agent = await call('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'An agent here.', type: 'AGENT' });
        const seen = await v.inbox.next((m: MessageRecord) => m.author === 'agent');
        expect(seen.id).toBe(agent.json.data.message.id);

        // The webhook got every message of the conversation, in order, with the token.
        await receiver.called(4);
        const got = receiver.calls.map((c) => c.body as unknown as Json);
        expect(got.map((b) => b.message.type)).toEqual(['NORMAL_MESSAGE', 'USER_MESSAGE', 'NORMAL_MESSAGE', 'AGENT_MESSAGE']);
        expect(got.every((b) => b.chatbotId === botId && b.threadId === id)).toBe(true);
        expect(receiver.calls[0]!.headers['x-chatbot-token']).toBe('message-webhook-token-123');

        // A reaction in the widget is visible through the API.
        const botMessage = got[2]!.message as Json;
        const reacted = await v.attempt('message:react', { conversationId: id, messageId: botMessage.id, reaction: 'NEGATIVE' });
        expect(reacted.ok).toBe(true);
        const thread = (await call('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread;
        expect((thread.messages as Json[]).find((m) => m.id === botMessage.id)!.reaction).toBe('NEGATIVE');

        stream.close();
        v.close();
      } finally {
        await call('PUT', '/api/chatbot/settings', { message_webhook_url: null });
        await receiver.close();
      }
    });

    it('records system messages when those things happen', async () => {
      await call('PUT', '/api/chatbot/settings', { personas: [{ name: 'Barista Bo' }] });
      const personaId = (await call('GET', '/api/chatbot/settings')).json.data.personas[0].id as string;
      const v = await testVisitor(server);
      const id = (await v.open()).conversation.id;
      expect((await v.attempt('persona:select', { conversationId: id, personaId })).ok).toBe(true);
      expect((await v.attempt('visitor:identify', { email: 'ada@example.com', name: 'Ada' })).ok).toBe(true);
      expect((await v.attempt('persona:select', { conversationId: id, personaId: 'nope' })).ok).toBe(false);
      const say = (body: string) => v.attempt('visitor:event', messageEvent(id, body));
      await say('agent please');
      await server.service.idle();
      const acks: Array<Ack<unknown>> = [];
      for (let i = 0; i < 31; i++) acks.push(await say(`flood ${i}`));
      expect(acks.filter((a) => !a.ok).map(errorCode)).toContain('rate_limited');
      const read = await v.attempt('conversation:read', { conversationId: id, seq: 2 });
      expect(read).toEqual({ ok: true, data: { seq: 2 } });
      v.close();

      const thread = (await call('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread;
      const kinds = (thread.messages as Json[]).filter((m) => m.type === 'SYSTEM_MESSAGE').map((m) => m.systemMessageType);
      expect(kinds).toEqual(['PERSONA_SELECTED', 'PROVIDED_EMAIL', 'CONVERSATION_ESCALATED', 'EXCEEDED_USAGE_LIMITS']);
      expect(thread.chatUser).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
      expect(thread.readCount).toBe(2);
      expect(thread.mode).toBe('AGENT');
    });
  });
});
