import type { AnswerDraft, ConversationView, MessageRecord } from '../../shared/index.js';
import type { ConversationPublisher } from './publisher.js';

export type BusEvent =
  | { type: 'message'; message: MessageRecord }
  | { type: 'message_update'; message: MessageRecord }
  | { type: 'typing'; until: string | null }
  | { type: 'conversation'; conversation: ConversationView }
  | { type: 'draft'; draft: AnswerDraft };

/** In-process subscriptions to one conversation's events (the API's server-sent events). */
export function createMessageBus() {
  const listeners = new Map<string, Set<(event: BusEvent) => void>>();
  const emit = (conversationId: string, event: BusEvent) => {
    for (const listener of listeners.get(conversationId) ?? []) listener(event);
  };
  const publisher: ConversationPublisher = {
    message: (id, message) => emit(id, { type: 'message', message }),
    messageUpdate: (id, message) => emit(id, { type: 'message_update', message }),
    typing: (id, until) => emit(id, { type: 'typing', until }),
    conversation: (view) => emit(view.id, { type: 'conversation', conversation: view }),
    draft: (draft) => emit(draft.conversationId, { type: 'draft', draft }),
  };
  return {
    publisher,
    subscribe(conversationId: string, listener: (event: BusEvent) => void): () => void {
      let set = listeners.get(conversationId);
      if (!set) listeners.set(conversationId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        // Only this set: after a second call, the conversation may have a new one of others.
        if (set.size === 0 && listeners.get(conversationId) === set) listeners.delete(conversationId);
      };
    },
  };
}

export type MessageBus = ReturnType<typeof createMessageBus>;
