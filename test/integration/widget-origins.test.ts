import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { adminClient, call } from '../helpers/http.js';
import { newVisitor, startTestServer, type ClientSocket } from '../helpers/server.js';
import { putSettings } from '../helpers/threads.js';

const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';

/** The handshake as a page on `origin` makes it: the connect, or the connect_error's message and data. */
function handshake(url: string, auth: { botKey: string; token: string }, origin?: string): Promise<{ connected: true } | { connected: false; message: string; data: unknown }> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    auth,
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { Origin: origin } } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      resolve({ connected: false, message: err.message, data: err.data });
    });
  });
}

describe('allowed origins of a bot’s widget (issue 14, item 6)', () => {
  let server: RunningServer;
  const admin = adminClient(() => server.url, '/api/chatbot');

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  describe('the setting', () => {
    it('is accepted through the settings API, stored in its normal form, and shown', async () => {
      const res = await admin('PUT', '/settings', { allowed_origins: ['HTTPS://Shop.Example', 'https://*.example.com:8443', 'self', 'http://localhost:5173/'] });
      expect(res.status, res.json.message).toBe(200);
      expect(res.json.data.allowed_origins).toEqual(['https://shop.example', 'https://*.example.com:8443', 'self', 'http://localhost:5173']);
      expect((await admin('GET', '/settings')).json.data.allowed_origins).toEqual(['https://shop.example', 'https://*.example.com:8443', 'self', 'http://localhost:5173']);
    });

    it.each([
      ['https://shop.example/checkout', 'a path'],
      ['*', 'everything'],
      ['https://*.com', 'a wildcard over a top-level domain'],
      ['https://shop.*.example', 'a wildcard in the middle'],
      ['shop.example', 'no scheme'],
      ['javascript:alert(1)', 'a script'],
    ])('refuses %s (%s) with a 400 naming the entry, and keeps what was there', async (entry) => {
      await putSettings(server.url, { allowed_origins: [SHOP] });
      const res = await admin('PUT', '/settings', { allowed_origins: [SHOP, entry] });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ status: 'error', message: expect.stringContaining('allowed_origins.1') });
      expect(res.json.message).toMatch(/scheme:\/\/host\[:port\]|wildcard/);
      expect((await admin('GET', '/settings')).json.data.allowed_origins).toEqual([SHOP]);
    });
  });

  describe('the Socket.IO handshake', () => {
    it('refuses a page the bot does not allow with origin_not_allowed, whatever its token; allows the listed ones and non-browser clients', async () => {
      await putSettings(server.url, { allowed_origins: [SHOP, 'https://*.shop.example'] });
      const auth = { botKey: 'demo', token: (await newVisitor(server.url)).token };
      const refused = await handshake(server.url, auth, EVIL);
      expect(refused).toEqual({
        connected: false,
        message: 'origin_not_allowed',
        data: { code: 'origin_not_allowed', message: `this page (${EVIL}) may not use this bot's chat: its origin is not in the bot's allowed_origins` },
      });
      expect(await handshake(server.url, { botKey: 'demo', token: 'forged' }, EVIL)).toMatchObject({ connected: false, message: 'origin_not_allowed' });
      expect(await handshake(server.url, auth, 'null')).toMatchObject({ connected: false, message: 'origin_not_allowed' });
      expect(await handshake(server.url, auth, 'https://shop.example.evil.example')).toMatchObject({ connected: false, message: 'origin_not_allowed' });
      expect(await handshake(server.url, auth, SHOP)).toEqual({ connected: true });
      expect(await handshake(server.url, auth, 'https://eu.shop.example')).toEqual({ connected: true });
      expect(await handshake(server.url, auth)).toEqual({ connected: true });
      // The token is still checked for an allowed page.
      expect(await handshake(server.url, { botKey: 'demo', token: 'forged' }, SHOP)).toMatchObject({ connected: false, message: 'invalid_token' });
    });

    it('lets any page in when the bot lists no origins', async () => {
      await putSettings(server.url, { allowed_origins: [] });
      const auth = { botKey: 'demo', token: (await newVisitor(server.url)).token };
      expect(await handshake(server.url, auth, EVIL)).toEqual({ connected: true });
    });

    it('the demo bot as shipped allows its own page only: this server’s public URL or the name it was reached by', async () => {
      await putSettings(server.url, { allowed_origins: ['self'] });
      const auth = { botKey: 'demo', token: (await newVisitor(server.url)).token };
      expect(await handshake(server.url, auth, server.url)).toEqual({ connected: true });
      const byAddress = server.url.replace('localhost', '127.0.0.1');
      expect(await handshake(byAddress, auth, byAddress)).toEqual({ connected: true });
      expect(await handshake(server.url, auth, byAddress)).toMatchObject({ connected: false, message: 'origin_not_allowed' });
      expect(await handshake(server.url, auth, EVIL)).toMatchObject({ connected: false, message: 'origin_not_allowed' });
    });
  });

  describe('the widget’s HTTP routes', () => {
    const fromPage = (origin: string | undefined, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...(origin ? { Origin: origin } : {}) } });

    async function upload(token: string, origin?: string) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))]), 'a.pdf');
      return fetch(`${server.url}/api/widget/uploads?botKey=demo`, fromPage(origin, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form }));
    }

    it('answer an allowed page with its own origin, and refuse any other with 403 in the route’s envelope', async () => {
      await putSettings(server.url, { allowed_origins: [SHOP] });
      const visitor = await call(server.url, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null, headers: { Origin: SHOP } });
      expect(visitor.status).toBe(201);
      expect(visitor.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(visitor.headers.get('vary')).toContain('Origin');

      const refusal = { status: 'error', message: `this page (${EVIL}) may not use this bot's chat: its origin is not in the bot's allowed_origins` };
      const refusedVisitor = await call(server.url, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null, headers: { Origin: EVIL } });
      expect([refusedVisitor.status, refusedVisitor.json]).toEqual([403, refusal]);
      // The page may read why, and nothing else.
      expect(refusedVisitor.headers.get('access-control-allow-origin')).toBe(EVIL);

      const config = await fetch(`${server.url}/api/widget/config?botKey=demo`, fromPage(SHOP));
      expect([config.status, config.headers.get('access-control-allow-origin')]).toEqual([200, SHOP]);
      expect(config.headers.get('vary')).toContain('Origin');
      const refusedConfig = await fetch(`${server.url}/api/widget/config?botKey=demo`, fromPage(EVIL));
      expect([refusedConfig.status, await refusedConfig.json()]).toEqual([403, refusal]);

      const { token } = visitor.json as { token: string };
      const uploaded = await upload(token, SHOP);
      expect([uploaded.status, uploaded.headers.get('access-control-allow-origin')]).toEqual([201, SHOP]);
      const refusedUpload = await upload(token, EVIL);
      expect([refusedUpload.status, await refusedUpload.json()]).toEqual([403, refusal]);

      const { link } = (await uploaded.json()) as { link: string };
      const path = new URL(link).pathname;
      const file = await fetch(`${server.url}${path}`, fromPage(SHOP));
      expect([file.status, file.headers.get('access-control-allow-origin')]).toEqual([200, SHOP]);
      const refusedFile = await fetch(`${server.url}${path}`, fromPage(EVIL));
      expect([refusedFile.status, await refusedFile.json()]).toEqual([403, refusal]);
      // An <img> (or a server) sends no Origin: the file is served.
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    });

    it('take a new visitor as a CORS-simple request (JSON sent as text/plain, no preflight), its Origin checked all the same', async () => {
      await putSettings(server.url, { allowed_origins: [SHOP] });
      const simple = (origin: string) => fetch(`${server.url}/api/widget/visitors`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'text/plain;charset=UTF-8' }, body: '{"botKey":"demo"}' });
      const allowed = await simple(SHOP);
      expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([201, SHOP]);
      expect(await allowed.json()).toEqual({ visitorId: expect.any(String), token: expect.any(String) });
      const refused = await simple(EVIL);
      expect(refused.status).toBe(403);
    });

    it('answer a preflight for the page that asks; the request itself is what is checked', async () => {
      await putSettings(server.url, { allowed_origins: [SHOP] });
      const preflight = await fetch(`${server.url}/api/widget/uploads?botKey=demo`, {
        method: 'OPTIONS',
        headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization');
    });

    it('answer any page with * when the bot lists no origins', async () => {
      await putSettings(server.url, { allowed_origins: [] });
      const config = await fetch(`${server.url}/api/widget/config?botKey=demo`, fromPage(EVIL));
      expect([config.status, config.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
      const visitor = await call(server.url, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null, headers: { Origin: EVIL } });
      expect([visitor.status, visitor.headers.get('access-control-allow-origin')]).toEqual([201, '*']);
    });
  });
});
