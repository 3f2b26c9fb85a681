import { createBotCache } from './bots/bot-cache.js';
import { botRouter } from './bots/bot-router.js';
import { builtinBotRunner } from './bots/bot-runner.js';
import { webhookBotRunner } from './bots/webhook-bot.js';
import { createAiAnswers } from './conversations/ai-answers.js';
import { createConversationService } from './conversations/conversation-service.js';
import { createMessageBus } from './conversations/message-bus.js';
import { fanOut, type ConversationPublisher } from './conversations/publisher.js';
import { createVisitorRequests } from './conversations/visitor-requests.js';
import type { Clock } from './lib/clock.js';
import { NO_AGENTS, type Presence } from './lib/presence.js';
import type { Store } from './store/index.js';
import { messageWebhook } from './threads/message-webhook.js';

export interface ServicesOptions {
  store: Store;
  clock: Clock;
  /** Public origin of this server (the conversation URL sent to webhook bots). */
  publicUrl: () => string;
  /** How this server reaches itself: api_fetch steps may call "/demo/api/..." over loopback. */
  selfUrl: () => string;
  /** Where published things go besides the event streams and the message webhook: the sockets. */
  sinks?: ConversationPublisher[];
  presence?: Presence;
  /** Waits between webhook retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
  log: (message: string, err?: unknown) => void;
}

/**
 * The one composition of Confab's services, used by the server and by the tests' app: the
 * bot cache, the runners, the publisher with its sinks, the conversation service and the
 * visitor requests.
 */
export function createServices(options: ServicesOptions) {
  const { store, clock, log } = options;
  const presence = options.presence ?? NO_AGENTS;
  const botCache = createBotCache(store);
  const webhook = webhookBotRunner({
    store,
    botCache,
    clock,
    publicUrl: options.publicUrl,
    log,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const botRunner = botRouter({
    store,
    botCache,
    clock,
    presence,
    builtin: builtinBotRunner(botCache, clock, options.selfUrl),
    webhook,
  });
  const bus = createMessageBus();
  const publisher = fanOut([...(options.sinks ?? []), bus.publisher, messageWebhook({ store, botCache, log })], log);
  const aiAnswers = createAiAnswers({ store, botCache, publisher, clock, log });
  const service = createConversationService({ store, clock, botRunner, publisher, presence, aiAnswers, log });
  const visitorRequests = createVisitorRequests({ store, clock, service, aiAnswers });
  return { botCache, webhook, botRunner, bus, publisher, service, visitorRequests, aiAnswers };
}

export type Services = ReturnType<typeof createServices>;
