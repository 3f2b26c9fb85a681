/**
 * The one client of the configuration API (/api/chatbot, seed 000) the owner console uses.
 * It never throws into the views: every call answers `{data}` or `{error}`, and an error
 * names the field the server named ("steps.0.buttons: …" becomes path and message).
 */

export interface ConfigApiOptions {
  server: string;
  /** Sent with every call: `Authorization: Bearer <bot admin token>`, later `X-Confab-Bot`. */
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

export interface ConfigProblem {
  /** HTTP status, 0 when the server could not be reached. */
  status: number;
  message: string;
  /** The field the server named, dot-separated ("steps.0.buttons"), else empty. */
  path: string;
}

export type ConfigResult<T> = { data: T; error?: undefined } | { data?: undefined; error: ConfigProblem };

export interface ConfigApi {
  get<T>(path: string): Promise<ConfigResult<T>>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ConfigResult<T>>;
}

/** "steps.0.buttons: a buttons step needs…" → its path and message; the server's other messages have no path. */
export function problemOf(status: number, message: string): ConfigProblem {
  const named = /^([\w$-]+(?:\.[\w$-]+)*): (.+)$/s.exec(message);
  return named ? { status, path: named[1]!, message: named[2]! } : { status, path: '', message };
}

export function configApi({ server, headers, fetch: fetchImpl = fetch }: ConfigApiOptions): ConfigApi {
  const base = `${server.replace(/\/$/, '')}/api/chatbot`;

  async function request<T>(method: string, path: string, body?: unknown): Promise<ConfigResult<T>> {
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { error: { status: 0, path: '', message: 'The server could not be reached. Check the connection and try again.' } };
    }
    let json: { status?: string; data?: T; message?: string } | undefined;
    try {
      json = (await res.json()) as typeof json;
    } catch {
      json = undefined;
    }
    if (res.ok && json?.status === 'success') return { data: json.data as T };
    return { error: problemOf(res.status, json?.message ?? `The server answered ${res.status}.`) };
  }

  return {
    get: (path) => request('GET', path),
    send: (method, path, body) => request(method, path, body),
  };
}

/** What a GET adds that a write does not take: ids, timestamps, the `*_set` flags of write-only secrets. */
const READ_ONLY = new Set(['id', 'account_id', 'created_at', 'updated_at', 'position']);

/** A fetched object made ready to send back (the server may refuse read-only fields). */
export function withoutReadOnly<T extends object>(item: T): Partial<T> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !READ_ONLY.has(key) && !key.endsWith('_set'))) as Partial<T>;
}
