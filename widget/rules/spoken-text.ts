import { hasRole, type BotAction, type MessageRecord } from '../../shared/index.js';
import type { Strings } from '../i18n/en.js';
import { fallbackText, isHidden, systemLineOf } from './action-kinds.js';
import { plainText } from './plain-text.js';

/**
 * Plain text of a message for the live region, the preview bubble and listeners. System lines
 * speak what they show; everything else its words, without markdown markers.
 */
export function spokenText(message: MessageRecord, t: Strings): string {
  if (message.author === 'visitor') return '';
  const { packet } = message;
  const line = systemLineOf(packet);
  if (line) return t[line];
  // Markdown markers read badly aloud; the words are what matter.
  return plainText(wordsOf(packet, t));
}

function wordsOf(action: BotAction, t: Strings): string {
  // A navigate action moves the page or shows a link: nothing to read, nothing unread.
  if (isHidden(action) || hasRole(action, 'navigate')) return '';
  // What actionWords says of it too; spelled out, its switch would cost the open widget 0.1 KB.
  if (hasRole(action, 'say')) return action.payload.body;
  // Links and files by their names, never by their URLs (which text-only views show).
  if (action.name === 'media') return action.payload.name ?? t.file;
  if (action.name === 'buttons') return fallbackText(action) || action.payload.buttons.map((b) => b.label).join(', ');
  // Choice messages speak their fallback (see fallbackText), as do a newer bot's actions.
  return fallbackText(action);
}
