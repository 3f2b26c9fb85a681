import type { BotActionPayloads, BotActionName } from '../../shared/index.js';

export interface FallbackMessageProps {
  payload: BotActionPayloads[BotActionName];
}

/** Actions without their own view yet still say something: their fallback or body text. */
export function FallbackMessage({ payload }: FallbackMessageProps) {
  const text = fallbackText(payload);
  return text ? <p class="bubble plain">{text}</p> : null;
}

export function fallbackText(payload: BotActionPayloads[BotActionName]): string {
  const { fallback, body } = payload as { fallback?: unknown; body?: unknown };
  if (typeof fallback === 'string' && fallback) return fallback;
  return typeof body === 'string' ? body : '';
}
