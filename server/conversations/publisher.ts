import type { AgentBadge, ConversationView, MessageRecord } from '../../shared/index.js';
import type { Conversation } from '../store/index.js';

/**
 * Where stored things go next: the widget's sockets, the API's event streams, the bot's
 * message webhook. Everything reaches a publisher only after the store has it.
 */
export interface ConversationPublisher {
  message(conversationId: string, message: MessageRecord): void;
  /** A stored message changed (a reaction). */
  messageUpdate(conversationId: string, message: MessageRecord): void;
  /** A typing indicator until the given time, or null to hide it; `agent` when a person types. */
  typing(conversationId: string, until: string | null, agent?: AgentBadge): void;
  conversation(view: ConversationView): void;
}

/** A conversation as the widget and the event streams see it. */
export function conversationView(c: Pick<Conversation, 'id' | 'status' | 'createdAt' | 'lastSeq'>): ConversationView {
  return { id: c.id, status: c.status, createdAt: c.createdAt, lastSeq: c.lastSeq };
}

/** One publisher that hands everything to several. A sink that throws never stops the others. */
export function fanOut(sinks: ConversationPublisher[], log: (message: string, err?: unknown) => void): ConversationPublisher {
  const each = (call: (sink: ConversationPublisher) => void) => {
    for (const sink of sinks) {
      try {
        call(sink);
      } catch (err) {
        log('a message sink failed', err);
      }
    }
  };
  return {
    message: (id, m) => each((s) => s.message(id, m)),
    messageUpdate: (id, m) => each((s) => s.messageUpdate(id, m)),
    typing: (id, until, agent) => each((s) => s.typing(id, until, agent)),
    conversation: (view) => each((s) => s.conversation(view)),
  };
}
