import type { MessageRecord, QuickPrompt } from '../../shared/index.js';
import { isHidden } from './action-kinds.js';

/**
 * The chips under the newest message, when it is a bot's answer in words: its own follow-up
 * questions (an AI answer's), else the owner's follow-up prompts (002). The owner's come only
 * after the visitor has said something (the greeting has the quick prompts) and never under an
 * answer that asks for something itself (an inline form), an agent's words or a choice.
 */
export function followUpsAfter(
  messages: readonly MessageRecord[],
  ownerPrompts: readonly QuickPrompt[] = [],
): ReadonlyArray<QuickPrompt | string> | undefined {
  // Instructions (a contact update, a delay) after the answer do not take its chips away.
  const last = messages.findLast((m) => m.author === 'visitor' || !isHidden(m.packet));
  if (last?.author !== 'bot' || last.packet.name !== 'message') return undefined;
  const { follow_ups, form } = last.packet.payload;
  if (follow_ups?.length) return follow_ups;
  if (form || !ownerPrompts.length || !messages.some((m) => m.author === 'visitor')) return undefined;
  return ownerPrompts;
}
