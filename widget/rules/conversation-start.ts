import type { MessageRecord, WidgetConfig } from '../../shared/index.js';
import type { PendingMessage, PersonaChoice } from '../state/chat-state.js';

export type Persona = WidgetConfig['personas'][number];

/**
 * Whether the visitor has said anything yet (stored or still on its way): quick prompts and
 * the persona picker are offered only before that.
 */
export function visitorHasSpoken(messages: readonly MessageRecord[], pending: readonly PendingMessage[]): boolean {
  return pending.length > 0 || messages.some((m) => m.author === 'visitor');
}

/**
 * The persona picked for this conversation, if the bot still has it. Before the conversation
 * is open again after a reload (null), the stored choice is taken to be its own.
 */
export function chosenPersona(personas: readonly Persona[], choice: PersonaChoice | null, conversationId: string | undefined): Persona | undefined {
  if (!choice || (conversationId && choice.conversationId !== conversationId)) return undefined;
  return personas.find((p) => p.id === choice.personaId);
}
