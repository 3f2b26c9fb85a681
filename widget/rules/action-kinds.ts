import { hasRole, type BotAction, type SystemLineName } from '../../shared/index.js';
import type { StringKey } from '../i18n/en.js';

/**
 * Instructions for the server and the bot's owner, and delay (which works through `typing`):
 * never shown. Names a newer bot sends have no role, so they are not hidden.
 */
export function isHidden(action: BotAction): boolean {
  return hasRole(action, 'internal', 'timing');
}

/** What the visitor reads in the one short, centered line shown for a handover or the end. */
const SYSTEM_LINES: Record<SystemLineName, StringKey> = {
  forward_group: 'handover',
  forward_skills: 'handover',
  forward_any: 'handover',
  abort: 'aborted',
  end: 'ended',
};

export function systemLineOf(action: BotAction): StringKey | undefined {
  return hasRole(action, 'forward', 'abort', 'end') ? SYSTEM_LINES[action.name] : undefined;
}

/**
 * The text an action has for channels without rich messages: its fallback, then its body or
 * label. Fallback first, where the text-only views of the server (actionWords) put the body
 * first: bot authors write a choice's fallback as plain text that stands for the buttons,
 * which is what a visitor should read while a view loads and hear in place of the buttons.
 * Unknown actions (a newer bot) are shown through this, never dropped silently.
 */
export function fallbackText(action: BotAction): string {
  const { fallback, body, label } = action.payload as { fallback?: unknown; body?: unknown; label?: unknown };
  const text = [fallback, body, label].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return text ?? '';
}
