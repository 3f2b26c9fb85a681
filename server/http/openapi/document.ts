import type { z } from 'zod';
import { chatbotDocs } from './chatbot-docs.js';
import { channelDocs } from './channel-docs.js';
import { apiKeyDocs, ownerDocs } from './owner-docs.js';
import type { Auth, ErrorEnvelope, RouteDoc } from './route-docs.js';
import { jsonSchemaOf, type JsonSchema } from './response-schemas.js';
import { serverDocs } from './server-docs.js';

/** Every documented route. A new route file adds its RouteDoc list here (the coverage test says when one is missing). */
export const routeDocs: RouteDoc[] = [...chatbotDocs, ...apiKeyDocs, ...channelDocs, ...ownerDocs, ...serverDocs];


/**
 * A request schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as the client sends it:
 * fields with defaults are optional. Refinements (a regex's safety, unique step names) are
 * checked by the route alone; they have no JSON Schema form.
 */
export function requestSchema(schema: z.ZodType, options: { partial?: boolean } = {}): JsonSchema {
  const json = jsonSchemaOf(schema, 'input');
  if (options.partial) delete json.required;
  return json;
}

/** Hono's /a/:id as OpenAPI's /a/{id}. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const errorSchemas: Record<ErrorEnvelope, { name: string; schema: JsonSchema }> = {
  chatbot: {
    name: 'ChatbotError',
    schema: { type: 'object', required: ['status', 'message'], properties: { status: { const: 'error' }, message: { type: 'string' } } },
  },
  apiChannel: {
    name: 'ApiChannelError',
    schema: {
      type: 'object',
      required: ['ok', 'error'],
      properties: { ok: { const: false }, error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
    },
  },
  threads: {
    name: 'ThreadsError',
    schema: { type: 'object', required: ['success', 'message'], properties: { success: { const: false }, message: { type: 'string' } } },
  },
};

const securitySchemes: Record<Exclude<Auth, 'none'>, JsonSchema> = {
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The bot's admin token (it selects the bot); or an API key (cfk_…) with the route's scope; or an owner session (cfo_…) with the header X-Confab-Bot: <bot id>.",
  },
  ownerSession: { type: 'http', scheme: 'bearer', description: 'An owner session token (POST /api/console/session).' },
  securityToken: { type: 'apiKey', in: 'header', name: 'SECURITY-TOKEN', description: "The bot's API security token (POST /api/chatbot/api-security-token)." },
  visitorToken: { type: 'http', scheme: 'bearer', description: "A visitor's token (POST /api/widget/visitors)." },
  agentToken: { type: 'http', scheme: 'bearer', description: "An agent's console token." },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, or an admin token.' },
};

function errorResponse(route: RouteDoc, description: string) {
  return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${errorSchemas[route.errors].name}` } } } };
}

function parameters(route: RouteDoc) {
  const inPath = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (!route.query) return inPath;
  const query = requestSchema(route.query);
  const required = new Set((query.required as string[] | undefined) ?? []);
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  return [...inPath, ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }))];
}

function requestBody(route: RouteDoc) {
  if (route.bodyContentType) {
    return { required: true, content: { [route.bodyContentType]: { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } };
  }
  if (!route.body) return undefined;
  const media = { schema: requestSchema(route.body, { partial: route.bodyPartial }), ...(route.example === undefined ? {} : { example: route.example }) };
  return { required: !route.bodyOptional, content: { 'application/json': media } };
}

function operation(route: RouteDoc) {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    if (Number(status) >= 400) {
      responses[status] = errorResponse(route, doc.description);
      continue;
    }
    const media = { ...(doc.schema ? { schema: doc.schema } : {}), ...(doc.example === undefined ? {} : { example: doc.example }) };
    responses[status] = { description: doc.description, content: { [doc.contentType ?? 'application/json']: media } };
  }
  // The errors every route of its kind can answer, in its API's envelope.
  if (route.body || route.query) responses['400'] ??= errorResponse(route, 'Malformed JSON or a field that is not valid (the message names it).');
  if (route.auth !== 'none') responses['401'] ??= errorResponse(route, 'The token is missing or not valid.');
  if (route.path.includes(':')) responses['404'] ??= errorResponse(route, 'Nothing with that id (for this token).');
  responses['429'] ??= errorResponse(route, 'Too many requests: Retry-After says when to try again.');
  const body = requestBody(route);
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    operationId: `${route.method}${route.path.replace(/[/:{}-](\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security: route.auth === 'none' ? [] : [{ [route.auth]: [] }],
    parameters: parameters(route),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of a list of routes. */
export function openApiDocument(routes: RouteDoc[] = routeDocs, version = '0.1.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Confab',
      version,
      description:
        'Every HTTP route of a Confab server: the chatbot configuration API (000), the API channel (001), threads (002), the bot API URL (003), the widget, uploads and operations. Errors come in the envelope of their API.',
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes,
      schemas: Object.fromEntries(Object.values(errorSchemas).map(({ name, schema }) => [name, schema])),
    },
  };
}
