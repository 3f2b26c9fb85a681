import { actionWords, hasRole, visitorWords, type MessageRecord, type SystemLineName } from '../../shared/index.js';

/** What a system line says in a text-only view (the widget says it in the visitor's language). */
const SYSTEM_LINE_TEXT: Record<SystemLineName, string> = {
  forward_group: 'Forwarded to a person',
  forward_skills: 'Forwarded to a person',
  forward_any: 'Forwarded to a person',
  abort: 'The bot stepped out',
  end: 'The conversation ended',
};

/**
 * The text of a stored message for views that show text only: the thread API (002), the API
 * channel (001) and the message webhook. A visitor's file shows its name; actions without
 * words (internal, delay) show nothing.
 */
export function messageText(m: MessageRecord): string {
  if (m.author === 'visitor') {
    const { packet } = m;
    return (packet.name === 'media' ? packet.payload.name || packet.payload.link : visitorWords(packet)) ?? '';
  }
  const { packet } = m;
  if (hasRole(packet, 'forward', 'abort', 'end')) return SYSTEM_LINE_TEXT[packet.name];
  return actionWords(packet) ?? '';
}

/** Whether a message hands the conversation to people (002 "escalated"). */
export function isEscalation(m: MessageRecord): boolean {
  return m.author !== 'visitor' && hasRole(m.packet, 'forward', 'abort');
}
