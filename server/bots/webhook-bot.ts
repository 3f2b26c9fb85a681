import { textMessage } from '../engine/choices.js';
import type { Clock } from '../lib/clock.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../lib/json-depth.js';
import type { Log } from '../lib/logger.js';
import { secondsSince, type Metrics } from '../lib/metrics.js';
import { OutboundError, type OutboundClient } from '../lib/outbound/index.js';
import type { Bot, Conversation, Store } from '../store/index.js';
import type { BotCache } from './bot-cache.js';
import { acceptBotActions, cidOf } from './bot-actions.js';
import type { BotInput, BotRunner, BotTurn } from './bot-runner.js';

export interface WebhookBotDeps {
  store: Store;
  botCache: BotCache;
  clock: Clock;
  /** Public origin of this server, for the conversation URL sent to the bot. */
  publicUrl: () => string;
  outbound: OutboundClient;
  /** Waits between retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
  log: Log;
  metrics?: Metrics;
}

type CallResult = { ok: true; body: unknown } | { ok: false; reason: string };

/** The most of a webhook bot's answer that is read (the bot API takes 256 KiB per request). */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Backoff before retry n (1-based): 0.5 s, 1.5 s, 4.5 s, … */
const backoffMs = (attempt: number) => 500 * 3 ** (attempt - 1);

/** The event sent to the bot: `{info, packet}` of the bot protocol (003). */
export async function webhookEnvelope(store: Store, bot: Bot, conversation: Conversation, event: BotInput, publicUrl: string) {
  const contact = await store.visitors.find(conversation.visitorId);
  const meta = conversation.meta;
  return {
    info: {
      approach_mode: meta.approach_mode ?? 'normal',
      cid: cidOf(bot.key, conversation.id),
      contact: {
        id: conversation.visitorId,
        name: contact?.name ?? null,
        email: contact?.email ?? null,
        mobile_number: contact?.phone ?? null,
        external_customer_id: contact?.externalId ?? null,
        custom_fields: contact?.customFields ?? {},
        campaigns: contact?.campaigns ?? null,
        // Confab's addition: true once external_customer_id is proven (a user_hash, or the API channel's user_external_id).
        verified: contact?.verified ?? false,
      },
      context: meta.context ?? {},
      conversation: {
        id: conversation.id,
        url: `${publicUrl}/api/v1/chatbots/${bot.key}/threads/${conversation.id}`,
        topic: meta.topics?.[0] ?? meta.subject ?? null,
        subject: meta.subject ?? null,
        topics: meta.topics ?? [],
        locale: meta.locale ?? null,
        custom_fields: meta.custom_fields ?? {},
        created_at: conversation.createdAt,
        // The API channel and the thread API are the owner's own UI: 003's "custom" channel.
        contact_channel: { type: conversation.channel === 'api' ? 'custom' : 'web', state: 'valid' },
      },
      widget: { id: bot.key, name: bot.name },
    },
    packet: { name: event.name, payload: event.payload },
  };
}

/**
 * The owner's bot over webhooks. Each event is POSTed to the webhook URL with the bot's
 * headers; network errors and 5xx are retried with backoff, a timeout is not (the bot may
 * have acted on it). After the last failure the visitor gets the fallback message and the
 * failure is recorded on the conversation: a conversation never hangs on its bot.
 */
export function webhookBotRunner(deps: WebhookBotDeps) {
  const sleep = deps.sleep ?? realSleep;

  async function call(bot: Bot, body: unknown): Promise<CallResult> {
    const s = bot.settings;
    let reason = 'no attempt';
    for (let attempt = 0; attempt <= s.webhook_retries; attempt++) {
      if (attempt > 0) await sleep(backoffMs(attempt));
      try {
        const res = await deps.outbound.request(s.webhook_url!, {
          method: 'POST',
          headers: { ...s.webhook_headers, 'Content-Type': 'application/json', 'User-Agent': 'Confab-Bot-Webhook/1' },
          body: JSON.stringify(body),
          timeoutMs: s.webhook_timeout_ms,
          maxBytes: MAX_RESPONSE_BYTES,
          allow: s.outbound_allow,
        });
        const text = await res.text();
        if (res.status >= 500) {
          reason = `HTTP ${res.status}`;
          continue;
        }
        if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
        if (text.trim() === '') return { ok: true, body: undefined };
        let answer: unknown;
        try {
          answer = JSON.parse(text);
        } catch {
          return { ok: false, reason: 'the response is not JSON' };
        }
        if (nestsDeeperThan(answer)) return { ok: false, reason: `the response nests deeper than ${MAX_JSON_DEPTH} levels` };
        return { ok: true, body: answer };
      } catch (err) {
        if (!(err instanceof OutboundError)) throw err;
        if (err.code === 'timeout') return { ok: false, reason: `no answer within ${s.webhook_timeout_ms} ms` };
        // Retrying does not change a refusal, an answer too large or a redirect loop.
        if (err.code !== 'network') return { ok: false, reason: err.message };
        reason = `network error: ${err.message}`;
      }
    }
    return { ok: false, reason };
  }

  async function recordFailures(conversation: Conversation, reasons: string[]): Promise<void> {
    if (reasons.length === 0) return;
    const at = deps.clock.now().toISOString();
    for (const reason of reasons) deps.log(`webhook bot, conversation ${conversation.id}: ${reason}`, undefined, { conversationId: conversation.id });
    await deps.store.conversations.updateMeta(conversation.id, (meta) => ({
      ...meta,
      // The newest 50 are enough to see what went wrong.
      failures: [...(meta.failures ?? []), ...reasons.map((reason) => ({ at, reason }))].slice(-50),
    }));
  }

  const runner: BotRunner = {
    async respond(conversation, input): Promise<BotTurn> {
      const idle = { actions: [], session: conversation.session };
      const bot = await deps.botCache.bot(conversation.botId);
      if (!bot?.settings.webhook_url) return idle;
      // Once forwarded, the bot hears nothing more of this conversation (003).
      if (conversation.session.handover && input.name !== 'start') return idle;
      const envelope = await webhookEnvelope(deps.store, bot, conversation, input, deps.publicUrl());
      const started = performance.now();
      const result = await call(bot, envelope);
      deps.metrics?.webhookSeconds.observe({ webhook: 'bot', outcome: result.ok ? 'delivered' : 'failed' }, secondsSince(started));
      if (!result.ok) {
        await recordFailures(conversation, [`delivering "${input.name}" failed: ${result.reason}`]);
        await deps.store.systemEvents.add(conversation.id, 'PROBLEMS_WITH_UPSTREAM_PROVIDER', { reason: result.reason }, deps.clock.now().toISOString());
        return { actions: [textMessage(bot.settings.fallback_message)], session: conversation.session };
      }
      const { actions, errors } = await acceptBotActions(deps, bot, conversation, result.body);
      await recordFailures(conversation, errors.map((e) => `invalid event ${e.index} (${e.event ?? 'no name'}) in the response: ${e.message}`));
      if (actions.length === 0 && errors.length > 0) {
        // Nothing usable came back (a wrong shape): the visitor is not left without an answer.
        await deps.store.systemEvents.add(conversation.id, 'PROBLEMS_WITH_UPSTREAM_PROVIDER', { reason: 'no valid event in the response' }, deps.clock.now().toISOString());
        return { actions: [textMessage(bot.settings.fallback_message)], session: conversation.session };
      }
      return { actions, session: conversation.session };
    },
  };
  return runner;
}

