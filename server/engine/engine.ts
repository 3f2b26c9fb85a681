import { inputText } from './answers.js';
import { messageWithButtons } from './choices.js';
import { continueFlow, startFlow } from './flows.js';
import { leaveFlow } from './session.js';
import { matchKeywordRule } from './keyword-matcher.js';
import { transfer } from './transfer.js';
import { containsPhrase } from './word-match.js';
import type { BotConfig, EngineInput, EngineResult, Session } from './types.js';
import type { Clock } from '../lib/clock.js';

export { emptySession } from './session.js';

/**
 * The built-in bot: one pure step from (config, session, event, clock) to the actions to
 * say and the next session. The order (README, "The built-in bot"): greeting on start;
 * silence while a transfer is active; the active flow's step; transfer keywords; flow
 * trigger keywords; keyword rules; AI (when enabled: a decision the runner performs, with
 * the fallback to say when the AI cannot answer); fallback.
 */
export function runEngine(config: BotConfig, session: Session, input: EngineInput, clock: Clock): EngineResult {
  const { settings } = config;
  if (!settings.chatbot_enabled) return { actions: [], session };
  if (input.name === 'start') {
    const greeting = messageWithButtons(settings.greeting_message, settings.greeting_buttons);
    // A conversation started with a message (the API channel): greet, then answer it.
    if (!input.payload.body) return { actions: [greeting], session };
    const answer = runEngine(config, session, { name: 'message', payload: { body: input.payload.body } }, clock);
    return { ...answer, actions: [greeting, ...answer.actions] };
  }
  if (session.handover) return { actions: [], session };

  const ctx = { config, clock };
  if (session.flow) {
    const result = continueFlow(ctx, session, input);
    if (result) return result;
    // The flow was deleted or disabled meanwhile: go on without it.
    session = leaveFlow(session);
  }

  const text = inputText(input);
  if (text === undefined) {
    if (input.name === 'api_result') return { actions: [], session };
  } else {
    const keyword = settings.transfer_keywords.find((k) => containsPhrase(text, k));
    if (keyword) {
      return transfer(settings, session, [], clock, {
        request: { team_id: null, notes: `Visitor asked for a person: "${text.slice(0, 500)}"`, source: 'transfer_keyword' },
      });
    }
    const flow = config.flows.find((f) => f.enabled && f.steps.length > 0 && f.trigger_keywords.some((k) => containsPhrase(text, k)));
    if (flow) return startFlow(ctx, flow, session);

    const rule = matchKeywordRule(config.rules, text);
    if (rule) {
      const buttons = rule.response_type === 'buttons' ? rule.buttons : undefined;
      return { actions: [messageWithButtons(rule.response, buttons)], session };
    }
  }
  const fallback = messageWithButtons(settings.fallback_message, settings.fallback_buttons);
  if (settings.ai_enabled && text !== undefined && text.trim()) return { actions: [], session, ai: { question: text, fallback: [fallback] } };
  return { actions: [fallback], session };
}
