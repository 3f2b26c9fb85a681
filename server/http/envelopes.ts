import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../lib/errors.js';

/**
 * How an API spells an error. The three seed documents each define their own, and they stay
 * as written: 000 (and Confab's own routes) `{status: "error", message}`, 001
 * `{ok: false, error: {code, message}}`, 002 `{success: false, message}`.
 */
export type Envelope = (status: ContentfulStatusCode, message: string) => object;

export const chatbotEnvelope: Envelope = (_status, message) => ({ status: 'error', message });

/** The API channel's error codes, from the status. */
function apiChannelCode(status: number) {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal' : 'bad_request';
}

export const apiChannelEnvelope: Envelope = (status, message) => ({ ok: false, error: { code: apiChannelCode(status), message } });

export const threadsEnvelope: Envelope = (_status, message) => ({ success: false, message });

/** An error response in an API's envelope (000's by default). */
export function errorResponse(c: Context, status: ContentfulStatusCode, message: string, envelope: Envelope = chatbotEnvelope) {
  return c.json(envelope(status, message), status);
}

/**
 * The one error handler, in the style of hono's: an AppError or an HTTPException becomes its
 * status and message, anything else a logged 500 that says nothing of the server's insides.
 */
export function errorHandler(envelope: Envelope, log: (message: string, err?: unknown) => void) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) return errorResponse(c, err.status as ContentfulStatusCode, err.message, envelope);
    if (err instanceof HTTPException) return errorResponse(c, err.status as ContentfulStatusCode, err.message || 'request refused', envelope);
    log(`${c.req.method} ${c.req.path} failed`, err);
    return errorResponse(c, 500, 'something went wrong on the server', envelope);
  };
}

/** The success envelope of the chatbot API (seed 000). */
export function success<T>(data: T) {
  return { status: 'success' as const, data };
}
