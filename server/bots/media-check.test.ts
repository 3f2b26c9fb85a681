import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedOrigin, startHttpServer } from '../../test/helpers/unit-fixture.js';
import { checkMediaReachable } from './media-check.js';

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
    expect(await checkMediaReachable(`${server.origin}${path}`)).toBe(expected);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(methods);
  });

  it('asks for one byte when HEAD is not allowed', async () => {
    const before = server.requests.length;
    await checkMediaReachable(`${server.origin}/405/206`);
    expect(server.requests.slice(before).map((r) => r.headers.range)).toEqual([undefined, 'bytes=0-0']);
  });

  it('gives up after the timeout and says so', async () => {
    expect(await checkMediaReachable(`${server.origin}/slow`, 100)).toBe('the file did not answer within 100 ms');
  });

  it('says when nothing answers at all', async () => {
    expect(await checkMediaReachable(`${await refusedOrigin()}/file.png`)).toBe('the file is not reachable (fetch failed)');
  });
});
