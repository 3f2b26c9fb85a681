import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiPath, routeDocs } from '../../server/http/openapi/document.js';
import type { RouteDoc } from '../../server/http/openapi/route-docs.js';
import * as seed from '../../server/http/openapi/seed-examples.js';
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
type Media<Schema> = Record<string, { schema: Schema; example?: unknown }>;
type Operation = { requestBody?: { content: Media<object> }; responses: Record<string, { content?: Media<object | undefined> }> };
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

  it('gives every operation a success response with a schema', () => {
    const without: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations as Record<string, Operation>)) {
        const successes = Object.entries(op.responses).filter(([status]) => Number(status) < 400);
        if (successes.length === 0 || successes.some(([, r]) => !Object.values(r.content ?? {}).every((media) => media.schema))) without.push(key(method, path));
      }
    }
    expect(without, 'operations with a success response that has no schema').toEqual([]);
    for (const route of routeDocs) {
      for (const [status, response] of Object.entries(operationOf(doc, route).responses)) {
        if (Number(status) >= 400) continue;
        for (const media of Object.values(response.content ?? {})) {
          expect(() => ajv.compile(media.schema!), `${key(route.method, route.path)} ${status}`).not.toThrow();
        }
      }
    }
  });

  it('gives each answer example its response schema, and the example fits it', () => {
    let examples = 0;
    for (const route of routeDocs) {
      for (const [status, response] of Object.entries(operationOf(doc, route).responses)) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.example === undefined) continue;
          const validate = ajv.compile(media.schema!);
          expect(validate(media.example), `${key(route.method, route.path)} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
          examples++;
        }
      }
    }
    expect(examples).toBeGreaterThan(60);
  });

  /**
   * Real answers of a set of routes of each API (000 settings and collections, 001, 002, the
   * owner console, the widget, operations), each checked with the document's schema for its
   * route and status: the document describes what the server really sends.
   */
  it('describes the answers the routes really give', async () => {
    const checked = new Set<string>();
    const answer = async (method: string, route: string, url: string = route, options: { body?: unknown; token?: string } = {}) => {
      const { status, json } = await call(app, method, url, options);
      const documented = routeDocs.find((r) => r.method === method.toLowerCase() && r.path === route);
      expect(documented, `${method} ${route} is documented`).toBeDefined();
      const response = operationOf(doc, documented!).responses[String(status)];
      const label = `${method} ${url} answered ${status} ${JSON.stringify(json).slice(0, 300)}`;
      expect(status, label).toBeLessThan(400);
      expect(response?.content?.['application/json']?.schema, `${label}: no schema for this status`).toBeDefined();
      const validate = ajv.compile(response!.content!['application/json']!.schema!);
      expect(validate(json), `${label}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      checked.add(`${method} ${route}`);
      return json;
    };
    const fill = (example: unknown) => JSON.parse(JSON.stringify(example).replaceAll('<bot_key>', 'demo'));

    // 000: settings, a collection of each kind (keyword rules, documents, a settings list, agents) and the rest.
    await answer('GET', '/api/chatbot/settings');
    await answer('PUT', '/api/chatbot/settings', '/api/chatbot/settings', { body: seed.settingsUpdate });
    await answer('PUT', '/api/chatbot/settings', '/api/chatbot/settings?dry_run', { body: { greeting_message: 'Hi' } });
    await answer('GET', '/api/chatbot/bot');
    const collections: Array<[string, unknown]> = [
      ['/api/chatbot/keywords', seed.keywordRuleCreate],
      ['/api/chatbot/ai-contexts', seed.aiContextCreate],
      ['/api/chatbot/flows', seed.flowCreate],
      ['/api/chatbot/links', { title: 'Order status', url: 'https://shop.example.com/orders' }],
      ['/api/chatbot/prompts', { name: 'Friendly', system_prompt: 'You are a friendly barista.' }],
      ['/api/chatbot/teams', { name: 'Sales' }],
      ['/api/chatbot/agents', { name: 'Ada', email: 'ada@example.com', max_chats: 5 }],
    ];
    for (const [path, body] of collections) {
      await answer('POST', path, `${path}?dry_run`, { body });
      const { id } = (await answer('POST', path, path, { body })).data;
      await answer('GET', path);
      await answer('GET', `${path}/:id`, `${path}/${id}`);
      await answer('PUT', `${path}/:id`, `${path}/${id}`, { body: {} });
      await answer('PUT', `${path}/:id`, `${path}/${id}?dry_run`, { body: {} });
    }
    const agent = (await answer('GET', '/api/chatbot/agents')).data.items[0].id;
    await answer('POST', '/api/chatbot/agents/:id/token', `/api/chatbot/agents/${agent}/token`);
    await answer('DELETE', '/api/chatbot/agents/:id/token', `/api/chatbot/agents/${agent}/token`);
    await answer('DELETE', '/api/chatbot/agents/:id', `/api/chatbot/agents/${agent}`);
    await answer('GET', '/api/chatbot/icons');
    await answer('PUT', '/api/chatbot/icons', '/api/chatbot/icons', { body: { launcher: 'https://cdn.example.com/launcher.png' } });
    await answer('GET', '/api/chatbot/messages');
    await answer('POST', '/api/chatbot/keywords/test', '/api/chatbot/keywords/test', { body: { message: 'when are you open?' } });
    await answer('GET', '/api/chatbot/identity-verification');
    await answer('POST', '/api/chatbot/api-keys', '/api/chatbot/api-keys', { body: { name: 'CRM sync', scopes: ['threads'] } });
    await answer('GET', '/api/chatbot/api-keys');

    // 001: a conversation started, a message sent, the messages read.
    const started = await answer('POST', '/api/v1/conversations', '/api/v1/conversations', { body: fill(seed.conversationStart) });
    const conversation = started.conversation.id as string;
    await answer('POST', '/api/v1/conversation/:id/messages', `/api/v1/conversation/${conversation}/messages`, { body: seed.visitorMessage });
    await answer('GET', '/api/v1/conversation/:id/messages', `/api/v1/conversation/${conversation}/messages`);
    await answer('GET', '/api/chatbot/sessions');
    const { contact_id } = (await answer('GET', '/api/chatbot/sessions/:id', `/api/chatbot/sessions/${conversation}`)).data;
    const transfer = (await answer('POST', '/api/chatbot/transfers', '/api/chatbot/transfers', { body: { contact_id, notes: 'Customer requested human support' } })).data.id;
    await answer('GET', '/api/chatbot/transfers');
    const assignee = (await answer('POST', '/api/chatbot/agents', '/api/chatbot/agents', { body: { name: 'Grace' } })).data.id;
    await answer('PUT', '/api/chatbot/transfers/:id/assign', `/api/chatbot/transfers/${transfer}/assign`, { body: { agent_id: assignee } });
    await answer('PUT', '/api/chatbot/transfers/:id/resume', `/api/chatbot/transfers/${transfer}/resume`);
    await answer('POST', '/api/chatbot/transfers/pickup', '/api/chatbot/transfers/pickup', { body: { agent_id: assignee } });

    // 002: a thread created, listed, written to, read, handed to a person, ended.
    const threads = '/api/v1/chatbots/:chatbotId/threads';
    const created = await answer('POST', threads, '/api/v1/chatbots/demo/threads', { body: { email: 'user@example.com', mode: 'AI' } });
    const thread = `/api/v1/chatbots/demo/threads/${created.data.thread.threadId}`;
    await answer('GET', threads, '/api/v1/chatbots/demo/threads');
    await answer('POST', `${threads}/:threadId/messages`, `${thread}/messages`, { body: { message: 'What are your opening hours?', type: 'USER' } });
    await answer('GET', `${threads}/:threadId`, thread);
    await answer('PATCH', `${threads}/:threadId`, thread, { body: { mode: 'AGENT' } });
    await answer('POST', `${threads}/:threadId/end`, `${thread}/end`);

    // The owner console, the widget and operations.
    await answer('GET', '/api/console/me', '/api/console/me', { token: ownerToken });
    const bot = (await answer('POST', '/api/console/bots', '/api/console/bots', { body: { name: 'Help desk' }, token: ownerToken })).data;
    await answer('GET', '/api/console/bots', '/api/console/bots', { token: ownerToken });
    await answer('GET', '/api/console/bots/:id', `/api/console/bots/${bot.id}`, { token: ownerToken });
    await answer('POST', '/api/widget/visitors', '/api/widget/visitors', { body: { botKey: 'demo' } });
    await answer('GET', '/healthz');
    await answer('GET', '/readyz');

    expect(checked.size).toBeGreaterThan(45);
  });
});

