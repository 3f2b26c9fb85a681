/** What the server says about the signed-in owner and their bots (/api/console, 000's envelope). */
export interface OwnerView {
  id: string;
  email: string;
  name: string;
}

export interface BotView {
  id: string;
  key: string;
  name: string;
  created_at: string;
}

export type ApiKeyScope = 'config' | 'api_channel' | 'threads';

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

/** A refused request: the status and the server's message, for the form that made it. */
export class OwnerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OwnerApiError';
  }
}

export type OwnerApi = ReturnType<typeof ownerApi>;

/**
 * The console's client of the owner routes: the owner session as the bearer token and, for
 * the configuration API (/api/chatbot/*), the bot acted on in X-Confab-Bot. `data` of the
 * success envelope comes back; an error envelope is thrown as an OwnerApiError.
 */
export function ownerApi(server: string, token: string | null) {
  return {
    async request<T>(method: string, path: string, body?: unknown, botId?: string): Promise<T> {
      const headers: Record<string, string> = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      if (botId) headers['X-Confab-Bot'] = botId;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      let res: Response;
      try {
        res = await fetch(`${server}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      } catch {
        throw new OwnerApiError(0, 'The server could not be reached. Check the connection and try again.');
      }
      const json = (await res.json().catch(() => undefined)) as { status?: string; data?: T; message?: string } | undefined;
      if (!res.ok || json?.status !== 'success') throw new OwnerApiError(res.status, json?.message ?? `The server answered ${res.status}.`);
      return json.data as T;
    },
  };
}
