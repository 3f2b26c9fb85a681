import { DEMO_TOKEN } from './server.js';

/** Where a request goes: a running server's base URL, or a Hono app for `app.request()` (no port). */
export type HttpTarget = string | { request(path: string, init: RequestInit): Response | Promise<Response> };

/** A JSON answer: tests read deep into it, so its shape is theirs to state. */
export type Json = Record<string, any>;

export interface JsonReply {
  status: number;
  headers: Headers;
  json: Json;
}

export interface CallOptions {
  /** A value sent as JSON, or a string sent as it is (for malformed JSON). */
  body?: unknown;
  /** The admin bearer token (the demo bot's by default); null sends none. */
  token?: string | null;
  /** More headers, for other kinds of authentication. */
  headers?: Record<string, string>;
}

/** One HTTP request with a JSON body and a JSON answer. */
export async function call(target: HttpTarget, method: string, path: string, options: CallOptions = {}): Promise<JsonReply> {
  const { body, token = DEMO_TOKEN } = options;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = typeof target === 'string' ? await fetch(`${target}${path}`, init) : await target.request(path, init);
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    throw new Error(`${method} ${path} answered ${res.status} with no JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, json };
}

/**
 * The admin API of the demo bot under a path prefix: `admin('PUT', '/settings', body)`.
 * The target is read at each call, so a suite can create its server in `beforeAll`.
 */
export function adminClient(target: () => HttpTarget, prefix = '') {
  return (method: string, path: string, body?: unknown, token: string | null = DEMO_TOKEN): Promise<JsonReply> =>
    call(target(), method, `${prefix}${path}`, { body, token });
}
