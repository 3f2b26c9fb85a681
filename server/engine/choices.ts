import type { BotAction } from '../../shared/index.js';
import type { ConfigButton } from './types.js';

/** 000: 1–3 buttons are quick replies, 4–10 a list menu. */
export const MAX_QUICK_REPLIES = 3;
export const MAX_BUTTONS = 10;

/** The text a channel without buttons shows: the body and a numbered list (003 "Text fallback"). */
export function textFallback(body: string, labels: readonly string[]): string {
  return [body, ...labels.map((label, i) => `${i + 1}. ${label}`)].join('\n');
}

export function textMessage(body: string): BotAction {
  return { name: 'message', payload: { body, text_format: 'markdown_v1' } };
}

/** A markdown message with the owner's buttons, as the 003 action that fits their count. */
export function messageWithButtons(body: string, buttons: readonly ConfigButton[] = []): BotAction {
  if (buttons.length === 0) return textMessage(body);
  const options = buttons.map((b) => ({ id: b.id, label: b.title }));
  const fallback = textFallback(body, options.map((o) => o.label));
  if (buttons.length <= MAX_QUICK_REPLIES) return { name: 'bubbles', payload: { body, fallback, options } };
  return { name: 'list_template', payload: { body, button: 'Choose an option', fallback, options } };
}
