import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVisitorToken } from '../../server/identity/visitor-token.js';
import type { RunningServer } from '../../server/server.js';
import { call, type Json } from '../helpers/http.js';
import { tempDir } from '../helpers/databases.js';
import { connectVisitor, DEMO_TOKEN, startTestServer } from '../helpers/server.js';
import { putSettings } from '../helpers/threads.js';
import { startTestBot } from '../helpers/test-bot.js';
import { errorCode, messageEvent, testVisitor } from '../helpers/visitor-client.js';

// Issue 14, item 4: every door has a budget (server/lib/limits/table.ts). Budgets here are
// the table's (per visitor) or set small (per address, per bot); windows are a minute or
// longer, so nothing here waits for one to pass.

/** A 10,000-byte PNG: a one-pixel image and padding (the type is read from its first bytes). */
const PNG = Buffer.concat([
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  Buffer.alloc(10_000 - 70),
]);

function upload(server: RunningServer, token: string, bytes: Buffer = PNG) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'dot.png');
  return fetch(`${server.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
}

const rateLimited = (res: { ok: boolean; error?: { code: string; retryAfterMs?: number } }) =>
  !res.ok && res.error?.code === 'rate_limited' && typeof res.error.retryAfterMs === 'number' && res.error.retryAfterMs > 0;

describe('limits on every socket event (per visitor)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('refuses identify past 10 a minute, and a refused identify writes nothing (no PROVIDED_EMAIL line)', async () => {
    const v = await testVisitor(server);
    const id = (await v.open()).conversation.id;
    const acks = [];
    for (let i = 0; i < 100; i++) acks.push(await v.attempt('visitor:identify', { email: `ada${i}@example.com` }));
    expect(acks.filter((a) => a.ok)).toHaveLength(10);
    expect(acks.slice(10).every(rateLimited)).toBe(true);
    expect(acks[10]).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^too many identify calls: at most 10 a minute for this visitor; try again in \d+ s$/) } });
    const events = await server.store.systemEvents.ofConversation(id);
    expect(events.filter((e) => e.kind === 'PROVIDED_EMAIL')).toHaveLength(10);
    expect((await server.store.visitors.find(v.identity.visitorId))!.email).toBe('ada9@example.com');
    v.close();
  });

  it('refuses reactions past 20 a minute: the message webhook hears of 20, not 60', async () => {
    const receiver = await startTestBot(() => ({}));
    await call(server.url, 'PUT', '/api/chatbot/settings', { body: { message_webhook_url: receiver.url, message_webhook_token: 'message-webhook-token-123' } });
    try {
      const v = await testVisitor(server);
      const snapshot = await v.open();
      const id = snapshot.conversation.id;
      const greeting = snapshot.messages.find((m) => m.author === 'bot')!;
      const acks = [];
      for (let i = 0; i < 60; i++) acks.push(await v.attempt('message:react', { conversationId: id, messageId: greeting.id, reaction: i % 2 ? 'NEGATIVE' : 'POSITIVE' }));
      expect(acks.filter((a) => a.ok)).toHaveLength(20);
      expect(acks.slice(20).every(rateLimited)).toBe(true);
      // The webhook delivers one conversation's messages in order: once this message is there, every reaction before it is too.
      await v.send(id, 'after the reactions');
      await expect.poll(() => receiver.calls.some((c) => (c.body as Json).message?.message === 'after the reactions'), { timeout: 10_000 }).toBe(true);
      expect(receiver.calls.filter((c) => (c.body as Json).event === 'message.updated')).toHaveLength(20);
      v.close();
    } finally {
      await call(server.url, 'PUT', '/api/chatbot/settings', { body: { message_webhook_url: null } });
      await receiver.close();
    }
  });

  it('refuses messages past 30 a minute and stores none of them; read marks have a budget of their own', async () => {
    const v = await testVisitor(server);
    const id = (await v.open()).conversation.id;
    const acks = [];
    for (let i = 0; i < 40; i++) acks.push(await v.attempt('visitor:event', messageEvent(id, `flood ${i}`)));
    expect(acks.filter((a) => a.ok)).toHaveLength(30);
    expect(acks.slice(30).every(rateLimited)).toBe(true);
    await server.service.idle();
    const stored = (await server.store.conversations.messages(id, { limit: 1_000 })).filter((m) => m.author === 'visitor');
    expect(stored).toHaveLength(30);
    expect((await server.store.systemEvents.ofConversation(id)).filter((e) => e.kind === 'EXCEEDED_USAGE_LIMITS')).toHaveLength(1);
    const reads = [];
    for (let i = 0; i < 125; i++) reads.push(await v.attempt('conversation:read', { conversationId: id, seq: 1 }));
    expect(reads.filter((a) => a.ok)).toHaveLength(120);
    expect(rateLimited(reads[120]!)).toBe(true);
    v.close();
  });

  it('refuses new conversations past 10 a minute for one visitor, and opens of any kind past 60', async () => {
    const v = await testVisitor(server);
    const acks = [];
    for (let i = 0; i < 15; i++) acks.push(await v.attempt('conversation:open', { fresh: true }));
    expect(acks.filter((a) => a.ok)).toHaveLength(10);
    expect(acks.slice(10).every(rateLimited)).toBe(true);
    expect(acks[10]).toMatchObject({ error: { message: expect.stringContaining('too many new conversations') } });
    const mine = await server.store.conversations.latestOpenOfVisitor(v.identity.visitorId);
    // Reopening what exists still works until the open budget (60) is spent.
    const again = await v.attempt('conversation:open', { conversationId: mine!.id });
    expect(again.ok).toBe(true);
    v.close();
  });

  it('refuses typing, persona and stop requests past their budgets', async () => {
    const v = await testVisitor(server);
    const id = (await v.open()).conversation.id;
    const typing = [];
    for (let i = 0; i < 121; i++) typing.push(await v.attempt('visitor:typing', { conversationId: id, typing: true }));
    expect(typing.filter((a) => a.ok)).toHaveLength(120);
    const stops = [];
    for (let i = 0; i < 31; i++) stops.push(await v.attempt('answer:stop', { conversationId: id, draftId: 'none' }));
    expect(stops.filter((a) => a.ok)).toHaveLength(30);
    const personas = [];
    for (let i = 0; i < 11; i++) personas.push(await v.attempt('persona:select', { conversationId: id, personaId: 'nobody' }));
    // Unknown personas are not_found; the eleventh is not even looked up.
    expect(personas.slice(0, 10).map(errorCode)).toEqual(Array(10).fill('not_found'));
    expect(rateLimited(personas[10]!)).toBe(true);
    v.close();
  });
});

describe('limits per address and per bot', () => {
  let server: RunningServer;
  const dataDir = tempDir();
  beforeAll(async () => {
    server = await startTestServer({
      dataDir,
      limits: {
        'visitor-create.ip': { points: 5, seconds: 600 },
        'connect.ip': { points: 8, seconds: 600 },
        'widget-config.ip': { points: 3, seconds: 600 },
        'files.ip': { points: 2, seconds: 600 },
        'upload.visitor': { points: 3, seconds: 600 },
        'upload-bytes.visitor': { points: 25_000, seconds: 86_400 },
        'api.bot': { points: 6, seconds: 600 },
        'admin.bot': { points: 40, seconds: 600 },
        'bad-token.ip': { points: 3, seconds: 600 },
      },
    });
    // Any page may embed the bot here (the demo allows only its own origin): these are limits, not origins.
    await putSettings(server.url, { allowed_origins: [] });
  });
  afterAll(() => server?.close());

  it('refuses visitor creation past the address’s budget: 429, Retry-After, the 000 envelope, CORS kept; no visitor made', async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(await fetch(`${server.url}/api/widget/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' }, body: JSON.stringify({ botKey: 'demo' }) }));
    }
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = answers[5]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.json()).toEqual({ status: 'error', message: expect.stringMatching(/^too many new visitors: at most 5 in 600 s from this address/) });
  });

  it('refuses handshakes past the address’s budget with the connect error rate_limited', async () => {
    const v = await newVisitorFromStore(server);
    const sockets = [];
    let refusal: Error | undefined;
    for (let i = 0; i < 10 && !refusal; i++) {
      try {
        sockets.push(await connectVisitor(server.url, { botKey: 'demo', token: v.token }));
      } catch (err) {
        refusal = err as Error;
      }
    }
    expect(sockets).toHaveLength(8);
    expect(refusal?.message).toBe('rate_limited');
    expect((refusal as Error & { data?: { retryAfterMs: number } }).data?.retryAfterMs).toBeGreaterThan(0);
    for (const s of sockets) s.close();
  });

  it('counts uploads per visitor, and their bytes against a daily quota; a refused upload stores nothing', async () => {
    const a = await newVisitorFromStore(server);
    expect((await upload(server, a.token)).status).toBe(201);
    expect((await upload(server, a.token)).status).toBe(201);
    const overQuota = await upload(server, a.token);
    expect(overQuota.status).toBe(429);
    expect(Number(overQuota.headers.get('retry-after'))).toBeGreaterThan(3_600);
    expect((await overQuota.json()).message).toMatch(/^too many bytes of uploads: at most \d+ a day for this visitor/);
    const overCount = await upload(server, a.token);
    expect(overCount.status).toBe(429);
    expect((await overCount.json()).message).toMatch(/^too many uploads: at most 3 in 600 s for this visitor/);
    expect(readdirSync(join(dataDir, 'uploads'))).toHaveLength(2);
    // Another visitor has a quota of their own.
    expect((await upload(server, (await newVisitorFromStore(server)).token)).status).toBe(201);
  });

  it('refuses the widget config and files past the address’s budget', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/widget/config?botKey=demo`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const files = [];
    for (let i = 0; i < 3; i++) files.push((await fetch(`${server.url}/uploads/nothing.png`)).status);
    expect(files).toEqual([404, 404, 429]);
  });

  it('answers the 001 and 002 routes past the token’s budget with 429, Retry-After and their own envelopes', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(server.url, 'GET', '/api/v1/chatbots/demo/threads'));
    for (let i = 0; i < 4; i++) answers.push(await call(server.url, 'GET', '/api/v1/conversation/nope/messages'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 404, 404, 429, 429]);
    const api = answers[6]!;
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(api.json).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/^too many requests: at most 6 in 600 s for this bot/) } });
    const threads = await call(server.url, 'POST', '/api/v1/chatbots/demo/threads', { body: {} });
    expect(threads.status).toBe(429);
    expect(Number(threads.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(threads.json).toEqual({ success: false, message: expect.stringContaining('too many requests') });
  });

  it('refuses an address that guessed wrong tokens too often, whatever token it sends next', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(server.url, 'GET', '/api/chatbot/settings', { token: `wrong-token-${i}-0123456789` })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const right = await call(server.url, 'GET', '/api/chatbot/settings', { token: DEMO_TOKEN });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.json).toEqual({ status: 'error', message: expect.stringContaining('too many requests with a wrong token') });
  });
});

/** A visitor made in the store (the address's creation budget is the subject of another test). */
async function newVisitorFromStore(server: RunningServer) {
  const bot = (await server.store.bots.findByKey('demo'))!;
  const visitorId = crypto.randomUUID();
  await server.store.visitors.create({ id: visitorId, botId: bot.id, createdAt: new Date().toISOString() });
  return { visitorId, token: signVisitorToken('test-secret-0123456789abcdef', bot.id, visitorId) };
}
