import type { BotCache } from '../bots/bot-cache.js';
import type { ConversationPublisher } from '../conversations/publisher.js';
import type { Log } from '../lib/logger.js';
import { secondsSince, type Metrics } from '../lib/metrics.js';
import { OutboundError, type OutboundClient } from '../lib/outbound/index.js';
import { SerialQueue } from '../lib/serial-queue.js';
import { withLease, type Cluster } from '../lib/cluster/index.js';
import type { Store } from '../store/index.js';
import { threadMessage } from './thread-views.js';

export interface MessageWebhookDeps {
  store: Store;
  botCache: BotCache;
  outbound: OutboundClient;
  log: Log;
  metrics?: Metrics;
  sleep?: (ms: number) => Promise<void>;
  attempts?: number;
  timeoutMs?: number;
  /** Several nodes: each conversation's deliveries go through a shared list, in order, by one node at a time. */
  cluster?: Cluster;
}

type Delivery = { event: 'message.created' | 'message.updated'; message: Parameters<typeof threadMessage>[0] };

/** How long a node killed while delivering keeps a conversation's webhook from the others. */
const WEBHOOK_LEASE_MS = 60_000;

/** Header that carries the bot's message webhook token. */
export const MESSAGE_WEBHOOK_TOKEN_HEADER = 'X-Chatbot-Token';

/**
 * The thread API's message webhook (002): every message of every conversation of a bot is
 * POSTed to the bot's message_webhook_url, in order per conversation, with retries. Delivery runs
 * beside the conversation and never holds it up; a message that cannot be delivered after
 * the last attempt is logged and skipped.
 */
export function messageWebhook(deps: MessageWebhookDeps): ConversationPublisher & { idle(): Promise<void> } {
  const queue = new SerialQueue();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = deps.attempts ?? 4;
  const botOf = new Map<string, string>();

  async function botIdOf(conversationId: string): Promise<string | undefined> {
    let id = botOf.get(conversationId);
    if (!id) {
      id = (await deps.store.conversations.find(conversationId))?.botId;
      if (id) {
        if (botOf.size > 10_000) botOf.clear();
        botOf.set(conversationId, id);
      }
    }
    return id;
  }

  async function deliver(conversationId: string, { event, message }: Delivery): Promise<void> {
    const botId = await botIdOf(conversationId);
    const bot = botId ? await deps.botCache.bot(botId) : undefined;
    const url = bot?.settings.message_webhook_url;
    if (!bot || !url) return;
    const body = JSON.stringify({ event, chatbotId: bot.id, threadId: conversationId, message: threadMessage(message) });
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (bot.settings.message_webhook_token) headers[MESSAGE_WEBHOOK_TOKEN_HEADER] = bot.settings.message_webhook_token;
    let why = '';
    const started = performance.now();
    const observe = (outcome: 'delivered' | 'failed') => deps.metrics?.webhookSeconds.observe({ webhook: 'message', outcome }, secondsSince(started));
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await deps.outbound.request(url, { method: 'POST', headers, body, timeoutMs: deps.timeoutMs ?? 10_000, maxBytes: 64 * 1024, overflow: 'truncate', allow: bot.settings.outbound_allow });
        await res.body?.cancel();
        if (res.ok) return observe('delivered');
        why = `: HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) break;
      } catch (err) {
        if (!(err instanceof OutboundError)) throw err;
        why = `: ${err.message}`;
        // A refusal is not retried; network errors and timeouts are.
        if (err.code === 'refused') break;
      }
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1));
    }
    observe('failed');
    deps.log(`message webhook of bot ${bot.key}: message ${message.id} not delivered${why}`, undefined, { conversationId });
  }

  /**
   * Several nodes: the deliveries of a conversation wait in a shared list, in the order they
   * were published (its nodes publish one after another), and one node at a time, holding
   * the conversation's webhook lease, sends them. A node that finds the lease taken leaves
   * its delivery to the holder, who looks at the list again once it has let go.
   */
  async function drain(cluster: Cluster, conversationId: string): Promise<void> {
    const list = `webhook:${conversationId}`;
    for (;;) {
      const lease = await cluster.claim(list, WEBHOOK_LEASE_MS);
      if (!lease) return;
      await withLease(lease, WEBHOOK_LEASE_MS, async () => {
        for (let item = await cluster.shift(list); item !== undefined; item = await cluster.shift(list)) {
          await deliver(conversationId, JSON.parse(item) as Delivery).catch((err: unknown) => deps.log('message webhook failed', err, { conversationId }));
        }
      });
      if ((await cluster.length(list)) === 0) return;
    }
  }

  /** Deliveries published and not yet in the queue or done (see idle()). */
  const sending = new Set<Promise<void>>();
  function send(conversationId: string, event: Delivery['event'], message: Delivery['message']): void {
    const { cluster } = deps;
    // A bot without a message webhook (as last read, no change heard since) has nothing to
    // line up: with several nodes the list and its lease were six Redis commands a message.
    const botId = botOf.get(conversationId);
    const known = cluster?.shared && botId !== undefined ? deps.botCache.known(botId) : undefined;
    if (known && !known.bot?.settings.message_webhook_url) return;
    // Queued at once, per conversation: messages go out in the order they were published. The
    // shared list's append is sent now, before the conversation's lease is let go on the same
    // connection, so the next node's messages come after it.
    const work = cluster?.shared
      ? cluster.append(`webhook:${conversationId}`, JSON.stringify({ event, message })).then(() => queue.run(conversationId, () => drain(cluster, conversationId)))
      : queue.run(conversationId, () => deliver(conversationId, { event, message }));
    // Followed until its drain is queued too: idle() (a node stopping) must not miss a delivery whose append is on its way.
    const followed = work.catch((err: unknown) => deps.log('message webhook failed', err, { conversationId }));
    sending.add(followed);
    void followed.finally(() => sending.delete(followed));
  }

  return {
    message: (id, m) => send(id, 'message.created', m),
    messageUpdate: (id, m) => send(id, 'message.updated', m),
    typing: () => undefined,
    conversation: () => undefined,
    async idle() {
      while (sending.size > 0) await Promise.all([...sending]);
      await queue.idle();
    },
  };
}
