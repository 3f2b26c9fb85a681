import type { MessageRecord } from '../../shared/index.js';

/** A message's time in the visitor's locale ("14:05", "2:05 PM", "١٤:٠٥"). */
export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  } catch {
    return date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }); // a malformed locale tag
  }
}

/** Runs of messages within this gap from the same side share one time, under the last. */
const RUN_GAP_MS = 5 * 60_000;

/** Whether the message at `index` ends a run: the next one is from the other side, or much later, or there is none. */
export function endsRun(messages: readonly MessageRecord[], index: number): boolean {
  const message = messages[index];
  const next = messages[index + 1];
  if (!message || !next) return true;
  const side = (m: MessageRecord): boolean => m.author === 'visitor';
  return side(message) !== side(next) || Date.parse(next.createdAt) - Date.parse(message.createdAt) > RUN_GAP_MS;
}
