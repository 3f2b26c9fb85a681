import { isWithinBusinessHours } from '../engine/business-hours.js';
import { handOverSession } from '../engine/session.js';
import { forwardAction } from '../engine/transfer.js';
import type { Clock } from '../lib/clock.js';
import type { Presence } from '../lib/presence.js';
import type { Bot, Conversation, Store } from '../store/index.js';
import type { BotCache } from './bot-cache.js';
import type { BotRunner } from './bot-runner.js';

export interface BotRouterDeps {
  store: Store;
  botCache: BotCache;
  clock: Clock;
  presence: Presence;
  builtin: BotRunner;
  webhook: BotRunner;
}

/**
 * Whether people rather than the webhook bot take a new conversation (003 behaviour modes):
 * service_time — the bot serves outside business hours only; backup — only while no agent is
 * available; human — like any operator, up to its chat slots; firewall — always, every chat.
 * Returns the reason when people take it.
 */
export async function peopleTakeOver(deps: Pick<BotRouterDeps, 'store' | 'clock' | 'presence'>, bot: Bot): Promise<string | undefined> {
  const s = bot.settings;
  const now = deps.clock.now();
  if (s.behavior_mode === 'firewall') return undefined;
  if (s.behavior_mode === 'service_time' && s.business_hours_enabled && isWithinBusinessHours(s.business_hours, now)) {
    return 'Service time: people take conversations during business hours.';
  }
  if (s.behavior_mode === 'backup' && (await deps.presence.agentsAvailable(bot.id))) {
    return 'Backup mode: an agent is available.';
  }
  // Conversations the bot served within the timeout (an hour without one) hold a slot;
  // the count includes the conversation being started.
  const window = (s.conversation_timeout?.seconds ?? 3_600) * 1_000;
  const inUse = await deps.store.conversations.countBotActive(bot.id, new Date(now.getTime() - window).toISOString());
  if (inUse > s.chat_slots) return `All ${s.chat_slots} chat slots of the bot are in use.`;
  return undefined;
}

/** Sends each conversation to its bot's runner: the built-in engine or the webhook bot. */
export function botRouter(deps: BotRouterDeps): BotRunner {
  return {
    async respond(conversation: Conversation, input) {
      const bot = await deps.botCache.bot(conversation.botId);
      if (bot?.settings.bot_type !== 'webhook') return deps.builtin.respond(conversation, input);
      if (input.name === 'start') {
        const reason = await peopleTakeOver(deps, bot);
        if (reason) {
          return {
            actions: [forwardAction(null)],
            session: handOverSession(conversation.session),
            transfer: { team_id: null, notes: reason, source: 'bot' },
          };
        }
      }
      return deps.webhook.respond(conversation, input);
    },

    async respondAtOnce(conversation: Conversation, input) {
      const bot = await deps.botCache.bot(conversation.botId);
      return bot?.settings.bot_type === 'webhook' ? undefined : deps.builtin.respondAtOnce?.(conversation, input);
    },
  };
}
