import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContextFetcher } from '../../server/ai/api-contexts.js';
import type { AiContext } from '../../server/ai/prompt.js';
import { loopbackOutbound } from '../helpers/unit-fixture.js';

/** API contexts (000 context_type "api") against a local server: size cap, TTL cache, failures. */
describe('api contexts', () => {
  let server: Server;
  let base = '';
  const hits = new Map<string, number>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
      if (req.url === '/big') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(200_000));
      if (req.url === '/down') return res.writeHead(503).end('no');
      if (req.url === '/slow') return; // never answers
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ special: 'Harbour Dark', hits: hits.get(req.url!) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

  const context = (path: string, timeout_ms = 2_000): AiContext => ({
    id: path,
    name: path,
    trigger_keywords: [],
    context_type: 'api',
    content: '',
    follow_ups: [],
    api_config: { url: `${base}${path}`, method: 'GET', headers: {}, timeout_ms },
    priority: 0,
    enabled: true,
  });

  it('reads JSON as text, and reuses it within the TTL (by the clock), then fetches again', async () => {
    let now = Date.parse('2026-01-05T10:00:00Z');
    const fetcher = apiContextFetcher({ now: () => new Date(now) }, loopbackOutbound, { ttlMs: 60_000 });
    const first = await fetcher.content(context('/special'));
    expect(JSON.parse(first!)).toEqual({ special: 'Harbour Dark', hits: 1 });
    now += 59_000;
    expect(await fetcher.content(context('/special'))).toBe(first);
    now += 2_000;
    expect(JSON.parse((await fetcher.content(context('/special')))!)).toMatchObject({ hits: 2 });
  });

  it('reads at most the size cap of a large answer', async () => {
    const fetcher = apiContextFetcher({ now: () => new Date() }, loopbackOutbound, { maxBytes: 1_000 });
    expect(await fetcher.content(context('/big'))).toHaveLength(1_000);
  });

  it('gives no content for an error status or a timeout, and does not cache the failure', async () => {
    const fetcher = apiContextFetcher({ now: () => new Date() }, loopbackOutbound);
    expect(await fetcher.content(context('/down'))).toBeUndefined();
    expect(await fetcher.content(context('/slow', 200))).toBeUndefined();
    await expect.poll(async () => (await fetcher.content(context('/down')), hits.get('/down'))).toBeGreaterThanOrEqual(2);
  });

  it('a static context is its content', async () => {
    const fetcher = apiContextFetcher({ now: () => new Date() }, loopbackOutbound);
    expect(await fetcher.content({ ...context('/x'), context_type: 'static', content: 'Plain.' })).toBe('Plain.');
  });
});
