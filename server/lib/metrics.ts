import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read when Prometheus scrapes: the sockets and the queues as they are then. */
export interface MetricSources {
  connectedVisitors(): number;
  connectedAgents(): number;
  /** HTTP requests whose handlers run (the scrape that reads it included). */
  requestsInFlight(): number;
  /** Unassigned conversations waiting for an agent, per bot key. */
  waitingConversations(): Promise<Record<string, number>>;
}

/** Seconds, from a few milliseconds (a keyword rule) to a webhook bot's timeout. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds of one store query: most take well under a millisecond. */
const QUERY_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The Prometheus metrics of one server, in a registry of its own (several servers in one test
 * process never share counters). The README's "Metrics" section lists them.
 */
export function createMetrics() {
  const registry = new Registry();
  // Process and Node.js metrics: CPU, memory, event-loop lag (nodejs_eventloop_lag_*), GC, handles.
  collectDefaultMetrics({ register: registry });
  let sources: MetricSources | undefined;
  const registers = [registry];

  const metrics = {
    registry,
    connectedVisitors: new Gauge({
      name: 'confab_connected_visitors',
      help: 'Visitor sockets connected to this node (a visitor with two tabs counts twice).',
      registers,
      collect() {
        this.set(sources?.connectedVisitors() ?? 0);
      },
    }),
    connectedAgents: new Gauge({
      name: 'confab_connected_agents',
      help: 'Agents with at least one console connected to this node.',
      registers,
      collect() {
        this.set(sources?.connectedAgents() ?? 0);
      },
    }),
    requestsInFlight: new Gauge({
      name: 'confab_http_requests_in_flight',
      help: 'HTTP requests being handled, this scrape included (a shutdown waits for them).',
      registers,
      collect() {
        this.set(sources?.requestsInFlight() ?? 0);
      },
    }),
    waitingConversations: new Gauge({
      name: 'confab_waiting_conversations',
      help: 'Conversations handed over and waiting in the queue for an agent, per bot.',
      labelNames: ['bot'] as const,
      registers,
      async collect() {
        this.reset();
        for (const [bot, n] of Object.entries((await sources?.waitingConversations()) ?? {})) this.set({ bot }, n);
      },
    }),
    messages: new Counter({
      name: 'confab_messages_total',
      help: 'Messages stored: direction "in" from visitors, "out" from bots, agents and the system; kind is the event or action name.',
      labelNames: ['direction', 'author', 'kind'] as const,
      registers,
    }),
    botTurnSeconds: new Histogram({
      name: 'confab_bot_turn_seconds',
      help: "Time a bot takes to answer one visitor event (the built-in engine with its api_fetch calls, or the webhook bot's round trip with retries).",
      labelNames: ['bot_type'] as const,
      buckets: TURN_BUCKETS,
      registers,
    }),
    webhookSeconds: new Histogram({
      name: 'confab_webhook_seconds',
      help: 'Time of one webhook delivery with its retries: "bot" (webhook_url) or "message" (message_webhook_url).',
      labelNames: ['webhook', 'outcome'] as const,
      buckets: TURN_BUCKETS,
      registers,
    }),
    aiTokens: new Counter({
      name: 'confab_ai_tokens_total',
      help: 'Tokens of AI answers as the provider reported them.',
      labelNames: ['provider', 'type'] as const,
      registers,
    }),
    aiErrors: new Counter({
      name: 'confab_ai_errors_total',
      help: 'AI answers that failed, by failure kind.',
      labelNames: ['provider', 'kind'] as const,
      registers,
    }),
    storeQuerySeconds: new Histogram({
      name: 'confab_store_query_seconds',
      help: 'Time of one store query, from Kysely.',
      labelNames: ['outcome'] as const,
      buckets: QUERY_BUCKETS,
      registers,
    }),
    /** The server gives the gauges their sources once its sockets and store exist. */
    watch(next: MetricSources): void {
      sources = next;
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Seconds since `start` (a performance.now() reading), for the histograms. */
export const secondsSince = (start: number) => (performance.now() - start) / 1_000;
