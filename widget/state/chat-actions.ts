import type { BotMessage, ChoiceOption } from '../../shared/index.js';
import type { ChatConnection } from '../transport/chat-connection.js';
import type { ChatState } from './chat-state.js';
import { answersByMessage } from './choices.js';
import { checkMessageText } from './message-text.js';

export interface ChatActions {
  /** Sends typed text; empty or over-long text is refused (returns false). */
  sendText(text: string): boolean;
  /** Answers a choice message with one of its options, once. */
  choose(message: BotMessage, option: ChoiceOption): void;
}

/** What the visitor can do, turned into 003 visitor events. */
export function createChatActions(state: ChatState, connection: Pick<ChatConnection, 'send'>): ChatActions {
  return {
    sendText(text) {
      const checked = checkMessageText(text);
      if ('error' in checked) return false;
      connection.send({ name: 'message', payload: { body: checked.body } });
      return true;
    },
    choose(message, option) {
      // A second click can arrive before the re-render disables the buttons.
      if (answersByMessage(state.messages.value, state.pending.value).has(message.id)) return;
      connection.send({ name: 'click', payload: { value: { id: option.id, label: option.label } } }, message.id);
    },
  };
}
