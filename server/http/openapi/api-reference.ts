import { join, resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import { errorResponse } from '../envelopes.js';
import { send, type StaticDeps } from '../static-assets.js';
import { fileCache, staticFile } from '../static-files.js';
import { openApiDocument } from './document.js';

export interface ApiReferenceDeps extends StaticDeps {
  /** dist/docs: the Scalar bundle, copied and precompressed by `npm run build:docs` (by default beside widgetDir). */
  docsDir?: string;
}

/**
 * /docs's Content-Security-Policy: scripts from this server only (the Scalar bundle and its
 * start script, nothing inline, nothing from a CDN), requests back to this server only (the
 * document; "Try it" calls this server's own routes). Scalar injects its styles as <style>
 * elements and style attributes, hence 'unsafe-inline' for styles alone.
 */
export const DOCS_PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'self'",
].join('; ');

const page = staticFile(
  'docs.html',
  new TextEncoder().encode(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confab API reference</title>
</head>
<body>
<div id="reference"></div>
<script src="/docs/scalar.js"></script>
<script src="/docs/reference.js"></script>
</body>
</html>
`),
);

// No fonts from Scalar's CDN, no telemetry, no developer toolbar, no "Ask AI" agent (it
// calls Scalar's servers): the page works offline and talks to this server only.
const start = staticFile(
  'reference.js',
  new TextEncoder().encode(
    `Scalar.createApiReference('#reference', { url: '/openapi.json', withDefaultFonts: false, telemetry: false, showDeveloperTools: 'never', agent: { disabled: true } });\n`,
  ),
);

/** GET /openapi.json (the document, built once from the route registry) and the /docs page with its scripts. */
export function apiReference(deps: ApiReferenceDeps) {
  const app = new Hono();
  const dir = deps.docsDir ?? resolve(deps.widgetDir, '..', 'docs');
  const files = fileCache({ immutable: () => false });
  let document: ReturnType<typeof staticFile> | undefined;

  app.get('/openapi.json', (c) => {
    document ??= staticFile('openapi.json', new TextEncoder().encode(JSON.stringify(openApiDocument())));
    return send(c, document, 'no-cache');
  });

  const html = (c: Context) => {
    c.header('Content-Security-Policy', DOCS_PAGE_POLICY);
    c.header('X-Frame-Options', 'DENY');
    return send(c, page, 'no-cache');
  };
  app.get('/docs', html);
  app.get('/docs/', html);
  app.get('/docs/reference.js', (c) => send(c, start, 'no-cache'));
  app.get('/docs/scalar.js', async (c) => {
    const file = await files.get(join(dir, 'scalar.js'));
    return file ? send(c, file, 'public, max-age=300') : errorResponse(c, 404, 'the API reference is not built: run `npm run build`');
  });
  return app;
}
