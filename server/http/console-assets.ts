import { join, resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import { errorResponse } from './envelopes.js';
import { send, type StaticDeps } from './static-assets.js';
import { fileCache } from './static-files.js';

const SAFE_FILE = /^[\w-]+(\.[\w-]+)*$/;

/**
 * The console's Content-Security-Policy: its own scripts and styles only (the build puts none
 * inline), the Socket.IO connection back to this server, bot images and media over https, and
 * no framing at all: an agent's page is nobody's iframe.
 */
export function consolePagePolicy(origin: string): string {
  const { host, protocol } = new URL(origin);
  const ws = `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data: blob:",
    "media-src 'self' https: blob:",
    `connect-src 'self' ${ws}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** GET /console (and /console/): the agent console's page; /console/assets/*: its hashed files. */
export function consoleAssets(deps: StaticDeps) {
  const app = new Hono();
  const dir = deps.consoleDir ?? resolve(deps.widgetDir, '..', 'console');
  const assetsDir = join(dir, 'assets');
  const files = fileCache({ immutable: (path) => path.startsWith(assetsDir) });

  const page = async (c: Context) => {
    const file = await files.get(join(dir, 'index.html'));
    if (!file) return errorResponse(c, 404, 'the console is not built: run `npm run build`');
    c.header('Content-Security-Policy', consolePagePolicy(new URL(c.req.url).origin));
    c.header('X-Frame-Options', 'DENY');
    return send(c, file, 'no-cache');
  };
  // Full paths, mounted at the root: a sub-app at /console would not see /console/.
  app.get('/console', page);
  app.get('/console/', page);

  app.get('/console/assets/:file', async (c) => {
    const name = c.req.param('file');
    const file = SAFE_FILE.test(name) ? await files.get(join(assetsDir, name)) : undefined;
    return file ? send(c, file, 'public, max-age=31536000, immutable') : errorResponse(c, 404, 'not found');
  });
  return app;
}
