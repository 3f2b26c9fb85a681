import { hasRole, type BotAction, type VisitorEvent } from '../../shared/index.js';
import { runEngine } from '../engine/engine.js';
import type { AiAnswerRequest, Session, TransferRequest } from '../engine/types.js';
import type { Clock } from '../lib/clock.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import type { Conversation } from '../store/index.js';
import { performFetch } from './api-fetch.js';
import type { BotCache } from './bot-cache.js';

export interface BotTurn {
  actions: BotAction[];
  session: Session;
  transfer?: TransferRequest;
  /** Answer with AI after the actions (the conversation service streams it). */
  ai?: AiAnswerRequest;
}

/** What a bot hears: the visitor's events, and forward_failed after a forward that found no agent. */
export type BotInput = VisitorEvent | { name: 'forward_failed'; payload: Record<string, never> };

/** Whatever answers a visitor: the built-in engine or a webhook bot. */
export interface BotRunner {
  respond(conversation: Conversation, input: BotInput): Promise<BotTurn>;
  /**
   * The turn when the bot's configuration alone answers it (the built-in engine, no api_fetch
   * step) with what the visitor sees and nothing more (answersAtOnce); undefined otherwise (a
   * webhook bot, a call, a delay, a hand-over, an AI answer, a new session), and `respond`
   * answers in a turn of its own. It changes nothing, so the caller may still drop the turn.
   */
  respondAtOnce?(conversation: Conversation, input: BotInput): Promise<BotTurn | undefined>;
}

/**
 * Whether a turn is only messages the visitor sees (said, offered, linked, shown), in the
 * session it was given: stored with the visitor's message, it needs nothing else done.
 */
export function answersAtOnce(turn: BotTurn, session: Session): boolean {
  return !turn.ai && !turn.transfer && turn.session === session && turn.actions.every((a) => hasRole(a, 'say', 'choice', 'link', 'media', 'navigate'));
}

/** Calls one turn may make (api_fetch steps in a row), so a misconfigured flow cannot loop. */
const MAX_FETCHES_PER_TURN = 5;

/** The built-in engine, fed with the bot's stored configuration; makes its api_fetch calls. */
export function builtinBotRunner(deps: { botCache: BotCache; clock: Clock; selfUrl: () => string; outbound: OutboundClient }): BotRunner {
  const { botCache, clock, selfUrl, outbound } = deps;
  return {
    async respond(conversation, input) {
      const config = await botCache.config(conversation.botId);
      // forward_failed only follows a forward with on_failure "feedback", which the engine never sends.
      if (!config || input.name === 'forward_failed') return { actions: [], session: conversation.session };
      let result = runEngine(config, conversation.session, input, clock);
      const actions = [...result.actions];
      let transfer = result.transfer;
      for (let i = 0; result.fetch && i < MAX_FETCHES_PER_TURN; i++) {
        const allow = (await botCache.bot(conversation.botId))?.settings.outbound_allow ?? [];
        const payload = await performFetch(result.fetch, { selfUrl: selfUrl(), outbound, allow });
        result = runEngine(config, result.session, { name: 'api_result', payload }, clock);
        actions.push(...result.actions);
        transfer = result.transfer ?? transfer;
      }
      return turnOf(actions, result.session, transfer, result.ai);
    },

    async respondAtOnce(conversation, input) {
      if (input.name === 'forward_failed') return undefined;
      const config = await botCache.config(conversation.botId);
      if (!config) return undefined;
      const result = runEngine(config, conversation.session, input, clock);
      if (result.fetch) return undefined;
      const turn = turnOf(result.actions, result.session, result.transfer, result.ai);
      return answersAtOnce(turn, conversation.session) ? turn : undefined;
    },
  };
}

function turnOf(actions: BotAction[], session: Session, transfer: TransferRequest | undefined, ai: AiAnswerRequest | undefined): BotTurn {
  const turn: BotTurn = { actions, session };
  if (transfer) turn.transfer = transfer;
  if (ai) turn.ai = ai;
  return turn;
}
