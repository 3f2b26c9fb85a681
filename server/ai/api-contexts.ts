import type { Clock } from '../lib/clock.js';
import type { AiContext } from './prompt.js';

/** The most of an API context's response that is read; the rest is cut off. */
export const MAX_API_CONTEXT_BYTES = 64 * 1024;
/** How long a fetched API context is reused. */
export const API_CONTEXT_TTL_MS = 5 * 60_000;

/** Reads a body up to `max` bytes and stops reading there. */
async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = Buffer.concat(chunks).subarray(0, max);
  return new TextDecoder().decode(bytes);
}

/** A JSON response as readable text; other bodies as they are. */
function asText(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 1);
  } catch {
    return body;
  }
}

/**
 * Fetches the content of `api` AI contexts: with their timeout, at most 64 KiB, cached for
 * five minutes (per URL, method and headers). A failed fetch gives no content (the answer
 * goes on without it) and is not cached.
 */
export function apiContextFetcher(clock: Clock, options: { ttlMs?: number; maxBytes?: number } = {}) {
  const ttl = options.ttlMs ?? API_CONTEXT_TTL_MS;
  const maxBytes = options.maxBytes ?? MAX_API_CONTEXT_BYTES;
  const cache = new Map<string, { expires: number; content: Promise<string | undefined> }>();

  async function load(config: NonNullable<AiContext['api_config']>): Promise<string | undefined> {
    try {
      const res = await fetch(config.url, { method: config.method, headers: config.headers, signal: AbortSignal.timeout(config.timeout_ms), redirect: 'follow' });
      if (!res.ok) {
        await res.body?.cancel();
        return undefined;
      }
      return asText(await readCapped(res, maxBytes));
    } catch {
      return undefined;
    }
  }

  return {
    async content(context: AiContext): Promise<string | undefined> {
      if (context.context_type === 'static') return context.content;
      const config = context.api_config;
      if (!config) return undefined;
      const key = JSON.stringify([config.url, config.method, config.headers]);
      const now = clock.now().getTime();
      let entry = cache.get(key);
      if (!entry || entry.expires < now) {
        entry = { expires: now + ttl, content: load(config) };
        if (cache.size > 500) cache.clear();
        cache.set(key, entry);
        const stored = entry;
        void stored.content.then((c) => {
          if (c === undefined && cache.get(key) === stored) cache.delete(key);
        });
      }
      return entry.content;
    },
  };
}

export type ApiContextFetcher = ReturnType<typeof apiContextFetcher>;
