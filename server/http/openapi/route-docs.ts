import type { z } from 'zod';
import { chatbotEnvelope, deleted, dryRunValid, itemsOf, type JsonSchema } from './response-schemas.js';

/** Who may call a route, as the document's security schemes name them. */
export type Auth = 'adminToken' | 'ownerSession' | 'securityToken' | 'visitorToken' | 'agentToken' | 'metricsToken' | 'none';

/** The error envelope of a route's API family (server/http/envelopes.ts). */
export type ErrorEnvelope = 'chatbot' | 'apiChannel' | 'threads';

export interface ResponseDoc {
  description: string;
  /** The response body's shape (JSON Schema 2020-12, response-schemas.ts); every JSON answer has one. */
  schema?: JsonSchema;
  example?: unknown;
  /** Not JSON (Prometheus text, a stored file, a script). */
  contentType?: string;
}

/**
 * One route of the server as the API reference shows it. `body` and `query` are the very
 * schemas the route validates with: the document is generated from them, and the coverage
 * test checks the route against them.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono's form, as `app.routes` lists it: /api/chatbot/keywords/:id. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  errors: ErrorEnvelope;
  body?: z.ZodType;
  /** A body that may be left out (the route then uses its defaults). */
  bodyOptional?: boolean;
  /** PUT of a collection item: every field optional, the given ones replace the stored ones. */
  bodyPartial?: boolean;
  /** A body this registry cannot describe with a schema (a file upload). */
  bodyContentType?: string;
  query?: z.ZodObject;
  /** The request body's example, from the seeds where they give one. */
  example?: unknown;
  responses: Record<number, ResponseDoc>;
}

/** A success answer of 000 (`{status: "success", data}`): the data's schema and, where there is one, its example. */
export const chatbotSuccess = (description: string, schema: JsonSchema, data?: unknown): ResponseDoc => ({
  description,
  schema: chatbotEnvelope(schema),
  ...(data === undefined ? {} : { example: { status: 'success', data } }),
});

/** A 200 of POST or PUT with `?dry_run` (collection-routes.ts): valid, nothing stored. */
export const dryRunSuccess = chatbotSuccess('With ?dry_run: the body is valid; nothing was stored.', dryRunValid, { valid: true });

/** The five routes of one collection of a bot's configuration (collection-routes.ts). */
export function collectionDocs(options: {
  path: string;
  tag: string;
  noun: string;
  schema: z.ZodType;
  /** The item as the routes show it (storedItem, listItem). */
  view: JsonSchema;
  /** What a POST answers, when it is more than the item (an agent's console token), and its example. */
  created?: { schema: JsonSchema; example?: unknown };
  example?: unknown;
  item?: unknown;
}): RouteDoc[] {
  const { path, tag, noun, schema, view } = options;
  const base = { tag, auth: 'adminToken', errors: 'chatbot' } as const;
  const item = options.item;
  return [
    { ...base, method: 'get', path, summary: `List ${noun}s`, responses: { 200: chatbotSuccess(`The bot's ${noun}s.`, itemsOf(view), item === undefined ? undefined : { items: [item] }) } },
    {
      ...base,
      method: 'post',
      path,
      summary: `Create a ${noun}`,
      body: schema,
      example: options.example,
      responses: { 201: chatbotSuccess(`The new ${noun}, with its id.`, options.created?.schema ?? view, options.created ? options.created.example : item), 200: dryRunSuccess },
    },
    { ...base, method: 'get', path: `${path}/:id`, summary: `Get a ${noun}`, responses: { 200: chatbotSuccess(`The ${noun}.`, view, item) } },
    {
      ...base,
      method: 'put',
      path: `${path}/:id`,
      summary: `Update a ${noun}`,
      description: `The fields given replace the stored ones; the object a GET returned may be sent back whole (its id and times change nothing).`,
      body: schema,
      bodyPartial: true,
      example: options.example,
      responses: { 200: { ...chatbotSuccess(`The ${noun} as stored now (with ?dry_run: {valid: true}, nothing stored).`, view, item), schema: chatbotEnvelope({ anyOf: [view, dryRunValid] }) } },
    },
    {
      ...base,
      method: 'delete',
      path: `${path}/:id`,
      summary: `Delete a ${noun}`,
      responses: { 200: chatbotSuccess(`The ${noun} is gone.`, deleted, { id: 'uuid', deleted: true }) },
    },
  ];
}
