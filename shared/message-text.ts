import { MAX_MESSAGE_LENGTH } from './limits.js';

export type MessageTextCheck = { body: string } | { error: 'empty' | 'too_long' };

/**
 * The rule for the text of a message, on every channel: trimmed, not empty, at most
 * MAX_MESSAGE_LENGTH characters. The server's conversation service applies it to every
 * message that reaches it; the widget applies it first, to answer without a round trip.
 */
export function checkMessageText(text: string): MessageTextCheck {
  const body = text.trim();
  if (!body) return { error: 'empty' };
  if (body.length > MAX_MESSAGE_LENGTH) return { error: 'too_long' };
  return { body };
}
