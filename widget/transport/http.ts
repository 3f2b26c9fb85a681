import type { VisitorIdentity, WidgetConfig } from '../../shared/index.js';

/** HTTP calls never throw into the UI: they resolve to data or to a message to show. */
export type HttpResult<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

const UNREACHABLE = 'Could not reach the chat. Check your connection and try again.';

/** One request, its JSON answer checked; errors come back as the server's message. */
export async function requestJson<T>(
  url: string,
  init: RequestInit,
  isValid: (value: unknown) => value is T,
  fetchImpl: typeof fetch = fetch,
): Promise<HttpResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch {
    return { error: UNREACHABLE };
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return { error: errorMessage(json) ?? `The chat server answered ${response.status}.` };
  return isValid(json) ? { data: json } : { error: 'The chat server sent an unexpected answer.' };
}

/**
 * POST /api/widget/visitors: a new anonymous visitor for this bot. The JSON goes as text/plain
 * (what fetch sends for a string body), a CORS-simple request: no preflight round trip before
 * the first conversation. The server reads the body as JSON whatever its type, and checks the
 * page's Origin on the request itself.
 */
export function createVisitor(
  server: string,
  botKey: string,
  fetchImpl?: typeof fetch,
): Promise<HttpResult<VisitorIdentity>> {
  const init = { method: 'POST', body: JSON.stringify({ botKey }) };
  return requestJson(`${server}/api/widget/visitors`, init, isVisitorIdentity, fetchImpl);
}

/** GET /api/widget/config: the bot's appearance, navigate origins and upload limits. */
export function fetchWidgetConfig(server: string, botKey: string, fetchImpl?: typeof fetch): Promise<HttpResult<WidgetConfig>> {
  return requestJson(`${server}/api/widget/config?botKey=${encodeURIComponent(botKey)}`, {}, isWidgetConfig, fetchImpl);
}

/** The config the loader fetched for the page (one request for the launcher and the panel), else a request of its own. */
export async function sharedWidgetConfig(
  server: string,
  botKey: string,
  shared: (() => Promise<unknown>) | undefined,
): Promise<HttpResult<WidgetConfig>> {
  const loaded = await shared?.().catch(() => undefined);
  return isWidgetConfig(loaded) ? { data: loaded } : fetchWidgetConfig(server, botKey);
}

function isVisitorIdentity(value: unknown): value is VisitorIdentity {
  const v = value as Partial<VisitorIdentity> | null;
  return typeof v?.visitorId === 'string' && typeof v.token === 'string';
}

function isWidgetConfig(value: unknown): value is WidgetConfig {
  const v = value as Partial<WidgetConfig> | null;
  return (
    typeof v?.appearance === 'object' &&
    v.appearance !== null &&
    Array.isArray(v.navigateOrigins) &&
    typeof v.uploads?.maxBytes === 'number' &&
    Array.isArray(v.uploads.types)
  );
}

/** Confab errors are `{"status":"error","message":...}`. */
function errorMessage(json: unknown): string | undefined {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : undefined;
}
