import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-ai.js';
import { adminClient } from '../helpers/http.js';
import { bodyOf, fromBot, startTestServer } from '../helpers/server.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { putSettings } from '../helpers/threads.js';
import { refusedOrigin, reply, startHttpServer } from '../helpers/unit-fixture.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';
import { cidOf } from '../../server/bots/bot-actions.js';

/**
 * Issue 14, item 3: every outbound request of a server configured as in production (no
 * CONFAB_OUTBOUND_ALLOW) is refused at loopback, private and metadata addresses, whoever
 * makes it: a webhook bot, api_fetch, the message webhook, API contexts, the media check and
 * the AI provider. The fake services of this file listen on 127.0.0.1, so each is refused
 * by default and reached once the bot's outbound_allow (or the server's list) names it.
 */
const HINT = 'allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW';

describe('outbound requests of a server with no allow-list', () => {
  let server: RunningServer;
  const admin = adminClient(() => server.url, '/api/chatbot');
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    server = await startTestServer({ outboundAllow: [] });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) v.close();
    await putSettings(server.url, { bot_type: 'builtin', webhook_url: null, message_webhook_url: null, ai_enabled: false, outbound_allow: [] });
  });
  afterAll(() => server?.close());

  async function open() {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    return { v, id: conversation.id, say: (text: string) => v.send(conversation.id, text) };
  }
  const failures = async (id: string) => ((await server.store.conversations.find(id))!.meta.failures ?? []).map((f) => f.reason);
  const problems = async (id: string) => (await server.store.systemEvents.ofConversation(id)).filter((e) => e.kind === 'PROBLEMS_WITH_UPSTREAM_PROVIDER').map((e) => e.detail);

  async function webhookBot(url: string, extra: Record<string, unknown> = {}) {
    const res = await admin('PUT', '/settings', { bot_type: 'webhook', webhook_url: url, webhook_timeout_ms: 2_000, webhook_retries: 1, behavior_mode: 'firewall', business_hours_enabled: false, ...extra });
    expect(res.status, res.json.message).toBe(200);
  }

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/webhook`, '127.0.0.1 is a loopback address'],
    ['0x7f000001', (port: number) => `http://0x7f000001:${port}/webhook`, '127.0.0.1 is a loopback address'],
    ['2130706433', (port: number) => `http://2130706433:${port}/webhook`, '127.0.0.1 is a loopback address'],
    ['localhost', (port: number) => `http://localhost:${port}/webhook`, 'localhost (127.0.0.1) is a loopback address'],
  ])('refuses a webhook bot at %s: the visitor gets the fallback, the failure is recorded, the bot hears nothing', async (_case, url, why) => {
    const bot = await startTestBot(() => ({ body: [] }));
    try {
      await webhookBot(url(Number(new URL(bot.url).port)));
      const { v, id } = await open();
      const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
      expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
      expect(bot.calls).toHaveLength(0);
      expect(await failures(id)).toEqual([`delivering "start" failed: refused: ${why}; ${HINT}`]);
      expect(await problems(id)).toEqual([{ reason: `refused: ${why}; ${HINT}` }]);
    } finally {
      await bot.close();
    }
  });

  it('reaches a webhook bot on 127.0.0.1 that the bot allows (by address:port)', async () => {
    const bot = await startTestBot((call) => ({ body: [event(call.body.info.cid as string, 'message', { body: 'Hello from the local bot' })] }));
    try {
      await webhookBot(bot.url, { outbound_allow: [`127.0.0.1:${new URL(bot.url).port}`] });
      const { v } = await open();
      await v.inbox.next((m) => bodyOf(m) === 'Hello from the local bot');
      expect(bot.calls).toHaveLength(1);
    } finally {
      await bot.close();
    }
  });

  it('refuses an invalid outbound_allow entry when it is set', async () => {
    const res = await admin('PUT', '/settings', { outbound_allow: ['http://127.0.0.1/'] });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('outbound_allow');
  });

  it('answers the same for media at a refused address, a closed port and an open one that is not allowed: no port-scan oracle', async () => {
    const files = await startHttpServer((_req, res) => reply(res, 200, 'PNG'));
    const closed = await refusedOrigin();
    const links = [`${files.origin}/a.png`, `${closed}/b.png`, 'http://169.254.169.254/latest/c.png', 'http://10.0.0.1/d.png'];
    const bot = await startTestBot((call) => ({ body: links.map((link) => event(call.body.info.cid as string, 'media', { type: 'image', link })) }));
    try {
      await webhookBot(bot.url, { outbound_allow: [`127.0.0.1:${new URL(bot.url).port}`] });
      const { id } = await open();
      await bot.called(1);
      await expect.poll(async () => (await failures(id)).length).toBe(4);
      expect(new Set((await failures(id)).map((f) => f.replace(/^invalid event \d+/, 'invalid event N')))).toEqual(
        new Set(['invalid event N (media) in the response: packet.payload.link: the file is not reachable']),
      );
      expect(files.requests).toHaveLength(0);
      // Allowed, the same file is checked and shown.
      await putSettings(server.url, { outbound_allow: [`127.0.0.1:${new URL(bot.url).port}`, `127.0.0.1:${new URL(files.origin).port}`] });
      bot.setHandler((call) => ({ body: [event(call.body.info.cid as string, 'media', { type: 'image', link: links[0] })] }));
      const second = await open();
      await second.v.inbox.next((m: MessageRecord) => m.packet.name === 'media');
      expect(files.requests.map((r) => r.method)).toEqual(['HEAD']);
    } finally {
      await bot.close();
      await files.close();
    }
  });

  it('refuses the message webhook at 127.0.0.1 until the bot allows it', async () => {
    const hook = await startTestBot(() => ({ status: 200 }));
    try {
      await putSettings(server.url, { message_webhook_url: hook.url });
      const first = await open();
      await first.say('hello there');
      await first.v.inbox.next((m) => fromBot(m) && m.seq > 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(hook.calls).toHaveLength(0);
      await putSettings(server.url, { outbound_allow: ['127.0.0.1'] });
      const second = await open();
      await second.say('hello again');
      await hook.called(1);
    } finally {
      await hook.close();
    }
  });

  describe('api_fetch', () => {
    let receiver: Awaited<ReturnType<typeof startHttpServer>>;
    beforeAll(async () => {
      receiver = await startHttpServer((req, res) => reply(res, 200, { path: req.path }));
      const created = await admin('POST', '/flows', {
        name: 'Local lookup',
        trigger_keywords: ['local lookup'],
        steps: [
          {
            step_name: 'call',
            step_order: 1,
            message_type: 'api_fetch',
            message: 'Looked up {{path}}',
            api_config: { url: `${receiver.origin}/lookup`, response_mapping: { path: 'path' }, error_message: 'The lookup failed.' },
          },
        ],
      });
      expect(created.status, created.json.message).toBe(201);
    });
    afterAll(() => receiver?.close());

    it('refuses a call to 127.0.0.1 into the step error path, and makes it once the bot allows it', async () => {
      const first = await open();
      await first.say('local lookup');
      expect(bodyOf(await first.v.inbox.next((m) => fromBot(m) && /lookup/i.test(bodyOf(m) ?? '')))).toBe('The lookup failed.');
      expect(receiver.requests).toHaveLength(0);
      await putSettings(server.url, { outbound_allow: [`127.0.0.1:${new URL(receiver.origin).port}`] });
      const second = await open();
      await second.say('local lookup');
      expect(bodyOf(await second.v.inbox.next((m) => fromBot(m) && /lookup/i.test(bodyOf(m) ?? '')))).toBe('Looked up /lookup');
    });

    it("keeps the demo's order flow, a path on this server, working with no allow-list", async () => {
      const { v, say } = await open();
      await say('track my order');
      const asked = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').includes('order number'));
      await say('NW-1001');
      expect(bodyOf(await v.inbox.next((m) => fromBot(m) && m.seq > asked.seq + 1))).toContain('Order **NW-1001** is **shipped**');
    });
  });

  describe('AI', () => {
    let openai: FakeProvider;
    let contextApi: Awaited<ReturnType<typeof startHttpServer>>;
    beforeAll(async () => {
      openai = await startFakeProvider('openai', () => ({ chunks: ['Local answer.'] }));
      contextApi = await startHttpServer((_req, res) => reply(res, 200, { roast: 'Harbour Dark' }));
      const created = await admin('POST', '/ai-contexts', {
        name: 'Roast',
        trigger_keywords: ['roast'],
        context_type: 'api',
        api_config: { url: `${contextApi.origin}/roast`, timeout_ms: 2_000 },
        priority: 9,
      });
      expect(created.status).toBe(201);
    });
    afterAll(async () => {
      await openai?.close();
      await contextApi?.close();
    });
    const useAi = (outbound_allow: string[]) =>
      putSettings(server.url, { ai_enabled: true, ai_provider: 'openai', ai_base_url: openai.url, ai_model: 'gpt-test', ai_api_key: 'sk-test', ai_timeout_ms: 5_000, ai_follow_ups_enabled: false, outbound_allow });

    it('refuses an ai_base_url at 127.0.0.1: the fallback, and the problem recorded', async () => {
      await useAi([]);
      const { v, id, say } = await open();
      await say('What is the roast?');
      const fallback = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').startsWith('Sorry'));
      expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
      expect(openai.requests).toHaveLength(0);
      expect(await problems(id)).toEqual([expect.objectContaining({ kind: 'unavailable', reason: expect.stringContaining(`refused: 127.0.0.1 is a loopback address; ${HINT}`) })]);
    });

    it('reaches the provider the bot allows, and still refuses an API context it does not', async () => {
      await useAi([`127.0.0.1:${new URL(openai.url).port}`]);
      const { v, say } = await open();
      await say('What is the roast?');
      await v.inbox.next((m) => fromBot(m) && bodyOf(m) === 'Local answer.');
      expect(contextApi.requests).toHaveLength(0);
      const system = (openai.requests.at(-1)!.body as { messages: Array<{ content: string }> }).messages[0]!.content;
      expect(system).not.toContain('Harbour Dark');
      // Allowed too, the context is fetched and in the prompt.
      await useAi([`127.0.0.1:${new URL(openai.url).port}`, `127.0.0.1:${new URL(contextApi.origin).port}`]);
      const second = await open();
      await second.say('And the roast now?');
      await second.v.inbox.next((m) => fromBot(m) && bodyOf(m) === 'Local answer.');
      expect(contextApi.requests).toHaveLength(1);
      expect((openai.requests.at(-1)!.body as { messages: Array<{ content: string }> }).messages[0]!.content).toContain('Harbour Dark');
    });
  });
});

describe('CONFAB_OUTBOUND_ALLOW', () => {
  it('lets every bot of the server reach what it names', async () => {
    const bot = await startTestBot((call) => ({ body: [event(call.body.info.cid as string, 'message', { body: 'Allowed server-wide' })] }));
    const server = await startTestServer({ outboundAllow: [`127.0.0.1:${new URL(bot.url).port}`] });
    try {
      await adminClient(() => server.url, '/api/chatbot')('PUT', '/settings', { bot_type: 'webhook', webhook_url: bot.url, behavior_mode: 'firewall', business_hours_enabled: false });
      const v = await testVisitor(server);
      const { conversation } = await v.open();
      await v.inbox.next((m) => bodyOf(m) === 'Allowed server-wide');
      expect(cidOf('demo', conversation.id)).toBe(bot.calls[0]!.body.info.cid);
      v.close();
    } finally {
      await server.close();
      await bot.close();
    }
  });
});
