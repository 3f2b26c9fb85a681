import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.js';
import { tempDir } from '../helpers/databases.js';
import { createTestApp, root } from '../helpers/server.js';

/** Static files: brotli, gzip or as they are by Accept-Encoding, strong ETags and 304s, caching by kind. */
describe('static files', () => {
  let store: Store;
  let app: Awaited<ReturnType<typeof createTestApp>>['app'];
  const widgetDir = tempDir();
  const loader = `(function(){${'console.log("confab loader");'.repeat(50)}})();`;
  const panel = `export function mount(){${'return "panel";'.repeat(50)}}`;
  // What the build wrote beside the panel: the server must send it, not compress again.
  const builtGzip = gzipSync(panel, { level: 1 });

  beforeAll(async () => {
    mkdirSync(join(widgetDir, 'assets'));
    writeFileSync(join(widgetDir, 'widget.js'), loader);
    writeFileSync(join(widgetDir, 'assets', 'panel-abc123.js'), panel);
    writeFileSync(join(widgetDir, 'assets', 'panel-abc123.js.gz'), builtGzip);
    writeFileSync(join(widgetDir, 'panel.js'), "export * from './assets/panel-abc123.js';\n");
    ({ app, store } = await createTestApp({ widgetDir }));
  });
  afterAll(() => store.close());

  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it.each([
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['identity', null],
  ])('sends widget.js for Accept-Encoding %j in %s', async (accept, encoding) => {
    const res = await get('/widget.js', { 'Accept-Encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe(encoding);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await bytes(res);
    const decoded = encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;
    expect(decoded.toString()).toBe(loader);
    if (encoding) expect(body.length).toBeLessThan(loader.length / 3);
  });

  it('answers a matching If-None-Match with 304 and no body, per encoding', async () => {
    const br = await get('/widget.js', { 'Accept-Encoding': 'br' });
    const gzip = await get('/widget.js', { 'Accept-Encoding': 'gzip' });
    const etag = br.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(gzip.headers.get('etag')).not.toBe(etag);

    const again = await get('/widget.js', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await bytes(again)).length).toBe(0);
    // The brotli ETag does not stand for the gzip form.
    expect((await get('/widget.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })).status).toBe(200);
    expect((await get('/widget.js', { 'Accept-Encoding': 'br', 'If-None-Match': `W/${etag}` })).status).toBe(304);
  });

  it('sends hashed assets as immutable, to any origin, with what the build compressed', async () => {
    const res = await get('/assets/panel-abc123.js', { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await bytes(res)).toEqual(builtGzip);
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/assets/..%2Fwidget.js')).status).toBe(404);
  });

  it('sends the panel under its fixed name (for mount() of confab/widget) with a short cache, to any origin', async () => {
    const res = await get('/panel.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe("export * from './assets/panel-abc123.js';\n");
    // Not built (no attention.js here): a 404, as for any missing file.
    expect((await get('/attention.js')).status).toBe(404);
  });

  it('compresses the demo page, with this server as its origin', async () => {
    const res = await get('/', { 'Accept-Encoding': 'br' });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = brotliDecompressSync(await bytes(res)).toString();
    expect(html).toContain('<html');
    expect(html).not.toContain('http://localhost:3000');
    const etag = res.headers.get('etag')!;
    expect((await get('/', { 'Accept-Encoding': 'br', 'If-None-Match': etag })).status).toBe(304);
  });

  it('guards the demo page with a Content-Security-Policy naming its own inline script and style', async () => {
    const res = await get('/');
    const policy = res.headers.get('content-security-policy') ?? '';
    const html = readFileSync(join(root, 'demo', 'index.html'), 'utf8');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(policy).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    for (const directive of ["default-src 'self'", "frame-ancestors 'self'", "object-src 'none'", "base-uri 'none'"]) expect(policy).toContain(directive);
    expect(policy).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('sends nosniff and no referrer everywhere, and lets other sites load the widget', async () => {
    for (const path of ['/', '/widget.js', '/assets/panel-abc123.js', '/api/widget/config?botKey=demo', '/healthz', '/no/such/route']) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      // Host pages on other origins load these: no Cross-Origin-Resource-Policy; HSTS is the proxy's.
      expect(res.headers.get('cross-origin-resource-policy'), path).toBeNull();
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});
