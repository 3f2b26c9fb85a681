import type { BotAction, BotActionName } from '../../shared/index.js';
import { fallbackText } from '../rules/action-kinds.js';
import type { ActionViewProps } from './action-view-props.js';

/** An action this widget has no view for (a newer bot) still says something: its fallback or body text. */
export function FallbackMessage({ payload }: ActionViewProps<BotActionName>) {
  const text = fallbackText({ name: 'message', payload } as BotAction);
  return text ? (
    <p class="bubble plain">
      <span dir="auto">{text}</span>
    </p>
  ) : null;
}
