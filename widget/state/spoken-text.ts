import type { MessageRecord } from '../../shared/index.js';
import type { Strings } from '../i18n/en.js';
import { fallbackText, INTERNAL_ACTIONS, systemLineOf } from './action-kinds.js';
import { plainText } from './plain-text.js';

/**
 * Plain text of a message for the live region, the preview bubble and listeners. Choice
 * messages speak their fallback, which bot authors write as plain text for channels
 * without buttons; system lines speak what they show.
 */
export function spokenText(message: MessageRecord, t: Strings): string {
  if (message.author === 'visitor') return '';
  const { packet } = message;
  if (INTERNAL_ACTIONS.has(packet.name)) return '';
  const line = systemLineOf(packet);
  if (line) return t[line];
  let text = fallbackText(packet);
  if (!text && packet.name === 'media') text = packet.payload.name ?? t.file;
  if (!text && packet.name === 'buttons') text = packet.payload.buttons.map((b) => b.label).join(', ');
  // Markdown markers read badly aloud; the words are what matter.
  return plainText(text);
}
