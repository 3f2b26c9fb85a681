import type { Clock } from '../lib/clock.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import type { AiContext } from './prompt.js';

/** The most of an API context's response that is read; the rest is cut off. */
export const MAX_API_CONTEXT_BYTES = 64 * 1024;
/** How long a fetched API context is reused. */
export const API_CONTEXT_TTL_MS = 5 * 60_000;

/** A JSON response as readable text; other bodies as they are. */
function asText(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 1);
  } catch {
    return body;
  }
}

/**
 * Fetches the content of `api` AI contexts through the outbound client: with their timeout,
 * at most 64 KiB (the rest is not read), cached for five minutes (per URL, method, headers
 * and allow-list). A failed or refused fetch gives no content (the answer goes on without it)
 * and is not cached.
 */
export function apiContextFetcher(clock: Clock, outbound: OutboundClient, options: { ttlMs?: number; maxBytes?: number } = {}) {
  const ttl = options.ttlMs ?? API_CONTEXT_TTL_MS;
  const maxBytes = options.maxBytes ?? MAX_API_CONTEXT_BYTES;
  const cache = new Map<string, { expires: number; content: Promise<string | undefined> }>();

  async function load(config: NonNullable<AiContext['api_config']>, allow: readonly string[]): Promise<string | undefined> {
    try {
      const res = await outbound.request(config.url, { method: config.method, headers: config.headers, timeoutMs: config.timeout_ms, maxBytes, overflow: 'truncate', allow });
      if (!res.ok) {
        await res.body?.cancel();
        return undefined;
      }
      return asText(await res.text());
    } catch {
      return undefined;
    }
  }

  return {
    /** `allow`: the bot's outbound_allow. */
    async content(context: AiContext, allow: readonly string[] = []): Promise<string | undefined> {
      if (context.context_type === 'static') return context.content;
      const config = context.api_config;
      if (!config) return undefined;
      const key = JSON.stringify([config.url, config.method, config.headers, allow]);
      const now = clock.now().getTime();
      let entry = cache.get(key);
      if (!entry || entry.expires < now) {
        entry = { expires: now + ttl, content: load(config, allow) };
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
