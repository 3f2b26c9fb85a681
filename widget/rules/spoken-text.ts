import type { MessageRecord } from '../../shared/index.js';
import type { Strings } from '../i18n/en.js';
import { fallbackText, isHidden, systemLineOf } from './action-kinds.js';
import { plainText } from './plain-text.js';

/**
 * Plain text of a message for the live region, the preview bubble and listeners. System lines
 * speak what they show; choice messages their fallback (see fallbackText); links and files
 * their names, never their URLs. A navigate action has no words: nothing to read or count.
 * Not actionWords: that rule (the server's text-only views) agrees with this one for text
 * messages only, and its switch would cost the open widget 0.1 KB for them.
 */
export function spokenText(message: MessageRecord, t: Strings): string {
  if (message.author === 'visitor') return '';
  const { packet } = message;
  if (isHidden(packet)) return '';
  const line = systemLineOf(packet);
  if (line) return t[line];
  let text = fallbackText(packet);
  if (!text && packet.name === 'media') text = packet.payload.name ?? t.file;
  if (!text && packet.name === 'buttons') text = packet.payload.buttons.map((b) => b.label).join(', ');
  // Markdown markers read badly aloud; the words are what matter.
  return plainText(text);
}
