import { MAX_MESSAGE_LENGTH } from '../../shared/index.js';

export type MessageTextCheck = { body: string } | { error: 'empty' | 'too_long' };

/** The composer and window.Confab.send refuse the same texts the server would. */
export function checkMessageText(text: string): MessageTextCheck {
  const body = text.trim();
  if (!body) return { error: 'empty' };
  if (body.length > MAX_MESSAGE_LENGTH) return { error: 'too_long' };
  return { body };
}
