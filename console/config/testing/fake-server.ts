import { configApi } from '../config-api.js';

export interface FakeCall {
  method: string;
  path: string;
  body: any;
  headers: Record<string, string>;
}

type Answer = { status?: number; data?: unknown; message?: string };

/**
 * The configuration API as the forms' tests play it: the real client over a fetch that
 * records each call and answers with what the test's handler returns (000's envelopes).
 */
export function fakeServer(handler: (call: FakeCall) => Answer | undefined) {
  const calls: FakeCall[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const call: FakeCall = {
      method: init.method ?? 'GET',
      path: url.replace('http://confab.test/api/chatbot', ''),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const answer = handler(call) ?? { status: 404, message: `no route ${call.method} ${call.path}` };
    const status = answer.status ?? 200;
    const json = status < 400 ? { status: 'success', data: answer.data } : { status: 'error', message: answer.message };
    return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const api = configApi({ server: 'http://confab.test', headers: { Authorization: 'Bearer admin-token' }, fetch });
  return { api, calls, sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

/**
 * One list route as the server plays it (GET `{items}`, POST, PUT /:id, `?dry_run` on both)
 * over items kept here; `refuse` is the server's rule: the 400 message for a body, if any.
 */
export function fakeCollection<T extends { id?: string }>(path: string, initial: T[], refuse: (body: any) => string | undefined = () => undefined) {
  let items = initial;
  return (call: FakeCall): Answer | undefined => {
    const [route, query = ''] = call.path.split('?');
    if (route !== path && !route!.startsWith(`${path}/`)) return undefined;
    if (call.method === 'GET') return { data: { items } };
    const refusal = refuse(call.body);
    if (refusal) return { status: 400, message: refusal };
    if (query.includes('dry_run')) return { data: { valid: true } };
    const id = route!.slice(path.length + 1);
    const item = { ...call.body, id: id || `new-${items.length + 1}` } as T;
    items = id ? items.map((i) => (i.id === id ? item : i)) : [...items, item];
    return { status: id ? 200 : 201, data: item };
  };
}

/** One GET-and-PUT-whole route (icons, widget texts) over an object kept here; `refuse` is the server's rule. */
export function fakeSingleton(path: string, initial: unknown, refuse: (body: any) => string | undefined = () => undefined) {
  let value = initial;
  return (call: FakeCall): Answer | undefined => {
    const [route, query = ''] = call.path.split('?');
    if (route !== path) return undefined;
    if (call.method === 'GET') return { data: value };
    const refusal = refuse(call.body);
    if (refusal) return { status: 400, message: refusal };
    if (query.includes('dry_run')) return { data: { valid: true } };
    value = call.body;
    return { data: value };
  };
}
