import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiPath, routeDocs } from '../../server/http/openapi/document.js';
import type { RouteDoc } from '../../server/http/openapi/route-docs.js';
import { createOwner, startOwnerSession } from '../../server/identity/owner-accounts.js';
import { systemClock } from '../../server/lib/clock.js';
import { call } from '../helpers/http.js';
import { createTestApp } from '../helpers/server.js';

/**
 * Routes that are not API: the built widget, console and reference files, and the demo page.
 * They serve files, take no input but a file name, and belong to no API family.
 */
const STATIC_ASSETS = new Set([
  'GET /',
  'GET /widget.js',
  // Fixed-name re-exports of the hashed panel and attention modules, for confab/widget's mount().
  'GET /panel.js',
  'GET /attention.js',
  'GET /assets/:file',
  'GET /console',
  'GET /console/',
  'GET /console/assets/:file',
  'GET /docs/',
  'GET /docs/scalar.js',
  'GET /docs/reference.js',
]);

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
type Doc = ReturnType<typeof openApiDocument>;
type Operation = { requestBody?: { content: Record<string, { schema: object; example?: unknown }> } };
const operationOf = (doc: Doc, route: RouteDoc) => (doc.paths[openApiPath(route.path)] as Record<string, Operation>)[route.method]!;

describe('the OpenAPI document', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>['app'];
  /** An owner session's token, for the routes of /api/console. */
  let ownerToken: string;
  const doc = openApiDocument();
  // Formats (email, uri) are the route's to check; the schema's shape is what is compared here.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

  beforeAll(async () => {
    const test = await createTestApp();
    app = test.app;
    const owner = (await createOwner(test.store, { email: 'owner@example.com', name: 'Owner', password: 'an owner password' }, new Date()))!;
    ownerToken = await startOwnerSession(test.store, owner, systemClock);
  });

  it('documents every route the app registered, and no route it did not', () => {
    const registered = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => key(r.method, r.path)));
    const documented = new Set(routeDocs.map((r) => key(r.method, r.path)));
    const missing = [...registered].filter((route) => !documented.has(route) && !STATIC_ASSETS.has(route));
    expect(missing, 'routes the app registered that server/http/openapi does not document').toEqual([]);
    expect([...documented].filter((route) => !registered.has(route)), 'documented routes the app does not have').toEqual([]);
    expect(documented.size).toBe(routeDocs.length);
  });

  it('is served at /openapi.json as OpenAPI 3.1', async () => {
    const { status, json } = await call(app, 'GET', '/openapi.json', { token: null });
    expect(status).toBe(200);
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths)).toContain('/api/chatbot/keywords/{id}');
    expect(json.paths['/api/chatbot/keywords'].post.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ChatbotError' });
    expect(json.paths['/api/v1/conversations'].post.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ApiChannelError' });
  });

  it("validates every seed example with the document's own schema", () => {
    const withExamples = routeDocs.filter((r) => r.body && r.example !== undefined);
    expect(withExamples.length).toBeGreaterThan(15);
    for (const route of withExamples) {
      const media = operationOf(doc, route).requestBody!.content['application/json']!;
      const validate = ajv.compile(media.schema);
      expect(validate(media.example), `${key(route.method, route.path)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  /**
   * The document's schema and the route agree on the example and on the example with a field
   * of the wrong type and an unknown field: both accept, or both refuse (the route with a 400
   * in its envelope). Routes that look up a path's id before they read the body get a real one.
   */
  it('describes the request bodies the routes really take', async () => {
    const ids: Record<string, string> = {};
    const pathFor = async (route: RouteDoc) => {
      const collection = /^(\/api\/chatbot\/[\w-]+)\/:id$/.exec(route.path)?.[1];
      if (!collection) return route.path;
      const example = routeDocs.find((r) => r.method === 'post' && r.path === collection)!.example;
      ids[collection] ??= (await call(app, 'POST', collection, { body: fill(example) })).json.data.id;
      return `${collection}/${ids[collection]}`;
    };
    const fill = (example: unknown) => JSON.parse(JSON.stringify(example).replaceAll('<bot_key>', 'demo'));
    const checked: string[] = [];
    for (const route of routeDocs) {
      if (!route.body || route.example === undefined || typeof route.example !== 'object' || Array.isArray(route.example)) continue;
      if (route.path.includes(':') && !/^\/api\/chatbot\/[\w-]+\/:id$/.test(route.path)) continue;
      const validate = ajv.compile(operationOf(doc, route).requestBody!.content['application/json']!.schema);
      const example = fill(route.example) as Record<string, unknown>;
      const [field] = Object.keys(example);
      const variants = { example, wrongType: { ...example, [field!]: { not: 'this' } }, unknownField: { ...example, not_a_field_of_it: 1 } };
      for (const [name, body] of Object.entries(variants)) {
        const path = await pathFor(route);
        const { status, json } = await call(app, route.method.toUpperCase(), path, { body, ...(route.auth === 'ownerSession' ? { token: ownerToken } : {}) });
        const label = `${key(route.method, route.path)} ${name}: answered ${status} ${JSON.stringify(json).slice(0, 200)}`;
        expect(status, label).toBeLessThan(500);
        expect(status === 400, label).toBe(!validate(body));
      }
      checked.push(key(route.method, route.path));
    }
    expect(checked).toEqual(expect.arrayContaining(['PUT /api/chatbot/settings', 'POST /api/chatbot/keywords', 'PUT /api/chatbot/flows/:id', 'POST /api/v1/conversations', 'POST /api/widget/visitors']));
  });
});
