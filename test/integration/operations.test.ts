import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-ai.js';
import { capturedLogger, parseMetrics, sampleValue, scrape } from '../helpers/metrics.js';
import { DEMO_TOKEN, fromBot, startTestServer } from '../helpers/server.js';
import { putSettings } from '../helpers/threads.js';
import { testVisitor } from '../helpers/visitor-client.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** A webhook bot that answers every event with one message, and counts the calls. */
async function startEchoWebhook(): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return JSON.parse(text) as { info: { cid: string }; packet: { name: string } };
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((event) => {
      calls++;
      res.setHeader('Content-Type', 'application/json');
      const answer = event.packet.name === 'message' ? [{ info: { cid: event.info.cid }, packet: { name: 'message', payload: { body: 'hook says hi' } } }] : [];
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('/metrics', () => {
  let server: RunningServer;
  const log = capturedLogger('info');
  const metricsUrl = () => `${server.url}/metrics`;

  beforeAll(async () => {
    server = await startTestServer({ metricsToken: METRICS_TOKEN }, { logger: log.logger });
  });
  afterAll(() => server?.close());

  it('refuses a scrape without a token or with a wrong one (401 in the envelope), and takes METRICS_TOKEN or an admin token', async () => {
    const none = await fetch(metricsUrl());
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({ status: 'error', message: expect.stringContaining('token is required') });
    const wrong = await fetch(metricsUrl(), { headers: { Authorization: 'Bearer not-the-metrics-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ status: 'error', message: 'the token is not valid for /metrics' });

    for (const token of [METRICS_TOKEN, DEMO_TOKEN]) {
      const res = await fetch(metricsUrl(), { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toContain('text/plain');
      const samples = parseMetrics(await res.text());
      // prom-client's default metrics are there, the event-loop lag among them.
      expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    }
  });

  it('a chat moves the counters: messages in and out, a bot turn, store queries, the connected visitor', async () => {
    const before = await scrape(metricsUrl(), METRICS_TOKEN);
    const visitor = await testVisitor(server);
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, 'shipping');
    await visitor.inbox.next((m) => fromBot(m) && m.seq === 3);
    const during = await scrape(metricsUrl(), METRICS_TOKEN);
    visitor.close();

    const moved = (name: string, labels: Record<string, string> = {}) => sampleValue(during, name, labels) - sampleValue(before, name, labels);
    expect(moved('confab_messages_total', { direction: 'in', author: 'visitor', kind: 'message' })).toBe(1);
    // The demo bot's greeting and its shipping answer, each counted under its action's name.
    const fromTheBot = visitor.inbox.received.filter(fromBot);
    expect(fromTheBot).toHaveLength(2);
    for (const kind of new Set(fromTheBot.map((m) => m.packet.name))) {
      expect(moved('confab_messages_total', { direction: 'out', author: 'bot', kind })).toBe(fromTheBot.filter((m) => m.packet.name === kind).length);
    }
    // Two turns: the conversation's start and the message.
    expect(moved('confab_bot_turn_seconds_count', { bot_type: 'builtin' })).toBe(2);
    expect(moved('confab_store_query_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(during, 'confab_connected_visitors')).toBe(1);
    expect(sampleValue(during, 'confab_waiting_conversations', { bot: 'demo' })).toBe(0);
    await expect.poll(async () => sampleValue(await scrape(metricsUrl(), METRICS_TOKEN), 'confab_connected_visitors')).toBe(0);
  });

  it('counts a handed-over conversation as waiting', async () => {
    const visitor = await testVisitor(server);
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, 'agent');
    await expect.poll(async () => sampleValue(await scrape(metricsUrl(), METRICS_TOKEN), 'confab_waiting_conversations', { bot: 'demo' })).toBe(1);
    visitor.close();
  });

  it('times webhook bot turns and deliveries', async () => {
    const hook = await startEchoWebhook();
    try {
      await putSettings(server.url, { bot_type: 'webhook', webhook_url: hook.url, behavior_mode: 'firewall', business_hours_enabled: false });
      const before = await scrape(metricsUrl(), METRICS_TOKEN);
      const visitor = await testVisitor(server);
      const { conversation } = await visitor.open();
      await visitor.send(conversation.id, 'hello hook');
      await visitor.inbox.next((m) => fromBot(m) && 'body' in m.packet.payload && m.packet.payload.body === 'hook says hi');
      visitor.close();
      const after = await scrape(metricsUrl(), METRICS_TOKEN);
      const moved = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
      expect(hook.calls()).toBe(2);
      expect(moved('confab_webhook_seconds_count', { webhook: 'bot', outcome: 'delivered' })).toBe(2);
      expect(moved('confab_bot_turn_seconds_count', { bot_type: 'webhook' })).toBe(2);
    } finally {
      await putSettings(server.url, { bot_type: 'builtin', webhook_url: null });
      await hook.close();
    }
  });

  it('counts AI tokens and AI errors', async () => {
    let fail = false;
    const provider: FakeProvider = await startFakeProvider('openai', () => (fail ? { status: 500 } : { chunks: ['Our decaf is Swiss Water processed.'], usage: { input: 120, output: 30 } }));
    try {
      await putSettings(server.url, { ai_enabled: true, ai_provider: 'openai', ai_base_url: provider.url, ai_model: 'gpt-test', ai_api_key: 'sk-test-0123', ai_timeout_ms: 5_000 });
      const before = await scrape(metricsUrl(), METRICS_TOKEN);
      const visitor = await testVisitor(server);
      const { conversation } = await visitor.open();
      await visitor.send(conversation.id, 'Do you have decaf?');
      await visitor.inbox.next((m) => fromBot(m) && m.packet.name === 'message' && 'ai' in m.packet.payload);
      fail = true;
      await visitor.send(conversation.id, 'Is the decaf organic?');
      await expect.poll(async () => sampleValue(await scrape(metricsUrl(), METRICS_TOKEN), 'confab_ai_errors_total', { provider: 'openai' }) - sampleValue(before, 'confab_ai_errors_total', { provider: 'openai' })).toBe(1);
      visitor.close();
      const after = await scrape(metricsUrl(), METRICS_TOKEN);
      const moved = (labels: Record<string, string>) => sampleValue(after, 'confab_ai_tokens_total', labels) - sampleValue(before, 'confab_ai_tokens_total', labels);
      expect(moved({ provider: 'openai', type: 'input' })).toBe(120);
      expect(moved({ provider: 'openai', type: 'output' })).toBe(30);
    } finally {
      await putSettings(server.url, { ai_enabled: false });
      await provider.close();
    }
  });

  it('logs JSON lines with the request id, and neither tokens nor message text at info', async () => {
    const secretText = `my card number is 4111-${Date.now()}`;
    const visitor = await testVisitor(server);
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, secretText);
    await visitor.inbox.next((m) => fromBot(m) && m.seq === 3);
    visitor.close();
    const res = await fetch(`${server.url}/api/chatbot/settings`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'X-Request-Id': 'trace-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Request-Id')).toBe('trace-42');
    const own = await fetch(`${server.url}/api/widget/config?botKey=demo`);
    const ownId = own.headers.get('X-Request-Id');
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = log.lines();
    expect(lines.find((l) => l.requestId === 'trace-42')).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/api/chatbot/settings', status: 200 });
    // The path, never the query.
    expect(lines.find((l) => l.requestId === ownId)).toMatchObject({ path: '/api/widget/config', status: 200 });
    expect(lines.every((l) => typeof l.time === 'string' && typeof l.msg === 'string')).toBe(true);
    const text = log.text();
    for (const secret of [secretText, DEMO_TOKEN, METRICS_TOKEN, visitor.identity.token, 'botKey=demo']) expect(text).not.toContain(secret);
  });
});

describe('METRICS_PORT', () => {
  let server: RunningServer | undefined;
  afterEach(() => server?.close());

  it('serves /metrics on its own port without a token, and not on the main port', async () => {
    server = await startTestServer({ metricsPort: 0, metricsToken: METRICS_TOKEN });
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const samples = await scrape(server.metricsUrl!);
    expect(samples.some((s) => s.name === 'confab_messages_total' || s.name === 'confab_connected_visitors')).toBe(true);
    const main = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(main.status).toBe(404);
    const other = await fetch(server.metricsUrl!.replace('/metrics', '/healthz'));
    expect(other.status).toBe(404);
  });
});

describe('/readyz', () => {
  it('is ready once started, and the node says stopping as soon as close() begins', async () => {
    const server = await startTestServer();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', store: 'sqlite' });
    expect(server.state()).toBe('ready');
    const closing = server.close();
    expect(server.state()).toBe('stopping');
    await closing;
    // Stopped: the port takes no connection.
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
  });
});
