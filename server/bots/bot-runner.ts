import type { BotAction, VisitorEvent } from '../../shared/index.js';
import { runEngine } from '../engine/engine.js';
import type { Clock, Session } from '../engine/types.js';
import type { Conversation, Store } from '../store/index.js';

/** Whatever answers a visitor: the built-in engine now, a webhook bot later. */
export interface BotRunner {
  respond(conversation: Conversation, input: VisitorEvent): Promise<{ actions: BotAction[]; session: Session }>;
}

/** The built-in engine, fed with the bot's stored configuration. */
export function builtinBotRunner(store: Store, clock: Clock): BotRunner {
  return {
    async respond(conversation, input) {
      const bot = await store.bots.findById(conversation.botId);
      if (!bot) return { actions: [], session: conversation.session };
      const rules = await store.bots.keywordRules(bot.id);
      return runEngine({ settings: bot.settings, rules }, conversation.session, input, clock);
    },
  };
}
