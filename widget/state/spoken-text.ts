import type { MessageRecord } from '../../shared/index.js';

/**
 * Plain text of a message for the live region and listeners. Choice messages speak their
 * fallback, which bot authors write as plain text for channels without buttons.
 */
export function spokenText(message: MessageRecord): string {
  const { payload } = message.packet as { payload: Record<string, unknown> };
  const text = [payload.fallback, payload.body, payload.label].find((v): v is string => typeof v === 'string' && v !== '');
  // Markdown markers read badly aloud; the words are what matter.
  return (text ?? '').replace(/[*_`#>~]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}
