import type { ChoiceOption, MessageRecord } from '../../shared/index.js';
import type { PendingMessage } from '../state/chat-state.js';

/** The option a visitor chose, or null when a reply named the message without a click. */
export type ChoiceAnswer = ChoiceOption | null;

/**
 * A choice message is answered once: by the first visitor reply naming it in replyTo,
 * stored or still pending (so a second click cannot slip in while the first is in flight).
 */
export function answersByMessage(
  messages: readonly MessageRecord[],
  pending: readonly PendingMessage[],
): Map<string, ChoiceAnswer> {
  const answers = new Map<string, ChoiceAnswer>();
  const replies = [...messages.filter((m) => m.author === 'visitor'), ...pending];
  for (const reply of replies) {
    if (!reply.replyTo || answers.has(reply.replyTo)) continue;
    answers.set(reply.replyTo, reply.packet.name === 'click' ? reply.packet.payload.value : null);
  }
  return answers;
}
