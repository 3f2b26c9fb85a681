import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { errorResponse } from './envelopes.js';

export interface StaticDeps {
  /** dist/widget: widget.js and assets/ (the loader imports assets/ relative to itself) */
  widgetDir: string;
  /** demo/: index.html */
  demoDir: string;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

// The demo page names the server as http://localhost:3000; it is served with the real origin.
const DEMO_ORIGIN = 'http://localhost:3000';
const SAFE_FILE = /^[\w-]+(\.[\w-]+)*$/;

async function sendFile(c: Context, file: string, cacheControl: string) {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return errorResponse(c, 404, 'not found');
  }
  c.header('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
  c.header('Cache-Control', cacheControl);
  // Module scripts and their chunks load in CORS mode from host pages on other origins.
  c.header('Access-Control-Allow-Origin', '*');
  return c.body(new Uint8Array(body));
}

/** The built widget (loader and hashed panel chunks) and the demo page. */
export function staticAssets(deps: StaticDeps) {
  const app = new Hono();

  // Short cache: site owners get updates within minutes.
  app.get('/widget.js', (c) => sendFile(c, join(deps.widgetDir, 'widget.js'), 'public, max-age=300'));

  // Hashed names never change content: cache for a year.
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!SAFE_FILE.test(file)) return errorResponse(c, 404, 'not found');
    return sendFile(c, join(deps.widgetDir, 'assets', file), 'public, max-age=31536000, immutable');
  });

  app.get('/', async (c) => {
    let html: string;
    try {
      html = await readFile(join(deps.demoDir, 'index.html'), 'utf8');
    } catch {
      return errorResponse(c, 404, 'no demo page');
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(html.replaceAll(DEMO_ORIGIN, new URL(c.req.url).origin));
  });

  return app;
}
