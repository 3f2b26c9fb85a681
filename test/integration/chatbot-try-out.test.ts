import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/http.js';
import { createTestApp } from '../helpers/server.js';
import { startTestBot } from '../helpers/test-bot.js';

type App = Awaited<ReturnType<typeof createTestApp>>['app'];

/** What the owner console tries before it saves: a message against the rules, the webhook bot, a form by ?dry_run. */
describe('chatbot API: trying things out', () => {
  let app: App;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  let reply: { status: number; body: unknown } = { status: 200, body: [] };

  beforeAll(async () => {
    ({ app } = await createTestApp());
    bot = await startTestBot(() => reply);
  });
  afterAll(async () => {
    await bot?.close();
  });

  const call = adminClient(() => app, '/api/chatbot');

  it('names the bot the token is for', async () => {
    const { status, json } = await call('GET', '/bot');
    expect(status).toBe(200);
    expect(json.data).toEqual({ id: expect.any(String), key: 'demo', name: expect.any(String) });
    expect((await call('GET', '/bot', undefined, 'wrong')).status).toBe(401);
  });

  describe('POST /keywords/test', () => {
    it('says which rule matched, by which keyword and match type, and why', async () => {
      const created = await call('POST', '/keywords', {
        name: 'Zebra drinks',
        keywords: ['zebra latte', 'zebra mocha'],
        match_type: 'contains',
        response: 'Stripes included.',
        priority: 5,
      });
      expect(created.status).toBe(201);
      const { status, json } = await call('POST', '/keywords/test', { message: 'One  ZEBRA mocha, please' });
      expect(status).toBe(200);
      expect(json.data).toMatchObject({
        answered_by: 'keyword_rule',
        match_type: 'contains',
        keyword: 'zebra mocha',
        rule: { id: created.json.data.id, name: 'Zebra drinks', response: 'Stripes included.' },
      });
      expect(json.data.reason).toContain('contains "zebra mocha"');
    });

    it('follows the engine: a regex rule, transfer keywords before rules, the fallback when nothing matches', async () => {
      await call('POST', '/keywords', { name: 'Order numbers', keywords: ['^ZX-\\d{4}$'], match_type: 'regex', response: 'Looking it up.' });
      expect((await call('POST', '/keywords/test', { message: 'ZX-1234' })).json.data).toMatchObject({ answered_by: 'keyword_rule', match_type: 'regex', keyword: '^ZX-\\d{4}$' });
      await call('PUT', '/settings', { transfer_keywords: ['human please'] });
      expect((await call('POST', '/keywords/test', { message: 'zebra latte, human please' })).json.data).toMatchObject({
        answered_by: 'transfer_keyword',
        keyword: 'human please',
      });
      // The demo bot answers with AI when nothing matches; without AI, the fallback message does.
      expect((await call('POST', '/keywords/test', { message: 'qwxz nothing like it' })).json.data).toMatchObject({ answered_by: 'ai' });
      await call('PUT', '/settings', { ai_enabled: false });
      expect((await call('POST', '/keywords/test', { message: 'qwxz nothing like it' })).json.data).toMatchObject({ answered_by: 'fallback' });
    });

    it('refuses a missing, empty or over-long message and malformed JSON with a 400 naming the field', async () => {
      for (const body of [{}, { message: '' }, { message: 'x'.repeat(5_001) }, { message: 1 }, { message: 'a', extra: true }, '{"message":']) {
        const { status, json } = await call('POST', '/keywords/test', body);
        expect(status, JSON.stringify(body)).toBe(400);
        expect(json.status).toBe('error');
      }
      expect((await call('POST', '/keywords/test', {})).json.message).toContain('message');
    });
  });

  describe('?dry_run', () => {
    it('validates a flow with the server rules and stores nothing', async () => {
      const before = (await call('GET', '/flows')).json.data.items.length;
      const bad = await call('POST', '/flows?dry_run=1', { name: 'Try', steps: [{ step_name: 'a', step_order: 1, message_type: 'buttons', message: 'Pick' }] });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toBe('steps.0.buttons: a buttons step needs 1 to 10 buttons');
      const good = await call('POST', '/flows?dry_run=1', { name: 'Try', steps: [{ step_name: 'a', step_order: 1, message_type: 'text', message: 'Hi' }] });
      expect(good.json).toEqual({ status: 'success', data: { valid: true } });
      expect((await call('GET', '/flows')).json.data.items.length).toBe(before);
    });

    it('validates a PUT of a stored flow merged with the change, and of settings, and changes nothing', async () => {
      const flow = (await call('GET', '/flows')).json.data.items[0];
      const bad = await call('PUT', `/flows/${flow.id}?dry_run`, { steps: [] });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('steps');
      expect((await call('PUT', `/flows/${flow.id}?dry_run`, { name: 'Renamed' })).json.data).toEqual({ valid: true });
      expect((await call('GET', `/flows/${flow.id}`)).json.data.name).toBe(flow.name);

      const greeting = (await call('GET', '/settings')).json.data.greeting_message;
      expect((await call('PUT', '/settings?dry_run=true', { greeting_message: 'Not saved' })).json.data).toEqual({ valid: true });
      expect((await call('PUT', '/settings?dry_run=true', { greeting_message: '' })).status).toBe(400);
      expect((await call('GET', '/settings')).json.data.greeting_message).toBe(greeting);
      // dry_run=false is a real write.
      expect((await call('PUT', '/settings?dry_run=false', { greeting_message: 'Saved' })).json.data.greeting_message).toBe('Saved');
      expect((await call('POST', '/keywords?dry_run', { name: 'x', keywords: ['(a+)+'], match_type: 'regex', response: 'r' })).status).toBe(400);
    });

    it('validates the icons and widget texts singletons and agents the same way, and stores nothing', async () => {
      const icons = (await call('GET', '/icons')).json.data;
      expect((await call('PUT', '/icons?dry_run=true', { launcher: 'https://cdn.example.com/chat.svg' })).json).toEqual({ status: 'success', data: { valid: true } });
      const badIcon = await call('PUT', '/icons?dry_run=true', { launcher: 'http://cdn.example.com/chat.svg' });
      expect(badIcon.status).toBe(400);
      expect(badIcon.json.message).toContain('icons.launcher');
      expect((await call('GET', '/icons')).json.data).toEqual(icons);

      const texts = (await call('GET', '/messages')).json.data;
      expect((await call('PUT', '/messages?dry_run', { de: { placeholder: 'Fragen Sie uns…' } })).json.data).toEqual({ valid: true });
      const typo = await call('PUT', '/messages?dry_run', { en: { placeholdr: 'typo' } });
      expect(typo.status).toBe(400);
      expect(typo.json.message).toContain('placeholdr');
      expect((await call('GET', '/messages')).json.data).toEqual(texts);

      const agents = (await call('GET', '/agents')).json.data.items.length;
      expect((await call('POST', '/agents?dry_run', { name: 'Ana Lima' })).json.data).toEqual({ valid: true });
      expect((await call('POST', '/agents?dry_run', { name: 'Ana Lima', teams: ['no-such-team'] })).status).toBe(400);
      expect((await call('GET', '/agents')).json.data.items.length).toBe(agents);
      const agent = (await call('POST', '/agents', { name: 'Bea' })).json.data;
      expect((await call('PUT', `/agents/${agent.id}?dry_run`, { name: 'Renamed' })).json.data).toEqual({ valid: true });
      expect((await call('PUT', `/agents/${agent.id}?dry_run`, { max_chats: -1 })).status).toBe(400);
      expect((await call('GET', `/agents/${agent.id}`)).json.data.name).toBe('Bea');
    });
  });

  describe('POST /settings/webhook-test', () => {
    it('is refused with a 400 while no webhook URL is saved', async () => {
      await call('PUT', '/settings', { bot_type: 'builtin', webhook_url: null });
      const { status, json } = await call('POST', '/settings/webhook-test');
      expect(status).toBe(400);
      expect(json.message).toContain('webhook_url');
    });

    it('sends one ping packet with the bot headers and says how the bot answered, and how fast', async () => {
      await call('PUT', '/settings', { webhook_url: bot.url, webhook_headers: { 'X-Bot-Secret': 's3cret' }, webhook_retries: 2 });
      const { status, json } = await call('POST', '/settings/webhook-test');
      expect(status).toBe(200);
      expect(json.data).toEqual({ ok: true, url: bot.url, http_status: 200, latency_ms: expect.any(Number) });
      expect(bot.calls).toHaveLength(1);
      expect(bot.calls[0]!.body.packet).toEqual({ name: 'ping', payload: {} });
      expect(bot.calls[0]!.body.info).toMatchObject({ test: true, widget: { id: 'demo' } });
      expect(bot.calls[0]!.headers['x-bot-secret']).toBe('s3cret');

      reply = { status: 503, body: { error: 'down' } };
      const failed = await call('POST', '/settings/webhook-test', {});
      expect(failed.json.data).toMatchObject({ ok: false, http_status: 503, error: 'HTTP 503' });
      // No retries: a test is one request.
      expect(bot.calls).toHaveLength(2);
    });

    it('reports a bot that cannot be reached, and refuses a body it does not take', async () => {
      await call('PUT', '/settings', { webhook_url: 'http://127.0.0.1:9/webhook' });
      const { status, json } = await call('POST', '/settings/webhook-test');
      expect(status).toBe(200);
      expect(json.data).toMatchObject({ ok: false, http_status: null, error: expect.any(String) });
      expect((await call('POST', '/settings/webhook-test', { url: 'http://elsewhere' })).status).toBe(400);
    });
  });
});
