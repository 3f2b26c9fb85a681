import type { MessageRecord } from '../../shared/index.js';
import { en } from '../i18n/en.js';
import type { SeenMark } from '../state/chat-state.js';
import { spokenText } from './spoken-text.js';

/**
 * Messages from the bot or an agent the visitor has not seen: shown ones (not internal
 * actions) after the seen mark of their conversation. Nothing seen yet: all of them.
 */
export function unreadMessages(messages: readonly MessageRecord[], seen: SeenMark | null): MessageRecord[] {
  return messages.filter(
    (m) =>
      m.author !== 'visitor' &&
      !(seen && seen.conversationId === m.conversationId && m.seq <= seen.seq) &&
      spokenText(m, en) !== '',
  );
}
