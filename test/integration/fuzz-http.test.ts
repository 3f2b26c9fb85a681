import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ACTION_NAMES } from '../../shared/index.js';
import { cidOf } from '../../server/bots/bot-actions.js';
import { deeplyNested, fuzzParameters, fuzzSeed, hostileJson, hostileString, jsonText, payloadOf, prototypeKeys, queryOf, urlPart } from '../helpers/fuzz.js';
import { call } from '../helpers/http.js';
import { createTestApp, DEMO_TOKEN } from '../helpers/server.js';

/**
 * Property-based fuzzing of every HTTP route (seeds 000, 001, 002, the bot API URL of 003,
 * the widget's routes, uploads, the console's): whatever the body, query or path, the
 * answer is a success or a clear error in the route's own envelope, never a 5xx, and a
 * normal chat works afterwards.
 */

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 8_500);
const API_TOKEN = 'fuzz-bot-api-security-token-0123';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

type Api = 'chatbot' | 'apiChannel' | 'threads' | 'files';
interface Attempt {
  api: Api;
  method: string;
  path: string;
  body?: string | FormData;
  headers: Record<string, string>;
}

/** Whether a JSON answer is an error in the envelope of its API. */
function errorEnvelope(api: Api, json: Record<string, any>): boolean {
  const nonEmpty = (m: unknown) => typeof m === 'string' && m.length > 0;
  if (api === 'chatbot' || api === 'files') return json.status === 'error' && nonEmpty(json.message);
  if (api === 'apiChannel') return json.ok === false && typeof json.error?.code === 'string' && nonEmpty(json.error?.message);
  if (api === 'threads') return json.success === false && nonEmpty(json.message);
  return false;
}

describe('fuzzing the HTTP routes', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  const ids = { conversations: [] as string[], contacts: [] as string[], keywords: [] as string[], teams: [] as string[], agents: [] as string[], transfers: [] as string[], messages: [] as string[], uploads: [] as string[] };
  let agentToken = '';
  let visitorToken = '';
  let originalSettings: unknown;

  const request = (path: string, init: RequestInit) => ctx.app.request(path, init);
  const admin = (method: string, path: string, body?: unknown) => call({ request }, method, path, { body });

  beforeAll(async () => {
    ctx = await createTestApp();
    const bot = (await ctx.store.bots.findByKey('demo'))!;
    originalSettings = bot.settings;
    expect((await admin('PUT', '/api/chatbot/settings', { api_security_token: API_TOKEN })).status).toBe(200);
    for (let i = 0; i < 30; i++) {
      const started = await admin('POST', '/api/v1/conversations', { channel: 'API', bot_key: 'demo', from: { user_external_id: `fuzz-${i}`, type: 'VISITOR' }, message: { data: { body: 'hello' }, type: 'text' } });
      expect(started.status, JSON.stringify(started.json)).toBe(200);
      ids.conversations.push(started.json.conversation.id);
    }
    for (const id of ids.conversations) {
      const conversation = (await ctx.store.conversations.find(id))!;
      ids.contacts.push(conversation.visitorId);
      ids.messages.push(...(await ctx.store.conversations.messages(id, { limit: 5 })).map((m) => m.id));
    }
    ids.keywords.push(...((await admin('GET', '/api/chatbot/keywords')).json.data.items as Array<{ id: string }>).map((k) => k.id));
    ids.teams.push((await admin('POST', '/api/chatbot/teams', { name: 'Fuzz team' })).json.data.id);
    const agent = (await admin('POST', '/api/chatbot/agents', { name: 'Fuzz Agent', teams: [], max_chats: 5 })).json.data;
    ids.agents.push(agent.id);
    agentToken = agent.token;
    const transfer = await admin('POST', '/api/chatbot/transfers', { contact_id: ids.contacts[0] });
    expect(transfer.status, JSON.stringify(transfer.json)).toBe(201);
    ids.transfers.push(transfer.json.data.id);
    const visitor = await call({ request }, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null });
    visitorToken = visitor.json.token;
  });

  afterAll(async () => {
    await ctx?.store.close();
  });

  const known = (list: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...(list.length ? list : ['none'])) }, { weight: 1, arbitrary: hostileString });
  const id = (list: string[]) => urlPart(known(list)).map((s) => s || 'x');
  const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: hostileString });
  const texts = fc.array(text, { maxLength: 4 });
  const int = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer());
  const numberText = fc.oneof(int.map(String), fc.constantFrom('', 'NaN', 'Infinity', '1e999', '-0', '0x10', '1.5', ' 3'));
  const authorization = fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${DEMO_TOKEN}`) },
    { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', 'Bearer x', 'Basic abc', `Bearer ${'a'.repeat(600)}`, `bearer  ${DEMO_TOKEN}`) },
  );
  const contentType = fc.oneof({ weight: 10, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '') });

  const bodyOf = (fields: Parameters<typeof payloadOf>[0]) => jsonText(payloadOf(fields));

  /** One route: its method, path, query and body arbitraries, in the envelope of its API. */
  function route(api: Api, method: string, path: fc.Arbitrary<string>, body?: fc.Arbitrary<string | undefined>, headers: fc.Arbitrary<Record<string, string>> = fc.record({ Authorization: authorization, 'Content-Type': contentType })) {
    return fc.tuple(path, body ?? fc.constant(undefined), headers).map(([p, b, h]): Attempt => ({ api, method, path: p, headers: h, ...(b !== undefined ? { body: b } : {}) }));
  }
  const at = (...parts: Array<string | fc.Arbitrary<string>>) => fc.tuple(...parts.map((p) => (typeof p === 'string' ? fc.constant(p) : p))).map((segments) => segments.join(''));

  function collection(prefix: string, fields: Parameters<typeof payloadOf>[0], list: string[]) {
    const base = `/api/chatbot/${prefix}`;
    return [
      route('chatbot', 'GET', at(base)),
      route('chatbot', 'POST', at(base), bodyOf(fields)),
      route('chatbot', 'GET', at(base, '/', id(list))),
      route('chatbot', 'PUT', at(base, '/', id(list)), bodyOf(fields)),
      route('chatbot', 'DELETE', at(base, '/', id(list))),
    ];
  }

  const buttons = fc.array(payloadOf({ title: text }), { maxLength: 3 });
  const settingsFields = {
    greeting_message: text,
    fallback_message: text,
    bot_type: fc.constantFrom('builtin', 'webhook', 'ai'),
    webhook_url: fc.constantFrom('http://127.0.0.1:9/hook', 'javascript:alert(1)', 'ftp://x'),
    greeting_buttons: buttons,
    upload_max_bytes: int,
    upload_types: fc.array(fc.constantFrom('image/png', 'application/pdf', 'text/html'), { maxLength: 3 }),
    business_hours_enabled: fc.boolean(),
    business_hours: payloadOf({ timezone: fc.constantFrom('UTC', 'Mars/Base', 'Europe/Berlin'), days: payloadOf({ monday: fc.array(payloadOf({ start: fc.constantFrom('09:00', '25:99'), end: text })) }) }),
    appearance: payloadOf({ title: text, primary_color: fc.constantFrom('#2563eb', 'red', 'url(x)'), avatar: text }),
    navigate_origins: texts,
    quick_prompts: fc.array(payloadOf({ id: text, title: text, description: text, link: text }), { maxLength: 2 }),
    personas: fc.array(payloadOf({ id: text, name: text, system_prompt: text }), { maxLength: 2 }),
    conversation_timeout: payloadOf({ seconds: int, action: fc.constantFrom('end', 'unassign', 'forward') }),
    webhook_headers: fc.dictionary(text, text, { maxKeys: 3 }),
  };
  const keywordFields = { name: text, keywords: texts, match_type: fc.constantFrom('exact', 'contains', 'starts_with', 'regex', 'fuzzy'), response_type: fc.constantFrom('text', 'buttons'), response: text, buttons, priority: int, enabled: fc.boolean() };
  const contextFields = { name: text, trigger_keywords: texts, context_type: fc.constantFrom('static', 'api'), content: text, api_config: payloadOf({ url: fc.constantFrom('http://127.0.0.1:9/kb', '/demo/api/orders/NW-1001', 'file:///etc/passwd'), method: fc.constantFrom('GET', 'POST', 'TRACE'), headers: fc.dictionary(text, text, { maxKeys: 2 }), timeout_ms: int }), follow_ups: texts, source_url: text, priority: int, enabled: fc.boolean() };
  const step = payloadOf({
    step_name: text,
    step_order: int,
    message: text,
    message_type: fc.constantFrom('text', 'buttons', 'api_fetch', 'whatsapp_flow', 'transfer', 'teleport'),
    input_type: fc.constantFrom('text', 'number', 'email', 'phone', 'date', 'select', 'none'),
    store_as: text,
    buttons,
    max_retries: int,
    on_max_retries: fc.constantFrom('end', 'transfer'),
    api_config: payloadOf({ url: fc.constantFrom('/demo/api/orders/{{order}}', 'http://127.0.0.1:9/x'), method: fc.constantFrom('GET', 'POST'), body: text, response_mapping: fc.dictionary(text, text, { maxKeys: 2 }), on_error: fc.constantFrom('end', 'continue', 'transfer', 'goto'), error_step: text }),
    form_config: payloadOf({ fields: fc.array(payloadOf({ name: text, label: text, type: fc.constantFrom('text', 'email'), required: fc.boolean() }), { maxLength: 2 }) }),
  });
  const flowFields = { name: text, trigger_keywords: texts, initial_message: text, completion_message: text, enabled: fc.boolean(), steps: fc.array(step, { maxLength: 3 }), panel_config: hostileJson };

  const apiText = payloadOf({ data: payloadOf({ body: text }), type: fc.constantFrom('text', 'image') });
  const botEventPayload = payloadOf({
    body: text,
    fallback: text,
    options: fc.array(payloadOf({ id: text, label: text, image_url: fc.constantFrom('https://example.com/a.png', 'javascript:x') }), { maxLength: 3 }),
    url: fc.constantFrom('https://example.com', '/pricing', '//evil.example', 'javascript:alert(1)'),
    // Only addresses that fail at once: media links are checked over the network.
    link: fc.constantFrom('http://127.0.0.1:9/x.png', 'not a url', 'http://10.0.0.1/x.png'),
    duration: int,
    group_id: text,
    skills: texts,
    custom_fields: hostileJson,
    email: fc.constantFrom('a@example.com', 'nope'),
    recipient: fc.constantFrom('operator', 'contact'),
    addon: text,
  });
  function routes() {
    const agentFields = { name: text, email: fc.constantFrom('ana@example.com', 'not-an-email'), avatar: text, teams: fc.array(known(ids.teams), { maxLength: 2 }), skills: texts, max_chats: int };
    const cids = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ids.conversations.map((c) => cidOf('demo', c))) }, { weight: 1, arbitrary: fc.constantFrom('chatbot::demo:none', 'garbage', `chatbot::${'x'.repeat(70)}:y`) }, { weight: 1, arbitrary: hostileString });
    const event = payloadOf({
      info: payloadOf({ cid: cids, context: fc.oneof(hostileJson, deeplyNested) }),
      packet: payloadOf({ name: fc.constantFrom(...BOT_ACTION_NAMES, ...prototypeKeys, 'teleport'), payload: botEventPayload }),
    });
    const securityToken = fc.oneof({ weight: 10, arbitrary: fc.constant(API_TOKEN) }, { weight: 1, arbitrary: fc.constantFrom('', 'wrong', API_TOKEN.toUpperCase()) });
    const conversation = id(ids.conversations);
    const thread = at('/api/v1/chatbots/', urlPart(fc.oneof({ weight: 5, arbitrary: fc.constant('demo') }, { weight: 1, arbitrary: hostileString })).map((s) => s || 'x'), '/threads');
    const upload = fc
      .tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: hostileString }),
        fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ maxLength: 64 }).map((tail) => Buffer.concat([PNG, tail])) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) }),
        fc.oneof(hostileString, fc.constantFrom('☕ latte.png', '拿铁.png', 'a"b\r\nc.png', '', '.png', 'x'.repeat(500))),
      )
      .map(([field, bytes, name]) => {
        const form = new FormData();
        form.append(field, new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
        return form;
      });
    const uploadAuth = (token: string) => fc.oneof({ weight: 8, arbitrary: fc.constant(`Bearer ${token}`) }, { weight: 1, arbitrary: fc.constantFrom('', 'Bearer nope', 'Bearer') });
    const uploadAttempt = (path: fc.Arbitrary<string>, token: string) =>
      fc.tuple(path, fc.oneof({ weight: 6, arbitrary: upload }, { weight: 1, arbitrary: jsonText(hostileJson) }), uploadAuth(token)).map(
        ([p, body, auth]): Attempt => ({ api: 'chatbot', method: 'POST', path: p, headers: { Authorization: auth }, ...(body !== undefined ? { body } : {}) }),
      );

    return [
      route('chatbot', 'GET', at('/api/chatbot/settings')),
      route('chatbot', 'PUT', at('/api/chatbot/settings'), bodyOf(settingsFields)),
      ...collection('keywords', keywordFields, ids.keywords),
      ...collection('ai-contexts', contextFields, []),
      ...collection('flows', flowFields, []),
      ...collection('teams', { name: text }, ids.teams),
      ...collection('canned-responses', { short_code: text, content: text }, []),
      ...collection('agents', agentFields, ids.agents),
      route('chatbot', 'POST', at('/api/chatbot/agents/', id(ids.agents), '/token')),
      route('chatbot', 'DELETE', at('/api/chatbot/agents/', id(ids.agents), '/token')),
      route('chatbot', 'GET', at('/api/chatbot/transfers', queryOf({ status: fc.constantFrom('active', 'resumed', 'gone'), team_id: known(ids.teams) }))),
      route('chatbot', 'POST', at('/api/chatbot/transfers'), bodyOf({ contact_id: known(ids.contacts), team_id: known(ids.teams), notes: text })),
      route('chatbot', 'POST', at('/api/chatbot/transfers/pickup', queryOf({ team_id: known(ids.teams) })), bodyOf({ agent_id: known(ids.agents), agent_name: text })),
      route('chatbot', 'PUT', at('/api/chatbot/transfers/', id(ids.transfers), '/assign'), bodyOf({ agent_id: known(ids.agents) })),
      route('chatbot', 'PUT', at('/api/chatbot/transfers/', id(ids.transfers), '/resume')),
      route('chatbot', 'GET', at('/api/chatbot/sessions', queryOf({ limit: numberText, offset: numberText }))),
      route('chatbot', 'GET', at('/api/chatbot/sessions/', conversation)),
      route('chatbot', 'POST', at('/api/chatbot/v1/events'), jsonText(fc.oneof(event, fc.array(event, { maxLength: 6 }))), fc.record({ 'SECURITY-TOKEN': securityToken, 'Content-Type': contentType })),
      route('apiChannel', 'POST', at('/api/v1/conversations'), bodyOf({ channel: fc.constantFrom('API', 'WEB'), message: apiText, variables: payloadOf({ system: hostileJson, contact: payloadOf({ name: text, email: fc.constantFrom('a@example.com', 'x'), phone: text }), conversation: fc.dictionary(text, fc.oneof(text, int, fc.boolean()), { maxKeys: 3 }) }), bot_key: fc.constantFrom('demo', 'other'), from: payloadOf({ user_external_id: text, type: fc.constantFrom('VISITOR', 'AGENT') }) })),
      route('apiChannel', 'POST', at('/api/v1/conversation/', conversation, '/messages'), bodyOf({ message: apiText, user: payloadOf({ type: fc.constantFrom('VISITOR', 'BOT') }) })),
      route('apiChannel', 'GET', at('/api/v1/conversation/', conversation, '/messages', queryOf({ after: numberText, limit: numberText }))),
      route('apiChannel', 'GET', at('/api/v1/conversation/', conversation, '/stream', queryOf({ after: numberText }))),
      route('threads', 'POST', thread, bodyOf({ email: fc.constantFrom('a@example.com', 'x'), mode: fc.constantFrom('AI', 'AGENT', 'BOT'), threadId: text })),
      route('threads', 'GET', at(thread, queryOf({ page: numberText, limit: numberText }))),
      route('threads', 'GET', at(thread, '/', conversation)),
      route('threads', 'POST', at(thread, '/', conversation, '/messages'), bodyOf({ message: text, type: fc.constantFrom('USER', 'AGENT', 'BOT') })),
      route('threads', 'PATCH', at(thread, '/', conversation), bodyOf({ mode: fc.constantFrom('AI', 'AGENT', 'BOT') })),
      route('threads', 'POST', at(thread, '/', conversation, '/end')),
      route('threads', 'PUT', at(thread, '/', conversation, '/messages/', id(ids.messages), '/reaction'), bodyOf({ reaction: fc.constantFrom('POSITIVE', 'NEGATIVE', 'NEUTRAL', 'LOVE') })),
      route('chatbot', 'POST', at('/api/widget/visitors'), bodyOf({ botKey: fc.constantFrom('demo', 'nope') })),
      route('chatbot', 'GET', at('/api/widget/config', queryOf({ botKey: fc.constantFrom('demo', 'nope') }))),
      uploadAttempt(at('/api/widget/uploads', queryOf({ botKey: fc.constantFrom('demo', 'nope') })), visitorToken),
      uploadAttempt(at('/api/console/uploads'), agentToken),
      route('files', 'GET', at('/uploads/', id(ids.uploads))),
      route('files', 'GET', at(fc.constantFrom('/console', '/console/', '/console/assets/', '/assets/', '/widget.js', '/', '/demo/api/orders/', '/healthz', '/nothing/'), urlPart(fc.constantFrom('NW-1001', 'index.js', '')))),
    ];
  }

  it(`answers ${RUNS} fuzzed requests with a success or an error in the route's envelope, never a 5xx`, async () => {
    const seed = fuzzSeed('fuzz-http');
    const started = Date.now();
    const statuses = new Map<number, number>();
    const property = fc.asyncProperty(fc.oneof(...routes()), async (attempt) => {
      const init: RequestInit = { method: attempt.method, headers: attempt.headers };
      if (attempt.body !== undefined && attempt.method !== 'GET') init.body = attempt.body;
      const res = await request(attempt.path, init);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const where = `${attempt.method} ${attempt.path.slice(0, 200)}`;
      expect(res.status, where).toBeLessThan(500);
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) return void (await res.body?.cancel());
      const text = await res.text();
      if (res.status < 400) {
        // A stored upload must be servable: every download of it, whatever its name.
        if (attempt.path.startsWith('/api/') && attempt.path.includes('/uploads') && res.status === 201) {
          const json = JSON.parse(text) as { link?: string; data?: { link: string } };
          const link = new URL(json.link ?? json.data!.link);
          ids.uploads.push(link.pathname.slice('/uploads/'.length));
          expect((await request(link.pathname, { method: 'GET' })).status, `download ${link.pathname}`).toBe(200);
        }
        return;
      }
      if (res.status === 304) return;
      if (attempt.api === 'files' && !res.headers.get('content-type')?.includes('json')) return;
      let json: Record<string, any>;
      try {
        json = JSON.parse(text) as Record<string, any>;
      } catch {
        throw new Error(`${where} answered ${res.status} with no JSON: ${text.slice(0, 200)}`);
      }
      expect(errorEnvelope(attempt.api, json), `${where} answered ${res.status} ${text.slice(0, 300)}`).toBe(true);
    });
    await fc.assert(property, fuzzParameters(seed, RUNS));
    console.log(`fuzz-http: ${RUNS} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  }, 480_000);

  it('still holds a normal chat afterwards: a message gets the bot’s reply', async () => {
    // The fuzzer's accepted settings were the owner's to make; put the demo bot's back first.
    const bot = (await ctx.store.bots.findByKey('demo'))!;
    await ctx.store.bots.saveSettings(bot.id, originalSettings as typeof bot.settings);
    expect((await admin('PUT', '/api/chatbot/settings', {})).status).toBe(200);
    const started = await admin('POST', '/api/v1/conversations', { channel: 'API', bot_key: 'demo', from: { user_external_id: 'after-fuzz', type: 'VISITOR' } });
    expect(started.status).toBe(200);
    const conversation = started.json.conversation.id as string;
    const sent = await admin('POST', `/api/v1/conversation/${conversation}/messages`, { message: { data: { body: 'What are your opening hours?' }, type: 'text' }, user: { type: 'VISITOR' } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const botAnswered = async () => {
      const read = await admin('GET', `/api/v1/conversation/${conversation}/messages`);
      const messages = read.json.messages as Array<{ id: string; from: string }>;
      const mine = messages.findIndex((m) => m.id === sent.json.message_id);
      return mine >= 0 && messages.slice(mine + 1).some((m) => m.from === 'BOT');
    };
    await expect.poll(botAnswered, { timeout: 10_000 }).toBe(true);
  });
});
