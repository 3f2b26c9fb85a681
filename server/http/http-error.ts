import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { describeIssue } from '../realtime/schemas.js';

/** JSON errors of the HTTP APIs: `{"status":"error","message":...}` with the right status. */
export function errorResponse(c: Context, status: ContentfulStatusCode, message: string) {
  return c.json({ status: 'error', message }, status);
}

export function onHttpError(log: (message: string, err?: unknown) => void) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) return errorResponse(c, err.status as ContentfulStatusCode, err.message);
    if (err instanceof HTTPException) return errorResponse(c, err.status as ContentfulStatusCode, err.message || 'request refused');
    log(`${c.req.method} ${c.req.path} failed`, err);
    return errorResponse(c, 500, 'something went wrong on the server');
  };
}

/** Reads a JSON body and parses it with a schema; malformed JSON and bad fields are 400s. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('bad_request', describeIssue(parsed.error));
  return parsed.data;
}
