import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cidOf } from '../../server/bots/bot-actions.js';
import type { RunningServer } from '../../server/server.js';
import { adminClient, call } from '../helpers/http.js';
import { bodyOf, newVisitor, startTestServer, type LogLine } from '../helpers/server.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { ack, testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

const API_TOKEN = 'bot-api-security-token-0123456789';
/** A PNG's signature and header chunk: enough for the server's sniffing by content. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** JSON nested `depth` levels deep, as text: `{"a":{"a":…}}`. */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

// The crash classes the fuzzers were written for, each pinned by a focused test.
describe('crash classes found by fuzzing', () => {
  let server: RunningServer;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  const logged: LogLine[] = [];
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { log: (message, err) => logged.push({ message, err }) });
    bot = await startTestBot(() => ({}));
    const settings = await admin('PUT', '/settings', {
      bot_type: 'webhook',
      webhook_url: bot.url,
      api_security_token: API_TOKEN,
      behavior_mode: 'firewall',
      webhook_retries: 0,
      business_hours_enabled: false,
    });
    expect(settings.status, settings.json.message).toBe(200);
  });
  afterEach(() => {
    for (const v of visitors.splice(0)) v.close();
    // Nothing here is the server's fault: a refusal is an answer, never a logged crash.
    expect(logged.splice(0).map((l) => `${l.message}: ${String(l.err)}`)).toEqual([]);
  });
  afterAll(async () => {
    await bot?.close();
    await server?.close();
  });

  const admin = adminClient(() => server.url, '/api/chatbot');
  const postEvents = (body: unknown) =>
    call(server.url, 'POST', '/api/chatbot/v1/events', { body, token: null, headers: { 'SECURITY-TOKEN': API_TOKEN } });

  async function conversation() {
    const v = await testVisitor(server);
    visitors.push(v);
    const opened = await ack(v.socket, 'conversation:open', {}, 15_000);
    return { v, id: opened.conversation.id, cid: cidOf('demo', opened.conversation.id) };
  }

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses the event name %s from the bot API URL by name, and applies the rest', async (name) => {
    const { v, cid } = await conversation();
    const res = await postEvents([event(cid, name, {}), event(cid, 'message', { body: `after ${name}` })]);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ applied: 1, errors: [{ index: 0, event: name, message: `packet.name: unknown event "${name}"` }] });
    await v.inbox.next((m) => bodyOf(m) === `after ${name}`);
  });

  it('answers a webhook bot whose answer names __proto__ or constructor with its valid events, and records the rest', async () => {
    bot.setHandler(({ body }) =>
      body.packet.name === 'message'
        ? { body: [event(body.info.cid, '__proto__', {}), event(body.info.cid, 'constructor', {}), event(body.info.cid, 'message', { body: 'still here' })] }
        : {},
    );
    const { v, id } = await conversation();
    await v.send(id, 'hello');
    await v.inbox.next((m) => bodyOf(m) === 'still here');
    const failures = (await server.store.conversations.find(id))!.meta.failures ?? [];
    const reasons = [
      'invalid event 0 (__proto__) in the response: packet.name: unknown event "__proto__"',
      'invalid event 1 (constructor) in the response: packet.name: unknown event "constructor"',
    ];
    expect(failures.map((f) => f.reason)).toEqual(reasons);
    expect(logged.splice(0).map((l) => l.message)).toEqual(reasons.map((r) => `webhook bot, conversation ${id}: ${r}`));
    bot.setHandler(() => ({}));
  });

  it("gives the visitor the fallback when a webhook bot's answer nests too deeply", async () => {
    bot.setHandler(({ body }) => (body.packet.name === 'message' ? { raw: `[${deepJson(5_000)}]` } : {}));
    const { v, id } = await conversation();
    await v.send(id, 'hello');
    const { fallback_message } = (await server.store.bots.findByKey('demo'))!.settings;
    await v.inbox.next((m) => m.author === 'bot' && bodyOf(m) === fallback_message);
    const failures = (await server.store.conversations.find(id))!.meta.failures ?? [];
    expect(failures.map((f) => f.reason)).toEqual(['delivering "message" failed: the response nests deeper than 64 levels']);
    expect(logged.splice(0).map((l) => l.message)).toEqual([`webhook bot, conversation ${id}: ${failures[0]!.reason}`]);
    bot.setHandler(() => ({}));
  });

  it('refuses very deep JSON at the bot API URL with a 400 in its envelope', async () => {
    const { cid } = await conversation();
    const deepContext = `{"info":{"cid":${JSON.stringify(cid)},"context":${deepJson(20_000)}},"packet":{"name":"message","payload":{"body":"x"}}}`;
    for (const body of [deepJson(20_000), `[${deepJson(20_000)}]`, deepContext, '['.repeat(100_000) + ']'.repeat(100_000)]) {
      const res = await call(server.url, 'POST', '/api/chatbot/v1/events', { body, token: null, headers: { 'SECURITY-TOKEN': API_TOKEN } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ status: 'error', message: expect.any(String) });
    }
  });

  it.each(['☕ latte.png', '拿铁咖啡.png', 'Ünïcødé 🐈‍⬛.png', 'quote"s; and\\slash.png'])('serves an upload named %s with a Content-Disposition that keeps the name', async (name) => {
    const identity = await newVisitor(server.url);
    const form = new FormData();
    form.append('file', new File([PNG], name, { type: 'image/png' }));
    const uploaded = await fetch(`${server.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${identity.token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { link: string; name: string };
    const download = await fetch(file.link);
    expect(download.status).toBe(200);
    const disposition = download.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^inline; /);
    // RFC 6266: the UTF-8 name in filename*, an ASCII stand-in in filename for old clients.
    const { parse } = await import('content-disposition');
    expect(parse(disposition).parameters.filename).toBe(file.name);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
