import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedOrigin, reply, startHttpServer, loopbackOutbound } from '../../test/helpers/unit-fixture.js';
import type { FetchRequest } from '../engine/types.js';
import { createOutboundClient } from '../lib/outbound/index.js';
import { performFetch } from './api-fetch.js';

const MIB = 1024 * 1024;
const at = (selfUrl: string) => ({ selfUrl, outbound: loopbackOutbound, allow: [] });

describe('performFetch', () => {
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  const get = (path: string, more: Partial<FetchRequest> = {}): FetchRequest => ({ url: `${server.origin}${path}`, method: 'GET', headers: {}, timeout_ms: 2_000, ...more });

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      switch (req.path) {
        case '/order':
          return reply(res, 200, { order: { status: 'shipped' } });
        case '/echo':
          return reply(res, 200, { method: req.method, body: req.body, token: req.headers['x-token'] ?? null });
        case '/missing':
          return reply(res, 404, { error: 'no' });
        case '/broken':
          return reply(res, 500, { error: 'boom' });
        case '/html':
          return reply(res, 200, '<html>not json</html>');
        case '/empty':
          return reply(res, 200);
        case '/exactly-1mib':
          return reply(res, 200, `"${'a'.repeat(MIB - 2)}"`);
        case '/over-1mib':
          return reply(res, 200, `"${'a'.repeat(MIB - 1)}"`);
        case '/moved':
          res.writeHead(302, { Location: '/order' });
          return void res.end();
        case '/moved-to-missing':
          res.writeHead(301, { Location: '/missing' });
          return void res.end();
        case '/slow':
          await new Promise((r) => setTimeout(r, 1_000));
          return reply(res, 200, {});
        default:
          return reply(res, 404);
      }
    });
  });

  afterAll(() => server.close());

  it.each([
    ['JSON from a 2xx', '/order', { ok: true, data: { order: { status: 'shipped' } } }],
    ['a redirect, followed', '/moved', { ok: true, data: { order: { status: 'shipped' } } }],
    ['a 404', '/missing', { ok: false, error: 'HTTP 404' }],
    ['a 500', '/broken', { ok: false, error: 'HTTP 500' }],
    ['a redirect to a 404', '/moved-to-missing', { ok: false, error: 'HTTP 404' }],
    ['a body that is not JSON', '/html', { ok: false, error: 'response is not JSON' }],
    ['an empty body', '/empty', { ok: false, error: 'response is not JSON' }],
    ['a body of exactly 1 MiB', '/exactly-1mib', { ok: true, data: 'a'.repeat(MIB - 2) }],
    ['a body over 1 MiB', '/over-1mib', { ok: false, error: 'response too large' }],
  ])('answers %s', async (_case, path, expected) => {
    expect(await performFetch(get(path), at('http://unused.invalid'))).toEqual(expected);
  });

  it('gives up after timeout_ms and says so', async () => {
    const started = Date.now();
    expect(await performFetch(get('/slow', { timeout_ms: 100 }), at('http://unused.invalid'))).toEqual({ ok: false, error: 'timed out after 100 ms' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('answers a refused connection without throwing', async () => {
    const origin = await refusedOrigin();
    expect(await performFetch({ url: `${origin}/x`, method: 'GET', headers: {}, timeout_ms: 2_000 }, at('http://unused.invalid'))).toEqual({ ok: false, error: `connect ECONNREFUSED ${origin.slice(7)}` });
  });

  describe('through a client with no allow-list, as in production', () => {
    const guarded = { outbound: createOutboundClient(), allow: [] as string[] };

    it.each(['127.0.0.1', '0x7f000001', '2130706433', '0177.0.0.1', 'localhost', '[::ffff:127.0.0.1]'])('refuses %s into a failed call, without a request', async (host) => {
      const before = server.requests.length;
      const result = await performFetch(get('/order', { url: `http://${host}:${new URL(server.origin).port}/order` }), { ...guarded, selfUrl: 'http://unused.invalid' });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: .* is a loopback address; allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW$/) });
      expect(server.requests.length).toBe(before);
    });

    it('calls what the bot allows, and a path on this server without any entry', async () => {
      expect(await performFetch(get('/order'), { ...guarded, allow: ['127.0.0.1'], selfUrl: 'http://unused.invalid' })).toMatchObject({ ok: true });
      expect(await performFetch({ url: '/order', method: 'GET', headers: {}, timeout_ms: 2_000 }, { ...guarded, selfUrl: server.origin })).toMatchObject({ ok: true });
      // The self entry is for paths only: the same origin written out is refused.
      expect(await performFetch(get('/order'), { ...guarded, selfUrl: server.origin })).toMatchObject({ ok: false, error: expect.stringMatching(/^refused/) });
    });
  });

  it('stops reading a 150 MB answer soon after 1 MiB (issue 14: it was read whole first)', async () => {
    let sent = 0;
    let closed!: Promise<void>;
    const big = await startHttpServer((_req, res) => {
      closed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sent < 150 * 1_000_000 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    try {
      expect(await performFetch({ url: `${big.origin}/huge`, method: 'GET', headers: {}, timeout_ms: 10_000 }, at(''))).toEqual({ ok: false, error: 'response too large' });
      await closed;
      expect(sent).toBeLessThan(16 * MIB);
    } finally {
      await big.close();
    }
  });

  it('calls a path on this server through selfUrl, and an absolute URL as it is', async () => {
    const before = server.requests.length;
    await performFetch({ url: '/order?via=self', method: 'GET', headers: {}, timeout_ms: 2_000 }, at(server.origin));
    await performFetch(get('/order?via=absolute'), at('http://unused.invalid'));
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/order?via=self', '/order?via=absolute']);
  });

  it('sends the method, headers and body; a GET sends no body', async () => {
    const post = await performFetch(get('/echo', { method: 'POST', headers: { 'X-Token': 't1' }, body: '{"q":1}' }), at(''));
    expect(post).toEqual({ ok: true, data: { method: 'POST', body: '{"q":1}', token: 't1' } });
    const getWithBody = await performFetch(get('/echo', { body: 'ignored' }), at(''));
    expect(getWithBody).toEqual({ ok: true, data: { method: 'GET', body: '', token: null } });
  });
});
