import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedOrigin, startHttpServer, loopbackOutbound } from '../../test/helpers/unit-fixture.js';
import { createOutboundClient } from '../lib/outbound/index.js';
import { checkMediaReachable, NOT_REACHABLE } from './media-check.js';

describe('checkMediaReachable', () => {
  let server: Awaited<ReturnType<typeof startHttpServer>>;

  beforeAll(async () => {
    // Paths name how the server answers: /<HEAD status>[/<GET status>].
    server = await startHttpServer(async (req, res) => {
      const [, head, get] = req.path.split('/');
      if (head === 'slow') await new Promise((r) => setTimeout(r, 1_000));
      if (head === 'redirect') {
        res.writeHead(302, { Location: '/200' });
        return void res.end();
      }
      const status = Number(req.method === 'HEAD' ? head : (get ?? head)) || 200;
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'image/png' });
      res.end(req.method === 'HEAD' ? undefined : 'PNGDATA');
    });
  });

  afterAll(() => server.close());

  it.each([
    ['a HEAD 200', '/200', undefined, ['HEAD']],
    ['a HEAD 404', '/404', 'the file answered HTTP 404', ['HEAD']],
    ['a HEAD 500', '/500', 'the file answered HTTP 500', ['HEAD']],
    ['a HEAD 405, then a GET 206', '/405/206', undefined, ['HEAD', 'GET']],
    ['a HEAD 501, then a GET 200', '/501/200', undefined, ['HEAD', 'GET']],
    ['a HEAD 405, then a GET 404', '/405/404', 'the file answered HTTP 404', ['HEAD', 'GET']],
    ['a redirect to a file, followed', '/redirect', undefined, ['HEAD', 'HEAD']],
  ])('answers %s', async (_case, path, expected, methods) => {
    const before = server.requests.length;
    expect(await checkMediaReachable(loopbackOutbound, `${server.origin}${path}`, [])).toBe(expected);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(methods);
  });

  it('asks for one byte when HEAD is not allowed', async () => {
    const before = server.requests.length;
    await checkMediaReachable(loopbackOutbound, `${server.origin}/405/206`, []);
    expect(server.requests.slice(before).map((r) => r.headers.range)).toEqual([undefined, 'bytes=0-0']);
  });

  // The same words for every way of not answering: the check tells no one what listens where.
  it('gives up after the timeout', async () => {
    expect(await checkMediaReachable(loopbackOutbound, `${server.origin}/slow`, [], 100)).toBe(NOT_REACHABLE);
  });

  it('says when nothing answers at all', async () => {
    expect(await checkMediaReachable(loopbackOutbound, `${await refusedOrigin()}/file.png`, [])).toBe(NOT_REACHABLE);
  });

  it('refuses loopback, private and metadata addresses without a request, in the same words, unless the bot allows them', async () => {
    const guarded = createOutboundClient();
    const before = server.requests.length;
    for (const url of [`${server.origin}/200`, `http://localhost:${new URL(server.origin).port}/200`, 'http://169.254.169.254/x.png', 'http://[::1]/x.png']) {
      expect(await checkMediaReachable(guarded, url, [])).toBe(NOT_REACHABLE);
    }
    expect(server.requests.length).toBe(before);
    expect(await checkMediaReachable(guarded, `${server.origin}/200`, ['127.0.0.1'])).toBeUndefined();
  });
});
