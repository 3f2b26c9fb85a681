import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { errorResponse } from './envelopes.js';
import { chooseEncoding, fileCache, matchesEtag, staticFile, type StaticFile } from './static-files.js';

export interface StaticDeps {
  /** dist/widget: widget.js and assets/ (the loader imports assets/ relative to itself) */
  widgetDir: string;
  /** demo/: index.html */
  demoDir: string;
  /** dist/console: the agent console's index.html and assets/ (by default beside widgetDir). */
  consoleDir?: string;
}

// The demo page names the server as http://localhost:3000; it is served with the real origin.
const DEMO_ORIGIN = 'http://localhost:3000';
const SAFE_FILE = /^[\w-]+(\.[\w-]+)*$/;
/** Demo pages kept per origin (the Host header is the client's to choose, so the count is bounded). */
const MAX_DEMO_ORIGINS = 8;

/**
 * The demo page's Content-Security-Policy: its own inline script and style by their hashes,
 * the widget from this server, bot images and media over https, no framing by other sites.
 */
export function demoPagePolicy(html: string): string {
  const hashes = (tag: 'script' | 'style') =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes('script')}`,
    `style-src 'self' ${hashes('style')}`,
    "img-src 'self' https: data:",
    "media-src 'self' https:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Sends a file in the best encoding the client accepts, or 304 when it has this one already. */
export function send(c: Context, file: StaticFile, cacheControl: string) {
  const encoding = chooseEncoding(c.req.header('Accept-Encoding'), file.encodings);
  const chosen = file.encodings[encoding]!;
  c.header('Cache-Control', cacheControl);
  c.header('ETag', chosen.etag);
  c.header('Vary', 'Accept-Encoding');
  // Module scripts and their chunks load in CORS mode from host pages on other origins.
  c.header('Access-Control-Allow-Origin', '*');
  if (matchesEtag(c.req.header('If-None-Match'), chosen.etag)) return c.body(null, 304);
  c.header('Content-Type', file.contentType);
  if (encoding !== 'identity') c.header('Content-Encoding', encoding);
  return c.body(chosen.body);
}

/** The built widget (loader and hashed panel chunks) and the demo page. */
export function staticAssets(deps: StaticDeps) {
  const app = new Hono();
  const assetsDir = join(deps.widgetDir, 'assets');
  // Hashed names never change content; widget.js does, with every build.
  const files = fileCache({ immutable: (path) => path.startsWith(assetsDir) });
  const demoPages = new Map<string, { page: StaticFile; policy: string }>();

  async function serve(c: Context, path: string, cacheControl: string) {
    const file = await files.get(path);
    return file ? send(c, file, cacheControl) : errorResponse(c, 404, 'not found');
  }

  // Short cache: site owners get updates within minutes.
  app.get('/widget.js', (c) => serve(c, join(deps.widgetDir, 'widget.js'), 'public, max-age=300'));
  // The panel and attention modules under fixed names, for mount() of the npm entry (confab/widget).
  for (const name of ['panel.js', 'attention.js']) app.get(`/${name}`, (c) => serve(c, join(deps.widgetDir, name), 'public, max-age=300'));

  // Hashed names never change content: cache for a year.
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!SAFE_FILE.test(file)) return errorResponse(c, 404, 'not found');
    return serve(c, join(assetsDir, file), 'public, max-age=31536000, immutable');
  });

  app.get('/', async (c) => {
    const origin = new URL(c.req.url).origin;
    let demo = demoPages.get(origin);
    if (!demo) {
      let html: string;
      try {
        html = (await readFile(join(deps.demoDir, 'index.html'), 'utf8')).replaceAll(DEMO_ORIGIN, origin);
      } catch {
        return errorResponse(c, 404, 'no demo page');
      }
      demo = { page: staticFile('index.html', new TextEncoder().encode(html)), policy: demoPagePolicy(html) };
      if (demoPages.size >= MAX_DEMO_ORIGINS) demoPages.clear();
      demoPages.set(origin, demo);
    }
    c.header('Content-Security-Policy', demo.policy);
    return send(c, demo.page, 'no-cache');
  });

  return app;
}
