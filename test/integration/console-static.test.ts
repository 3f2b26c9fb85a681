import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.js';
import { tempDir } from '../helpers/databases.js';
import { createTestApp } from '../helpers/server.js';

/** The agent console at /console: its page with a strict CSP, its hashed assets precompressed, with ETags and 304s. */
describe('the console’s static files', () => {
  let store: Store;
  let app: Awaited<ReturnType<typeof createTestApp>>['app'];
  const consoleDir = tempDir();
  const html = `<!doctype html><html lang="en"><head><title>Confab console</title><script type="module" crossorigin src="/console/assets/index-abc123.js"></script></head><body><div id="app"></div>${'<!-- padding -->'.repeat(20)}</body></html>`;
  const script = `export const console = ${JSON.stringify('agent '.repeat(200))};`;
  const builtGzip = gzipSync(script, { level: 1 });

  beforeAll(async () => {
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), html);
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js.gz'), builtGzip);
    ({ app, store } = await createTestApp({ consoleDir }));
  });
  afterAll(() => store.close());

  const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://confab.test${path}`, { headers });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it.each(['/console', '/console/'])('answers %s with the page, compressed, not cached without asking', async (path) => {
    const res = await get(path, { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(brotliDecompressSync(await bytes(res)).toString()).toBe(html);
  });

  it('guards the page with a strict Content-Security-Policy: own scripts only, sockets back to this server, no framing', async () => {
    const res = await get('/console');
    const policy = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self' ws://confab.test",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
    ]) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // The page's own framing rule, not the server-wide SAMEORIGIN default.
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a matching If-None-Match on the page with 304', async () => {
    const first = await get('/console', { 'Accept-Encoding': 'gzip' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/console', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect((await bytes(again)).length).toBe(0);
  });

  it('sends hashed assets as immutable, with what the build compressed, and 304 for a known ETag', async () => {
    const res = await get('/console/assets/index-abc123.js', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await bytes(res)).toEqual(builtGzip);
    const etag = res.headers.get('etag')!;
    expect((await get('/console/assets/index-abc123.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })).status).toBe(304);
    // Brotli made on first read, since the build left none here.
    expect((await get('/console/assets/index-abc123.js', { 'Accept-Encoding': 'br' })).headers.get('content-encoding')).toBe('br');
  });

  it('refuses what is not one of its files', async () => {
    expect((await get('/console/assets/missing.js')).status).toBe(404);
    expect((await get('/console/assets/..%2Findex.html')).status).toBe(404);
    expect((await get('/console/assets/.hidden')).status).toBe(404);
  });

  it('says so when the console was not built', async () => {
    const { app: bare, store: other } = await createTestApp({ consoleDir: tempDir() });
    const res = await bare.request('/console');
    expect(res.status).toBe(404);
    expect((await res.json()) as unknown).toMatchObject({ status: 'error' });
    other.close();
  });
});
