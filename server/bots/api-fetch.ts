import type { ApiResultInput, FetchRequest } from '../engine/types.js';
import { OutboundError, type OutboundClient } from '../lib/outbound/index.js';

const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface FetchContext {
  /** How this server reaches itself: a url starting with "/" is a path on it. */
  selfUrl: string;
  outbound: OutboundClient;
  /** The bot's outbound_allow. */
  allow: readonly string[];
}

/**
 * Makes an api_fetch step's HTTP call through the outbound client. Never throws and never
 * hangs: a refusal, a timeout, a network error, a non-2xx status, a body over 1 MiB or one
 * that is not JSON all come back as `{ok: false}`.
 */
export async function performFetch(req: FetchRequest, context: FetchContext): Promise<ApiResultInput['payload']> {
  const self = req.url.startsWith('/');
  const url = self ? `${context.selfUrl}${req.url}` : req.url;
  // A path on this server reaches it over loopback: that one host and port, and nothing else, needs no allow entry.
  const allow = self ? [...context.allow, new URL(context.selfUrl).host] : context.allow;
  try {
    const res = await context.outbound.request(url, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined && req.method !== 'GET' ? { body: req.body } : {}),
      timeoutMs: req.timeout_ms,
      maxBytes: MAX_RESPONSE_BYTES,
      allow,
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, error: `HTTP ${res.status}` };
    }
    const text = await res.text();
    try {
      return { ok: true, data: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, error: 'response is not JSON' };
    }
  } catch (err) {
    if (err instanceof OutboundError && err.code === 'too_large') return { ok: false, error: 'response too large' };
    return { ok: false, error: (err as Error).message };
  }
}
