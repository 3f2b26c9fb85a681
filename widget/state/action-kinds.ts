import type { BotAction, BotActionName } from '../../shared/index.js';
import type { StringKey } from '../i18n/en.js';

/** Instructions for the server and the bot's owner (delay works through `typing`): never shown. */
export const INTERNAL_ACTIONS: ReadonlySet<string> = new Set<BotActionName>([
  'note_create',
  'contact_update',
  'conversation_update',
  'addon_dispatch',
  'email_dispatch',
  'delay',
]);

/** Actions the visitor sees as one short, centered system line. */
export const SYSTEM_LINES = {
  forward_group: 'handover',
  forward_skills: 'handover',
  forward_any: 'handover',
  abort: 'aborted',
  end: 'ended',
} as const satisfies Partial<Record<BotActionName, StringKey>>;

export type SystemLineAction = keyof typeof SYSTEM_LINES;

export function systemLineOf(action: BotAction): StringKey | undefined {
  return Object.prototype.hasOwnProperty.call(SYSTEM_LINES, action.name) ? SYSTEM_LINES[action.name as SystemLineAction] : undefined;
}

/**
 * The text an action has for channels without rich messages: its fallback, then its body
 * or label. Unknown actions (a newer bot) are shown through this, never dropped silently.
 */
export function fallbackText(action: BotAction): string {
  const { fallback, body, label } = action.payload as { fallback?: unknown; body?: unknown; label?: unknown };
  const text = [fallback, body, label].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return text ?? '';
}
