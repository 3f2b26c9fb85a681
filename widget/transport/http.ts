import type { VisitorIdentity } from '../../shared/index.js';

/** HTTP calls never throw into the UI: they resolve to data or to a message to show. */
export type HttpResult<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

const UNREACHABLE = 'Could not reach the chat. Check your connection and try again.';

export async function postJson<T>(
  url: string,
  body: unknown,
  isValid: (value: unknown) => value is T,
  fetchImpl: typeof fetch = fetch,
): Promise<HttpResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { error: UNREACHABLE };
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return { error: errorMessage(json) ?? `The chat server answered ${response.status}.` };
  return isValid(json) ? { data: json } : { error: 'The chat server sent an unexpected answer.' };
}

/** POST /api/widget/visitors: a new anonymous visitor for this bot. */
export function createVisitor(
  server: string,
  botKey: string,
  fetchImpl?: typeof fetch,
): Promise<HttpResult<VisitorIdentity>> {
  return postJson(`${server}/api/widget/visitors`, { botKey }, isVisitorIdentity, fetchImpl);
}

function isVisitorIdentity(value: unknown): value is VisitorIdentity {
  const v = value as Partial<VisitorIdentity> | null;
  return typeof v?.visitorId === 'string' && typeof v.token === 'string';
}

/** Confab errors are `{"status":"error","message":...}`. */
function errorMessage(json: unknown): string | undefined {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : undefined;
}
