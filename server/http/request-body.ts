import type { Context } from 'hono';
import { ZodError, type z } from 'zod';
import { AppError } from '../lib/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../lib/json-depth.js';
import { describeIssue, parseOrThrow } from '../lib/validation.js';

/** JSON text as a value; malformed or too deeply nested JSON is a 400. */
function parseJsonText(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON');
  }
  if (nestsDeeperThan(body)) throw new AppError('bad_request', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  return body;
}

/** The request's JSON body; malformed JSON is a 400. */
export async function readJson(c: Context): Promise<unknown> {
  return parseJsonText(await c.req.text());
}

/** Runs work that may throw a ZodError (a schema's parse, or code around one); that error becomes a 400 naming the field. */
export async function validated<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ZodError) throw new AppError('bad_request', describeIssue(err));
    throw err;
  }
}

/** Reads a JSON body and parses it with a schema; malformed JSON and bad fields are 400s. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJson(c));
}

/** Parses the query string with a schema; a bad parameter is a 400 naming it. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseOrThrow(schema, c.req.query());
}

/** A JSON body that may be left empty (then `fallback`). */
export async function parseOptionalJsonBody<S extends z.ZodType>(c: Context, schema: S, fallback: z.output<S>): Promise<z.output<S>> {
  const raw = await c.req.text();
  if (raw.trim() === '') return fallback;
  return parseOrThrow(schema, parseJsonText(raw));
}
