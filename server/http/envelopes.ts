import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../lib/errors.js';
import { storeFailure } from '../store/store-errors.js';
import { RateLimited } from '../lib/limits/index.js';

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
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status === 507) return 'storage_full';
  return status >= 500 ? 'internal' : 'bad_request';
}

export const apiChannelEnvelope: Envelope = (status, message) => ({ ok: false, error: { code: apiChannelCode(status), message } });

export const threadsEnvelope: Envelope = (_status, message) => ({ success: false, message });

/** The envelope of the API a path belongs to, for answers given before a route is found (body limit, no route). */
export function envelopeOf(path: string): Envelope {
  if (path.startsWith('/api/v1/chatbots/')) return threadsEnvelope;
  if (path === '/api/v1' || path.startsWith('/api/v1/')) return apiChannelEnvelope;
  return chatbotEnvelope;
}

/** An error response in an API's envelope (000's by default). */
export function errorResponse(c: Context, status: ContentfulStatusCode, message: string, envelope: Envelope = chatbotEnvelope) {
  return c.json(envelope(status, message), status);
}

/**
 * Whether an error is only the client going away: the request's signal is aborted (the
 * connection closed before the response was sent) and the error is one of the shapes a cut
 * connection takes while the body is read or the response written. Node's IncomingMessage
 * fails with `aborted` (ECONNRESET) when the client closes mid-body; @hono/node-server
 * rejects with "Client connection prematurely closed." or "Body is unusable" (a body cut
 * after part of it was buffered); streams end with ERR_STREAM_PREMATURE_CLOSE or an
 * AbortError. Anything else (a database's ECONNRESET, say) is a real error, aborted or not.
 */
export function clientWentAway(err: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted || !(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET') return err.message === 'aborted';
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') return true;
  if (err.name === 'AbortError') return true;
  return ['aborted', 'Error: aborted', 'Client connection prematurely closed.', 'Body is unusable'].includes(err.message);
}

/**
 * The one error handler, in the style of hono's: an AppError or an HTTPException becomes its
 * status and message (a RateLimited a 429 with Retry-After), anything else a logged 500 that says nothing of the server's insides.
 */
export function errorHandler(envelope: Envelope, log: (message: string, err?: unknown) => void) {
  return (err: Error, c: Context) => {
    // RFC 9110: whole seconds, at least 1.
    if (err instanceof RateLimited) c.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
    if (err instanceof AppError) return errorResponse(c, err.status as ContentfulStatusCode, err.message, envelope);
    if (err instanceof HTTPException) return errorResponse(c, err.status as ContentfulStatusCode, err.message || 'request refused', envelope);
    // The client went away mid-request: nobody to answer and nothing wrong with the server.
    if (clientWentAway(err, c.req.raw.signal)) return errorResponse(c, 400, 'the request was aborted', envelope);
    log(`${c.req.method} ${c.req.path} failed`, err);
    // The database is full or down: the client is told so, and may try again.
    const storeDown = storeFailure(err);
    if (storeDown) return errorResponse(c, storeDown.status as ContentfulStatusCode, storeDown.message, envelope);
    return errorResponse(c, 500, 'something went wrong on the server', envelope);
  };
}

/** The success envelope of the chatbot API (seed 000). */
export function success<T>(data: T) {
  return { status: 'success' as const, data };
}
