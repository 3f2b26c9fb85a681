import { messageWithButtons } from './choices.js';
import { matchKeywordRule } from './keyword-matcher.js';
import type { BotConfig, Clock, EngineInput, EngineResult, Session } from './types.js';

export function emptySession(): Session {
  return { variables: {} };
}

/** What the visitor said, as text the rules can match: a click answers with its label. */
function inputText(input: EngineInput): string | undefined {
  switch (input.name) {
    case 'message':
      return input.payload.body;
    case 'click':
      return input.payload.value.label;
    case 'start':
      return input.payload.body;
    case 'media':
      return undefined;
  }
}

/**
 * The built-in bot: one pure step from (config, session, visitor event, clock) to the
 * actions to say and the next session. Order: greeting on start, keyword rules, fallback.
 */
export function runEngine(config: BotConfig, session: Session, input: EngineInput, _clock: Clock): EngineResult {
  const { settings } = config;
  if (!settings.chatbot_enabled) return { actions: [], session };

  if (input.name === 'start') {
    return { actions: [messageWithButtons(settings.greeting_message, settings.greeting_buttons)], session };
  }

  const text = inputText(input);
  const rule = text === undefined ? undefined : matchKeywordRule(config.rules, text);
  if (rule) {
    const buttons = rule.response_type === 'buttons' ? rule.buttons : undefined;
    return { actions: [messageWithButtons(rule.response, buttons)], session };
  }
  return { actions: [messageWithButtons(settings.fallback_message, settings.fallback_buttons)], session };
}
