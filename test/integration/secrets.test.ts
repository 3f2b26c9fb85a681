import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/lib/clock.js';
import type { RunningServer } from '../../server/server.js';
import { call, type Json } from '../helpers/http.js';
import { connectVisitor, DEMO_TOKEN, newVisitor, startTestServer } from '../helpers/server.js';

const DAY = 86_400_000;

/** A clock the test moves: days pass without waiting. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

describe('secrets and tokens', () => {
  let server: RunningServer;
  const clock = movableClock();
  let adminToken = DEMO_TOKEN;
  const admin = (method: string, path: string, body?: unknown, token: string | null = adminToken) =>
    call(server.url, method, `/api/chatbot${path}`, { body, token });

  beforeAll(async () => {
    server = await startTestServer({ visitorTokenTtlMs: 90 * DAY }, { clock });
  });
  afterAll(() => server?.close());

  describe('GET settings masks secrets, and a fetched document sent back keeps them', () => {
    it('shows webhook header values as ******** and keeps the stored values on write-back', async () => {
      const put = await admin('PUT', '/settings', {
        webhook_headers: { 'X-Bot-Token': 'hdr-secret-value-1', 'Content-Type': 'application/json' },
        ai_api_key: 'sk-secret-key',
      });
      expect(put.status).toBe(200);
      expect(put.json.data.webhook_headers).toEqual({ 'X-Bot-Token': '********', 'Content-Type': 'application/json' });

      const got = await admin('GET', '/settings');
      expect(got.json.data.webhook_headers['X-Bot-Token']).toBe('********');
      expect(JSON.stringify(got.json)).not.toContain('hdr-secret-value-1');
      expect(JSON.stringify(got.json)).not.toContain('sk-secret-key');

      // Fetch, edit one field, save the whole document back.
      const edited = { ...got.json.data, greeting_message: 'Hi there!' } as Json;
      const saved = await admin('PUT', '/settings', edited);
      expect(saved.status).toBe(200);
      const bot = await server.store.bots.findByKey('demo');
      expect(bot?.settings.greeting_message).toBe('Hi there!');
      expect(bot?.settings.webhook_headers['X-Bot-Token']).toBe('hdr-secret-value-1');
      expect(bot?.settings.ai_api_key).toBe('sk-secret-key');

      // A new value replaces it; the mask under a name with nothing stored is refused.
      await admin('PUT', '/settings', { webhook_headers: { 'X-Bot-Token': 'hdr-secret-value-2' } });
      expect((await server.store.bots.findByKey('demo'))?.settings.webhook_headers['X-Bot-Token']).toBe('hdr-secret-value-2');
      const refused = await admin('PUT', '/settings', { webhook_headers: { 'X-Bot-Token': '********', 'X-Other': '********' } });
      expect(refused.status).toBe(400);
      expect(refused.json.message).toMatch(/X-Other/);
      expect((await server.store.bots.findByKey('demo'))?.settings.webhook_headers['X-Bot-Token']).toBe('hdr-secret-value-2');
    });

    it('masks api_fetch step headers of flows and keeps them when the flow is sent back', async () => {
      const created = await admin('POST', '/flows', {
        name: 'Order status',
        steps: [
          {
            step_name: 'lookup',
            step_order: 1,
            message_type: 'api_fetch',
            api_config: { url: 'https://api.example.com/orders', headers: { Authorization: 'Bearer flow-secret-1', Accept: 'application/json' } },
          },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.json.data.steps[0].api_config.headers).toEqual({ Authorization: '********', Accept: 'application/json' });
      const got = await admin('GET', `/flows/${created.json.data.id}`);
      expect(JSON.stringify(got.json)).not.toContain('flow-secret-1');
      const listed = await admin('GET', '/flows');
      expect(JSON.stringify(listed.json)).not.toContain('flow-secret-1');

      const steps = got.json.data.steps as Json[];
      const saved = await admin('PUT', `/flows/${created.json.data.id}`, { ...got.json.data, name: 'Order status (edited)', steps });
      expect(saved.status).toBe(200);
      const stored = await server.store.flows.get((await server.store.bots.findByKey('demo'))!.id, created.json.data.id);
      expect(stored?.body.name).toBe('Order status (edited)');
      expect(stored?.body.steps[0]?.api_config?.headers.Authorization).toBe('Bearer flow-secret-1');

      // A copy of the masked flow as a new one has no secret to keep: refused, not stored as "********".
      const { id: _id, created_at: _c, updated_at: _u, ...copy } = got.json.data as Json;
      const copied = await admin('POST', '/flows', { ...copy, name: 'Copy' });
      expect(copied.status).toBe(400);
      expect(copied.json.message).toMatch(/stored secret/);
    });

    it('masks the headers of API AI contexts and keeps them on write-back', async () => {
      const created = await admin('POST', '/ai-contexts', {
        name: 'Stock',
        context_type: 'api',
        api_config: { url: 'https://api.example.com/stock', headers: { 'X-Api-Key': 'context-secret-1' } },
      });
      expect(created.status).toBe(201);
      expect(created.json.data.api_config.headers).toEqual({ 'X-Api-Key': '********' });
      const saved = await admin('PUT', `/ai-contexts/${created.json.data.id}`, { ...created.json.data, priority: 5 });
      expect(saved.status).toBe(200);
      const stored = await server.store.aiContexts.get((await server.store.bots.findByKey('demo'))!.id, created.json.data.id);
      expect(stored?.body.priority).toBe(5);
      expect(stored?.body.api_config?.headers['X-Api-Key']).toBe('context-secret-1');
    });
  });

  describe('rotation', () => {
    it('rotates the admin token with the current one; the old one stops working at once', async () => {
      expect((await admin('POST', '/admin-token', undefined, null)).status).toBe(401);
      expect((await admin('POST', '/admin-token', undefined, 'not-the-token-at-all')).status).toBe(401);
      const rotated = await admin('POST', '/admin-token');
      expect(rotated.status).toBe(200);
      const fresh = rotated.json.data.admin_token as string;
      expect(fresh).toMatch(/^cfb_[\w-]{43}$/);
      expect((await admin('GET', '/settings', undefined, DEMO_TOKEN)).status).toBe(401);
      expect((await admin('GET', '/settings', undefined, fresh)).status).toBe(200);
      adminToken = fresh;
    });

    it('rotates the bot API SECURITY-TOKEN (003); the old one is refused at once', async () => {
      const events = (token: string) =>
        call(server.url, 'POST', '/api/chatbot/v1/events', {
          token: null,
          headers: { 'SECURITY-TOKEN': token },
          body: { info: { cid: `chatbot::demo:${crypto.randomUUID()}` }, packet: { name: 'message', payload: { body: 'hi' } } },
        });
      const first = await admin('POST', '/api-security-token');
      expect(first.status).toBe(200);
      const oldToken = first.json.data.api_security_token as string;
      expect(oldToken.length).toBeGreaterThanOrEqual(43);
      expect((await admin('GET', '/settings')).json.data.api_security_token_set).toBe(true);
      // Past the token check, an unknown conversation is a 404; a wrong token never gets there.
      expect((await events(oldToken)).status).toBe(404);
      const second = await admin('POST', '/api-security-token');
      const newToken = second.json.data.api_security_token as string;
      expect(newToken).not.toBe(oldToken);
      expect((await events(oldToken)).status).toBe(401);
      expect((await events(newToken)).status).toBe(404);
    });
  });

  describe('visitor tokens', () => {
    const connectError = (identity: { token: string }) =>
      connectVisitor(server.url, { botKey: 'demo', token: identity.token }).then(
        (socket) => {
          socket.close();
          return undefined;
        },
        (err: Error & { data?: { code: string; message: string } }) => err,
      );

    it('expire after the TTL unused, with a clear connect_error; each use renews them', async () => {
      const visitor = await newVisitor(server.url);
      expect(await connectError(visitor)).toBeUndefined();
      clock.advance(60 * DAY);
      expect(await connectError(visitor)).toBeUndefined(); // renews: 90 days from now
      clock.advance(60 * DAY);
      expect(await connectError(visitor)).toBeUndefined();

      const away = await newVisitor(server.url);
      clock.advance(91 * DAY);
      const err = await connectError(away);
      expect(err?.message).toBe('invalid_token');
      expect(err?.data).toEqual({ code: 'invalid_token', message: expect.stringMatching(/expired/) });
      // Expired for uploads too (the same check).
      const upload = await fetch(`${server.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${away.token}` } });
      expect(upload.status).toBe(401);
    });

    it('are revoked per contact by the owner: open sockets close, the next handshake is refused', async () => {
      const visitor = await newVisitor(server.url);
      const other = await newVisitor(server.url);
      const tab1 = await connectVisitor(server.url, { botKey: 'demo', token: visitor.token });
      const tab2 = await connectVisitor(server.url, { botKey: 'demo', token: visitor.token });
      const bystander = await connectVisitor(server.url, { botKey: 'demo', token: other.token });
      const closed = Promise.all([tab1, tab2].map((s) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)))));

      const revoked = await admin('DELETE', `/contacts/${visitor.visitorId}/token`);
      expect(revoked.status).toBe(200);
      expect(revoked.json.data).toEqual({ contact_id: visitor.visitorId, token_revoked: true });
      expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
      expect(bystander.connected).toBe(true);
      bystander.close();

      const err = await connectError(visitor);
      expect(err?.message).toBe('invalid_token');
      expect(err?.data?.message).toMatch(/revoked/);
      expect(await connectError(other)).toBeUndefined();

      expect((await admin('DELETE', `/contacts/${crypto.randomUUID()}/token`)).status).toBe(404);
      expect((await admin('DELETE', `/contacts/${other.visitorId}/token`, undefined, null)).status).toBe(401);
    });
  });
});
