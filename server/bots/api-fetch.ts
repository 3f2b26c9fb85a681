import type { ApiResultInput, FetchRequest } from '../engine/types.js';

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Makes an api_fetch step's HTTP call. Never throws and never hangs: a timeout, a network
 * error, a non-2xx status or a body that is not JSON all come back as `{ok: false}`.
 */
export async function performFetch(req: FetchRequest, selfUrl: string): Promise<ApiResultInput['payload']> {
  const url = req.url.startsWith('/') ? `${selfUrl}${req.url}` : req.url;
  try {
    const init: RequestInit = { method: req.method, headers: req.headers, signal: AbortSignal.timeout(req.timeout_ms), redirect: 'follow' };
    if (req.body !== undefined && req.method !== 'GET') init.body = req.body;
    const res = await fetch(url, init);
    if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
    const text = await res.text();
    if (text.length > MAX_RESPONSE_BYTES) return { ok: false, error: 'response too large' };
    try {
      return { ok: true, data: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, error: 'response is not JSON' };
    }
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `timed out after ${req.timeout_ms} ms` : e.message };
  }
}
