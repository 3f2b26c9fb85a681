import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.js';
import { tempDir } from '../helpers/databases.js';
import { call } from '../helpers/http.js';
import { createTestApp, DEMO_TOKEN } from '../helpers/server.js';

describe('HTTP routes', () => {
  let store: Store;
  let app: Awaited<ReturnType<typeof createTestApp>>['app'];
  const widgetDir = tempDir();

  beforeAll(async () => {
    mkdirSync(join(widgetDir, 'assets'));
    writeFileSync(join(widgetDir, 'widget.js'), 'console.log("loader")');
    writeFileSync(join(widgetDir, 'assets', 'panel-abc123.js'), 'export {}');
    ({ app, store } = await createTestApp({ widgetDir }));
  });
  afterAll(() => store.close());

  /** A visitor's request: JSON, no admin token. */
  const post = (path: string, body: string) => call(app, 'POST', path, { body, token: null });

  it('reports health with the store in use', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('creates a visitor identity for a known bot', async () => {
    // The demo bot allows its own page only ("self": the app's public URL here).
    const res = await call(app, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null, headers: { Origin: 'http://localhost' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost');
    const body = res.json as { visitorId: string; token: string };
    expect(body.token.startsWith(`${body.visitorId}.`)).toBe(true);
  });

  it.each([
    ['an unknown bot', JSON.stringify({ botKey: 'nope' }), 404, 'no bot with key "nope"'],
    ['malformed JSON', '{"botKey":', 400, 'the request body is not valid JSON'],
    ['a wrong type', JSON.stringify({ botKey: 42 }), 400, 'botKey: '],
    ['a missing field', JSON.stringify({}), 400, 'botKey: '],
    ['an oversized body', JSON.stringify({ botKey: 'x'.repeat(300_000) }), 413, 'the request body is too large'],
    ['JSON nested too deeply', `{"botKey":"demo","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 400, 'the request body nests deeper than 64 levels'],
  ])('answers %s with a JSON error', async (_, body, status, message) => {
    const res = await post('/api/widget/visitors', body);
    expect(res.status).toBe(status);
    const json = res.json as { status: string; message: string };
    expect(json.status).toBe('error');
    expect(json.message).toContain(message);
  });

  it('serves the public widget config of a bot', async () => {
    const res = await app.request('/api/widget/config?botKey=demo');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ botKey: 'demo', name: 'Northwind Coffee', appearance: { greetingPreview: expect.stringContaining('Welcome') } });
    expect((await app.request('/api/widget/config')).status).toBe(400);
    expect((await app.request('/api/widget/config?botKey=nope')).status).toBe(404);
  });

  it('serves the loader with a short cache and hashed assets with a long one, both to any origin', async () => {
    const loader = await app.request('/widget.js');
    expect(loader.status).toBe(200);
    expect(loader.headers.get('content-type')).toContain('text/javascript');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    const asset = await app.request('/assets/panel-abc123.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('access-control-allow-origin')).toBe('*');
    expect((await app.request('/assets/..%2Fwidget.js')).status).toBe(404);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('serves the demo page pointing at the origin it was requested on', async () => {
    const res = await app.request('http://confab.test:8080/');
    const html = await res.text();
    expect(html).toContain('src="http://confab.test:8080/widget.js"');
    expect(html).toContain('data-bot-key="demo"');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.request('/api/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 'error', message: 'no route for GET /api/nothing' });
  });

  it("answers an oversized body and an unknown route under /api/v1 in that API's envelopes", async () => {
    const big = await app.request('/api/v1/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: { code: 'bad_request', message: 'the request body is too large' } });
    const thread = await app.request('/api/v1/chatbots/demo/threads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(300_000) });
    expect(thread.status).toBe(413);
    expect(await thread.json()).toEqual({ success: false, message: 'the request body is too large' });
    const nowhere = await app.request('/api/v1/nothing', { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ ok: false, error: { code: 'not_found', message: 'no route for GET /api/v1/nothing' } });
  });
});
