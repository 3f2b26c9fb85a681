import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerDraft, BotActionOf, MessageRecord } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { createGate, startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from '../helpers/fake-ai.js';
import { adminClient } from '../helpers/http.js';
import { bodyOf, DEMO_TOKEN, fromBot, startTestServer } from '../helpers/server.js';
import { startTestBot } from '../helpers/test-bot.js';
import { putSettings, threadMessages } from '../helpers/threads.js';
import { ack, testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

type AnswerMessage = MessageRecord & { packet: BotActionOf<'message'> };
const isAnswer = (m: MessageRecord): m is AnswerMessage => m.author === 'bot' && m.packet.name === 'message' && m.packet.payload.ai !== undefined;

/** Every message:draft a socket receives. */
function drafts(v: TestVisitor): AnswerDraft[] {
  const seen: AnswerDraft[] = [];
  v.socket.on('message:draft', (d) => seen.push(d));
  return seen;
}

describe('AI answers through the real server', () => {
  let server: RunningServer;
  let openai: FakeProvider;
  let anthropic: FakeProvider;
  let reply: (req: FakeRequest) => FakeReply = () => ({ chunks: ['ok'] });
  const call = adminClient(() => server.url);

  beforeAll(async () => {
    server = await startTestServer();
    openai = await startFakeProvider('openai', (req) => reply(req));
    anthropic = await startFakeProvider('anthropic', (req) => reply(req));
  });
  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await server?.close();
  });
  beforeEach(async () => {
    openai.requests.length = 0;
    anthropic.requests.length = 0;
    await putSettings(server.url, {
      ai_enabled: true,
      ai_provider: 'openai',
      ai_base_url: openai.url,
      ai_model: 'gpt-test',
      ai_api_key: 'sk-test-0123',
      ai_temperature: 0.2,
      ai_max_tokens: 321,
      ai_timeout_ms: 5_000,
      system_prompt: 'You are the Northwind Coffee assistant. Be brief.',
      ai_follow_ups_enabled: true,
      ai_follow_ups_count: 2,
      ai_max_answers_per_visitor: null,
      ai_max_answers_per_day: null,
      message_webhook_url: null,
    });
  });

  async function ask(question: string, v?: TestVisitor) {
    const visitor = v ?? (await testVisitor(server));
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, question);
    return { v: visitor, conversationId: conversation.id };
  }

  it('streams an OpenAI answer as drafts of one message to every tab, and a reconnect mid-answer sees the text so far, then the rest once', async () => {
    const gate = createGate();
    reply = () => ({ chunks: ['Yes: our ', '**Quiet Harbour** decaf', ' is Swiss Water processed.', '\nFOLLOW-UPS:\n- Is it organic?\n- How much caffeine is left?'], gate, usage: { input: 120, output: 30 } });
    const tab1 = await testVisitor(server);
    const tab2 = await testVisitor(server, { identity: tab1.identity });
    const seen1 = drafts(tab1);
    const seen2 = drafts(tab2);
    const { conversationId } = await ask('Do you have decaf?', tab1);
    await tab2.open({ conversationId });

    gate.release();
    await expect.poll(() => seen1.at(-1)?.text).toBe('Yes: our ');
    gate.release();
    await expect.poll(() => seen1.at(-1)?.text).toBe('Yes: our **Quiet Harbour** decaf');
    await expect.poll(() => seen2.at(-1)?.text).toBe('Yes: our **Quiet Harbour** decaf');
    expect(tab1.inbox.received.filter(isAnswer)).toEqual([]);

    // A reload mid-answer: a new connection's snapshot holds the draft as it stands.
    const reload = await testVisitor(server, { identity: tab1.identity });
    const seen3 = drafts(reload);
    const snapshot = await reload.open({ conversationId });
    expect(snapshot.drafts).toEqual([{ conversationId, draftId: seen1[0]!.draftId, text: 'Yes: our **Quiet Harbour** decaf', state: 'streaming' }]);

    gate.release(2);
    const final = (await tab1.inbox.next(isAnswer)) as AnswerMessage;
    expect(final.packet.payload).toEqual({
      body: 'Yes: our **Quiet Harbour** decaf is Swiss Water processed.',
      text_format: 'markdown_v1',
      sources: [{ title: 'Decaf and caffeine', url: '' }],
      follow_ups: ['Is it organic?', 'How much caffeine is left?'],
      ai: { model: 'gpt-test', provider: 'openai', usage: { inputTokens: 120, outputTokens: 30 }, finish: 'complete', draftId: seen1[0]!.draftId },
    });
    // The follow-up marker never reached a draft.
    expect(seen1.every((d) => !d.text.includes('FOLLOW'))).toBe(true);
    for (const v of [tab2, reload]) await v.inbox.next(isAnswer);
    await expect.poll(() => seen3.at(-1)?.state).toBe('ended');
    for (const v of [tab1, tab2, reload]) expect(v.inbox.received.filter(isAnswer)).toHaveLength(1);
    expect((await reload.open({ conversationId })).drafts).toBeUndefined();
    for (const v of [tab1, tab2, reload]) v.close();
  });

  it('sends the model, temperature, max tokens, system prompt, the triggered contexts and the history', async () => {
    reply = () => ({ chunks: ['We ship to Canada.'] });
    const { v, conversationId } = await ask('Do you ship to Canada?');
    await v.inbox.next(isAnswer);
    const body = openai.requests[0]!.body as { model: string; temperature: number; max_tokens: number; messages: Array<{ role: string; content: string }> };
    expect(body).toMatchObject({ model: 'gpt-test', temperature: 0.2, max_tokens: 321, stream: true });
    expect(openai.requests[0]!.headers.authorization).toBe('Bearer sk-test-0123');
    const [system, ...history] = body.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toContain('You are the Northwind Coffee assistant. Be brief.');
    expect(system!.content).toContain('## Shipping Policy');
    expect(system!.content).toContain('We ship within the US, to Canada');
    expect(system!.content).not.toContain('## Brewing guide'); // not triggered
    expect(system!.content).toContain('FOLLOW-UPS:');
    expect(history).toEqual([{ role: 'user', content: 'Do you ship to Canada?' }]);

    // The next question carries the history, the bot's answer included.
    reply = () => ({ chunks: ['About a week.'] });
    await v.send(conversationId, 'And how long does it take?');
    await v.inbox.next((m) => isAnswer(m) && bodyOf(m) === 'About a week.');
    const second = openai.requests[1]!.body as { messages: Array<{ role: string; content: string }> };
    expect(second.messages.slice(1)).toEqual([
      { role: 'user', content: 'Do you ship to Canada?' },
      { role: 'assistant', content: 'We ship to Canada.' },
      { role: 'user', content: 'And how long does it take?' },
    ]);
    v.close();
  });

  it("the owner's active AI prompt stands in for system_prompt in what the provider receives; none active, system_prompt is back", async () => {
    reply = () => ({ chunks: ['Hello there.'] });
    const inactive = await call('POST', '/api/chatbot/prompts', { name: 'Formal', system_prompt: 'Answer in formal English only.', active: false });
    const active = await call('POST', '/api/chatbot/prompts', { name: 'Pirate', system_prompt: 'You are a pirate. Answer like one.', active: true });
    expect([inactive.status, active.status]).toEqual([201, 201]);
    try {
      const first = await ask('Hello?');
      await first.v.inbox.next(isAnswer);
      const system = (openai.requests[0]!.body as { messages: Array<{ role: string; content: string }> }).messages[0]!;
      expect(system.role).toBe('system');
      expect(system.content).toContain('You are a pirate. Answer like one.');
      expect(system.content).not.toContain('Northwind Coffee assistant');
      expect(system.content).not.toContain('formal English');
      first.v.close();

      // Deactivated, the settings' system_prompt is what the provider gets again.
      expect((await call('PUT', `/api/chatbot/prompts/${active.json.data.id}`, { active: false })).status).toBe(200);
      const second = await ask('Hello again?');
      await second.v.inbox.next(isAnswer);
      const next = (openai.requests[1]!.body as { messages: Array<{ role: string; content: string }> }).messages[0]!;
      expect(next.content).toContain('You are the Northwind Coffee assistant. Be brief.');
      expect(next.content).not.toContain('pirate');
      second.v.close();
    } finally {
      await call('DELETE', `/api/chatbot/prompts/${active.json.data.id}`);
      await call('DELETE', `/api/chatbot/prompts/${inactive.json.data.id}`);
    }
  });

  it('answers through Anthropic the same way', async () => {
    await putSettings(server.url, { ai_provider: 'anthropic', ai_base_url: anthropic.url, ai_model: 'claude-sonnet-4-5', ai_follow_ups_enabled: false });
    reply = () => ({ chunks: ['Our decaf ', 'is Quiet Harbour.'], usage: { input: 50, output: 8 } });
    const { v } = await ask('Do you have decaf?');
    const answer = (await v.inbox.next(isAnswer)) as AnswerMessage;
    expect(answer.packet.payload).toMatchObject({ body: 'Our decaf is Quiet Harbour.', ai: { model: 'claude-sonnet-4-5', provider: 'anthropic', usage: { inputTokens: 50, outputTokens: 8 }, finish: 'complete' } });
    expect(answer.packet.payload.follow_ups).toBeUndefined();
    expect(anthropic.requests[0]!.headers['x-api-key']).toBe('sk-test-0123');
    expect(anthropic.requests[0]!.body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 321, temperature: 0.2 });
    v.close();
  });

  it.each([
    ['429', { status: 429 }, 'rate_limited'],
    ['a bad key (401)', { status: 401 }, 'auth'],
    ['a provider that is down (500)', { status: 500 }, 'unavailable'],
  ] as const)('%s: the visitor gets the fallback, the thread records the problem and the conversation goes on', async (_case, failure, kind) => {
    reply = () => failure;
    const { v, conversationId } = await ask('Do you have decaf?');
    const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
    const thread = await threadMessages(server.url, conversationId);
    expect(thread.filter((m) => m.systemMessageType === 'PROBLEMS_WITH_UPSTREAM_PROVIDER')).toHaveLength(1);
    const problem = await server.store.systemEvents.ofConversation(conversationId);
    expect(problem.find((e) => e.kind === 'PROBLEMS_WITH_UPSTREAM_PROVIDER')?.detail).toMatchObject({ kind, provider: 'openai' });

    reply = () => ({ chunks: ['Back again.'] });
    await v.send(conversationId, 'Do you have decaf now?');
    await v.inbox.next((m) => isAnswer(m) && bodyOf(m) === 'Back again.');
    v.close();
  });

  it('a slow provider times out into the fallback', async () => {
    await putSettings(server.url, { ai_timeout_ms: 1_000 });
    reply = () => ({ hang: true });
    const { v, conversationId } = await ask('Do you have decaf?');
    const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
    const events = await server.store.systemEvents.ofConversation(conversationId);
    expect(events.find((e) => e.kind === 'PROBLEMS_WITH_UPSTREAM_PROVIDER')?.detail).toMatchObject({ kind: 'timeout' });
    v.close();
  });

  it('a stream cut mid-way stores the partial answer, marked as cut, without follow-ups', async () => {
    reply = () => ({ chunks: ['Half of ', 'an answer'], cut: true });
    const { v, conversationId } = await ask('Do you have decaf?');
    const answer = (await v.inbox.next(isAnswer)) as AnswerMessage;
    expect(answer.packet.payload).toMatchObject({ body: 'Half of an answer', ai: { finish: 'cut' } });
    expect(answer.packet.payload.follow_ups).toBeUndefined();
    const events = await server.store.systemEvents.ofConversation(conversationId);
    expect(events.filter((e) => e.kind === 'PROBLEMS_WITH_UPSTREAM_PROVIDER')).toHaveLength(1);
    v.close();
  });

  it('the visitor stops an answer: the provider request is aborted and the text so far is stored as stopped', async () => {
    const gate = createGate();
    reply = () => ({ chunks: ['One, ', 'two, ', 'three.'], gate });
    const v = await testVisitor(server);
    const seen = drafts(v);
    const { conversationId } = await ask('Do you have decaf?', v);
    gate.release();
    await expect.poll(() => seen.at(-1)?.text).toBe('One, ');
    const abortedBefore = openai.aborted();
    expect(await ack(v.socket, 'answer:stop', { conversationId, draftId: seen[0]!.draftId })).toEqual({ stopped: true });
    const answer = (await v.inbox.next(isAnswer)) as AnswerMessage;
    expect(answer.packet.payload).toMatchObject({ body: 'One, ', ai: { finish: 'stopped' } });
    await expect.poll(() => openai.aborted()).toBe(abortedBefore + 1);
    // Stopping again, or someone else's answer, stops nothing.
    expect(await ack(v.socket, 'answer:stop', { conversationId, draftId: seen[0]!.draftId })).toEqual({ stopped: false });
    const stranger = await testVisitor(server);
    expect((await stranger.attempt('answer:stop', { conversationId, draftId: 'x' })).ok).toBe(false);
    v.close();
    stranger.close();
  });

  it('a visitor over the per-visitor limit gets the fallback, and the thread records EXCEEDED_USAGE_LIMITS', async () => {
    await putSettings(server.url, { ai_max_answers_per_visitor: 1 });
    reply = () => ({ chunks: ['First answer.'] });
    const { v, conversationId } = await ask('Do you have decaf?');
    await v.inbox.next(isAnswer);
    await v.send(conversationId, 'Is the decaf organic?');
    const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
    expect(openai.requests).toHaveLength(1);
    const thread = await threadMessages(server.url, conversationId);
    expect(thread.filter((m) => m.systemMessageType === 'EXCEEDED_USAGE_LIMITS')).toHaveLength(1);
    v.close();
  });

  it('the per-day limit counts every answer of the bot', async () => {
    const today = await server.store.aiAnswers.countOfBotSince((await server.store.bots.findByKey('demo'))!.id, new Date(Date.now() - 86_400_000).toISOString());
    await putSettings(server.url, { ai_max_answers_per_day: today });
    const { v } = await ask('Do you have decaf?');
    const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
    expect(openai.requests).toHaveLength(0);
    v.close();
  });

  it('threads show the model, sources and follow-ups; the API channel gets the stream and the final message; the message webhook gets the final message once', async () => {
    const hook = await startTestBot(() => ({ status: 200 }));
    await putSettings(server.url, { message_webhook_url: hook.url });
    const gate = createGate();
    reply = () => ({ chunks: ['Free shipping ', 'over $40.', '\nFOLLOW-UPS:\n- Do you ship abroad?'], gate });
    const start = await call('POST', '/api/v1/conversations', { channel: 'API', bot_key: 'demo', from: { user_external_id: 'ai-user-1', type: 'VISITOR' } });
    const conversationId = start.json.conversation.id as string;

    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/conversation/${conversationId}/stream`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` }, signal: controller.signal });
    const events: Array<{ event: string | undefined; data: string }> = [];
    const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    })().catch(() => undefined);

    await call('POST', `/api/v1/conversation/${conversationId}/messages`, { message: { type: 'text', data: { body: 'How much is it to ship to Canada?' } }, user: { type: 'VISITOR' } });
    gate.release();
    await expect.poll(() => events.some((e) => e.event === 'draft' && JSON.parse(e.data).text === 'Free shipping ')).toBe(true);
    gate.release(2);
    await expect.poll(() => events.filter((e) => e.event === 'message' && JSON.parse(e.data).packet?.payload?.ai).length).toBe(1);
    controller.abort();

    const messages = await call('GET', `/api/v1/conversation/${conversationId}/messages`);
    expect(JSON.stringify(messages.json)).toContain('Free shipping over $40.');

    const thread = await threadMessages(server.url, conversationId);
    const answer = thread.find((m) => m.gptModel === 'gpt-test')!;
    expect(answer).toMatchObject({
      type: 'NORMAL_MESSAGE',
      message: 'Free shipping over $40.',
      sources: [{ title: 'Shipping Policy', url: '' }],
      quickPrompts: [
        { title: 'Do you ship abroad?', description: 'Do you ship abroad?', link: null },
        { title: 'How long does delivery take?', description: 'How long does delivery take?', link: null },
      ],
      escalated: false,
    });

    // The webhook: every stored message once, the answer among them complete, no drafts.
    await expect.poll(() => hook.calls.filter((c) => (c.body as unknown as { message: { gptModel: string | null } }).message.gptModel === 'gpt-test').length).toBe(1);
    const hooked = hook.calls.map((c) => (c.body as unknown as { message: { message: string; gptModel: string | null } }).message);
    expect(hooked.find((m) => m.gptModel === 'gpt-test')!.message).toBe('Free shipping over $40.');
    expect(hooked.filter((m) => m.message.startsWith('Free shipping'))).toHaveLength(1);
    await hook.close();
  });

  it('fetches an api context once within its TTL, and puts its content in the prompt', async () => {
    let fetched = 0;
    const api = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ roast_of_the_week: 'Harbour Dark, notes of cocoa' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/roast`;
    const created = await call('POST', '/api/chatbot/ai-contexts', {
      name: 'Roast of the week',
      trigger_keywords: ['roast of the week'],
      context_type: 'api',
      api_config: { url, timeout_ms: 2_000 },
      priority: 9,
    });
    expect(created.status).toBe(201);
    reply = () => ({ chunks: ['Harbour Dark.'] });
    const { v, conversationId } = await ask('What is the roast of the week?');
    const answer = (await v.inbox.next(isAnswer)) as AnswerMessage;
    expect(answer.packet.payload.sources).toEqual([{ title: 'Roast of the week', url }]);
    const system = (openai.requests[0]!.body as { messages: Array<{ content: string }> }).messages[0]!.content;
    expect(system).toContain('## Roast of the week');
    expect(system).toContain('Harbour Dark, notes of cocoa');
    await v.send(conversationId, 'Tell me the roast of the week again');
    await v.inbox.next((m) => isAnswer(m) && m.seq > answer.seq);
    expect(fetched).toBe(1);
    await call('DELETE', `/api/chatbot/ai-contexts/${created.json.data.id as string}`);
    await new Promise<void>((resolve) => api.close(() => resolve()));
    v.close();
  });
});

describe('the demo bot, offline', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('answers a question from its AI contexts in extractive mode, quoted with its source and follow-ups', async () => {
    const v = await testVisitor(server);
    const { conversation } = await v.open();
    await v.send(conversation.id, 'Can I pay with PayPal?');
    const answer = (await v.inbox.next(isAnswer)) as AnswerMessage;
    expect(answer.packet.payload.body).toMatch(/^Here is what I found:\n\n> We accept Visa, Mastercard, American Express, PayPal/);
    expect(answer.packet.payload.body).toContain('— *Payment methods*');
    expect(answer.packet.payload).toMatchObject({
      sources: [{ title: 'Payment methods', url: '' }],
      follow_ups: ['Can I pay by invoice?'],
      ai: { model: 'extractive', provider: 'extractive', finish: 'complete' },
    });
    const thread = await threadMessages(server.url, conversation.id);
    expect(thread.find((m) => m.gptModel === 'extractive')?.sources).toEqual([{ title: 'Payment methods', url: '' }]);
    v.close();
  });

  it('says it does not know (the fallback) when no passage matches', async () => {
    const v = await testVisitor(server);
    const { conversation } = await v.open();
    await v.send(conversation.id, 'qwertyuiop');
    const reply = await v.inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(bodyOf(reply)).toContain("Sorry, I didn't understand that");
    v.close();
  });
});
