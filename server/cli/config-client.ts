/** The chatbot configuration API (seed 000) of one server, as the admin token's bot. */
export interface ConfigClient {
  get<T = unknown>(path: string): Promise<T>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export class CliError extends Error {}

export function configClient(server: string, token: string, fetchImpl: typeof fetch = fetch): ConfigClient {
  const base = server.replace(/\/+$/, '');
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(`${base}/api/chatbot${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${base}: ${(err as Error).cause ? String((err as { cause: unknown }).cause) : (err as Error).message}`);
    }
    const text = await res.text();
    let json: { status?: string; message?: string; data?: T } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok || json?.status !== 'success') {
      throw new CliError(`${method} /api/chatbot${path}: ${res.status} ${json?.message ?? text.slice(0, 200)}`);
    }
    return json.data as T;
  }
  return {
    get: (path) => request('GET', path),
    send: (method, path, body) => request(method, path, body),
  };
}
