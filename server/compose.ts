import { createBotCache } from './bots/bot-cache.js';
import { botRouter } from './bots/bot-router.js';
import { builtinBotRunner } from './bots/bot-runner.js';
import { webhookBotRunner } from './bots/webhook-bot.js';
import { createAiAnswers } from './conversations/ai-answers.js';
import { createConversationService } from './conversations/conversation-service.js';
import { createMessageBus } from './conversations/message-bus.js';
import { fanOut, type ConversationPublisher } from './conversations/publisher.js';
import { createVisitorRequests } from './conversations/visitor-requests.js';
import { createAgentDesk, type AgentDesk, type AgentPublisher } from './agents/agent-desk.js';
import { createAgentPresence } from './agents/presence.js';
import type { BotRunner } from './bots/bot-runner.js';
import type { Clock } from './lib/clock.js';
import { oneNode, type Cluster } from './lib/cluster/index.js';
import { createLimits, type Limits } from './lib/limits/index.js';
import type { Log } from './lib/logger.js';
import { secondsSince, type Metrics } from './lib/metrics.js';
import type { OutboundClient } from './lib/outbound/index.js';
import type { Presence } from './lib/presence.js';
import type { Store } from './store/index.js';
import { messageWebhook } from './threads/message-webhook.js';
import { transcriptEmails } from './conversations/transcript-email.js';
import type { Mailer } from './lib/mailer.js';

export interface ServicesOptions {
  store: Store;
  clock: Clock;
  /** Public origin of this server (the conversation URL sent to webhook bots). */
  publicUrl: () => string;
  /** How this server reaches itself: api_fetch steps may call "/demo/api/..." over loopback. */
  selfUrl: () => string;
  /** Every outbound HTTP call goes through it: api_fetch, webhooks, API contexts, media checks, AI providers. */
  outbound: OutboundClient;
  /** Where published things go besides the event streams and the message webhook: the sockets. */
  sinks?: ConversationPublisher[];
  /** Stands in for agent presence (tests of the bot alone); by default, the agents' own. */
  presence?: Presence;
  /** Where the agent desk's news goes: the consoles' sockets. */
  agentSinks?: AgentPublisher[];
  /** How long an agent with no console tab stays present (default 30 s). */
  presenceGraceMs?: number;
  /** An assigned conversation not answered in this time goes back to the queue (default 5 min). */
  answerTimeoutMs?: number;
  /** The limits table's counters (default: the table as it is, counted in memory). */
  limits?: Limits;
  /** Waits between webhook retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
  log: Log;
  /** Counters and histograms of this server (/metrics); tests of the services alone go without. */
  metrics?: Metrics;
  /** Sends email_dispatch transcripts (SMTP); without it they are recorded as not sent. */
  mailer?: Mailer;
  /** The other nodes (REDIS_URL): shared jobs, cache invalidations. One node by default. */
  cluster?: Cluster;
}

/** A runner whose turns are timed into confab_bot_turn_seconds. */
function timed(runner: BotRunner, botType: 'builtin' | 'webhook', metrics: Metrics | undefined): BotRunner {
  if (!metrics) return runner;
  const observe = (started: number) => metrics.botTurnSeconds.observe({ bot_type: botType }, secondsSince(started));
  const { respondAtOnce } = runner;
  return {
    async respond(conversation, input) {
      const started = performance.now();
      try {
        return await runner.respond(conversation, input);
      } finally {
        observe(started);
      }
    },
    // A turn it declines is answered by respond, and timed there; one it returns is the turn.
    ...(respondAtOnce && {
      async respondAtOnce(conversation, input) {
        const started = performance.now();
        const turn = await respondAtOnce.call(runner, conversation, input);
        if (turn) observe(started);
        return turn;
      },
    }),
  };
}

/** Counts every stored message once, as it is published: in from visitors, out from everyone else. */
function messageCounter(metrics: Metrics): ConversationPublisher {
  return {
    message(_id, m) {
      metrics.messages.inc({ direction: m.author === 'visitor' ? 'in' : 'out', author: m.author, kind: m.packet.name });
    },
    messageUpdate: () => undefined,
    typing: () => undefined,
    conversation: () => undefined,
  };
}

/**
 * The one composition of Confab's services, used by the server and by the tests' app: the
 * bot cache, the runners, the publisher with its sinks, the conversation service and the
 * visitor requests.
 */
export function createServices(options: ServicesOptions) {
  const { store, clock, log, outbound, metrics } = options;
  const limits = options.limits ?? createLimits();
  const cluster = options.cluster ?? oneNode();
  const agentPresence = createAgentPresence({ store, clock, cluster, graceMs: options.presenceGraceMs ?? 30_000 });
  const presence = options.presence ?? agentPresence;
  const botCache = createBotCache(store, undefined, cluster);
  const webhook = webhookBotRunner({
    store,
    botCache,
    clock,
    publicUrl: options.publicUrl,
    outbound,
    log,
    ...(metrics ? { metrics } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const botRunner = botRouter({
    store,
    botCache,
    clock,
    presence,
    builtin: timed(builtinBotRunner({ botCache, clock, selfUrl: options.selfUrl, outbound }), 'builtin', metrics),
    webhook: timed(webhook, 'webhook', metrics),
  });
  const bus = createMessageBus();
  const agentSinks = options.agentSinks ?? [];
  const agents: AgentPublisher = {
    message: (id, m) => agentSinks.forEach((s) => s.message(id, m)),
    messageUpdate: (id, m) => agentSinks.forEach((s) => s.messageUpdate(id, m)),
    inbox: (botId, summary) => agentSinks.forEach((s) => s.watching?.(botId) !== false && s.inbox(botId, summary)),
    presence: (botId, view) => agentSinks.forEach((s) => s.presence(botId, view)),
    note: (id, note) => agentSinks.forEach((s) => s.note(id, note)),
    visitorTyping: (id, typing) => agentSinks.forEach((s) => s.visitorTyping(id, typing)),
    watching: (botId) => agentSinks.some((s) => s.watching?.(botId) !== false),
  };
  // Declared before the service and set right after: the service tells the desk of handovers.
  let desk: AgentDesk | undefined;
  /** What the consoles hear of stored messages: the message itself, and its row's new preview. */
  const toConsoles: ConversationPublisher = {
    message(id, m) {
      agents.message(id, m);
      desk?.touched(id);
    },
    messageUpdate: (id, m) => agents.messageUpdate(id, m),
    typing: () => undefined,
    conversation: () => undefined,
  };
  const webhooks = messageWebhook({ store, botCache, outbound, log, cluster, ...(metrics ? { metrics } : {}) });
  const transcripts = transcriptEmails({ store, clock, mailer: options.mailer, log });
  const visitorSide = fanOut([...(options.sinks ?? []), bus.publisher, webhooks, transcripts, ...(metrics ? [messageCounter(metrics)] : [])], log);
  const publisher = fanOut([visitorSide, toConsoles], log);
  const aiAnswers = createAiAnswers({ store, botCache, publisher, clock, outbound, log, ...(metrics ? { metrics } : {}) });
  const service = createConversationService({ store, clock, botRunner, publisher, presence, aiAnswers, log, cluster, onPeopleChange: (id) => desk?.changed(id) });
  desk = createAgentDesk({
    store,
    clock,
    service,
    presence: agentPresence,
    publisher: visitorSide,
    agents,
    answerTimeoutMs: options.answerTimeoutMs ?? 5 * 60_000,
    publicUrl: options.publicUrl,
    log,
  });
  const visitorRequests = createVisitorRequests({
    store,
    clock,
    service,
    presence,
    aiAnswers,
    limits,
    publicUrl: options.publicUrl,
    onVisitorTyping: (id, typing) => desk?.visitorTyping(id, typing),
  });
  return { cluster, limits, botCache, webhook, messageWebhook: webhooks, botRunner, bus, publisher, service, visitorRequests, desk, agentPresence, aiAnswers, outbound };
}

export type Services = ReturnType<typeof createServices>;
