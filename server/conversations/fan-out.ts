import type { ConversationPublisher } from './deliver-actions.js';

/**
 * One publisher that hands everything to several: the widget's sockets, the API's event
 * streams, the bot's message webhook. A sink that throws never stops the others.
 */
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
    typing: (id, until) => each((s) => s.typing(id, until)),
    conversation: (view) => each((s) => s.conversation(view)),
  };
}
