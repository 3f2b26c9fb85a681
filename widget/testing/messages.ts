// Builders for tests: stored messages as the server would send them.
import type { BotAction, BotMessage, MessageRecord, VisitorEvent, VisitorMessage } from '../../shared/index.js';

export const CONVERSATION_ID = 'conv-1';

export function botMessage(seq: number, packet: BotAction, id = `m${seq}`): BotMessage {
  return { id, conversationId: CONVERSATION_ID, seq, createdAt: new Date(seq * 1000).toISOString(), author: 'bot', packet };
}

export function visitorMessage(
  seq: number,
  packet: VisitorEvent,
  extra: { clientId?: string; replyTo?: string } = {},
): VisitorMessage {
  return {
    id: `m${seq}`,
    conversationId: CONVERSATION_ID,
    seq,
    createdAt: new Date(seq * 1000).toISOString(),
    author: 'visitor',
    packet,
    clientId: extra.clientId ?? `client-${seq}`,
    ...(extra.replyTo ? { replyTo: extra.replyTo } : {}),
  };
}

export function text(seq: number, body: string): BotMessage {
  return botMessage(seq, { name: 'message', payload: { body, text_format: 'markdown_v1' } });
}

export function bubbles(seq: number): BotMessage {
  return botMessage(seq, {
    name: 'bubbles',
    payload: {
      body: 'What can I help with?',
      fallback: 'Reply with: Orders, Returns',
      options: [
        { id: 'orders', label: 'Orders' },
        { id: 'returns', label: 'Returns' },
      ],
    },
  });
}

export function ids(messages: readonly MessageRecord[]): string[] {
  return messages.map((m) => m.id);
}
