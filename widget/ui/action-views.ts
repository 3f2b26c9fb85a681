import type { ActionNameOf, ActionRole, BotAction, BotActionName } from '../../shared/index.js';
import { fallbackText, isHidden, systemLineOf } from '../rules/action-kinds.js';
import type { ActionView, ActionViewProps } from './action-view-props.js';
import { BubblesMessage } from './BubblesMessage.js';
import { FallbackMessage } from './FallbackMessage.js';
import { lazyView, Nothing } from './lazy-view.js';
import { SystemLine } from './SystemLine.js';
import { TextMessage } from './TextMessage.js';

// Everything but text and quick replies is its own chunk, so the panel every visitor loads
// stays small; the fallback text shows for the moment a chunk takes to arrive.
const CarouselMessage = lazyView<ActionViewProps<'carousel'>>(
  () => import('./CarouselMessage.js').then((m) => m.CarouselMessage),
  FallbackMessage,
);
const ButtonTemplateMessage = lazyView<ActionViewProps<'button_template'>>(
  () => import('./ButtonTemplateMessage.js').then((m) => m.ButtonTemplateMessage),
  FallbackMessage,
);

const ListMessage = lazyView<ActionViewProps<'list_template'>>(
  () => import('./ListMessage.js').then((m) => m.ListMessage),
  FallbackMessage,
);
const LinkButtons = lazyView<ActionViewProps<'buttons'>>(
  () => import('./LinkButtons.js').then((m) => m.LinkButtons),
  FallbackMessage,
);
const SingleLinkButton = lazyView<ActionViewProps<'button'>>(
  () => import('./LinkButtons.js').then((m) => m.SingleLinkButton),
  FallbackMessage,
);
const NavigateMessage = lazyView<ActionViewProps<'navigate'>>(
  () => import('./NavigateMessage.js').then((m) => m.NavigateMessage),
  Nothing,
);
const MediaMessage = lazyView<ActionViewProps<'media'>>(() => import('./MediaMessage.js').then((m) => m.MediaMessage), Nothing);

/** Roles with no view of their own: one system line (forward, abort, end) or nothing (internal, timing). */
type ViewlessRole = 'forward' | 'abort' | 'end' | 'internal' | 'timing';

/** Actions with a view of their own: those of every other role, so a new role needs views here. */
export type ViewedActionName = ActionNameOf<Exclude<ActionRole, ViewlessRole>>;

/**
 * One entry per action with a view of its own, so the type checker flags a new one that has
 * no view yet (and action-views.test.ts checks it at run time, for every role).
 */
export const ACTION_VIEWS: { [N in ViewedActionName]: ActionView<N> } = {
  message: TextMessage,
  bubbles: BubblesMessage,
  carousel: CarouselMessage,
  button_template: ButtonTemplateMessage,
  list_template: ListMessage,
  buttons: LinkButtons,
  button: SingleLinkButton,
  media: MediaMessage,
  navigate: NavigateMessage,
};

/**
 * The view of an action: null for those never shown, one system line for a handover or the
 * end; a name this widget does not know yet falls back to its text.
 */
export function viewFor(action: BotAction): ActionView<BotActionName> | null {
  // Picked by the action's role or own name, so each view takes this action's payload.
  if (isHidden(action)) return null;
  if (systemLineOf(action)) return SystemLine as ActionView<BotActionName>;
  const known = Object.prototype.hasOwnProperty.call(ACTION_VIEWS, action.name);
  return (known ? ACTION_VIEWS[action.name as ViewedActionName] : FallbackMessage) as ActionView<BotActionName>;
}

/** Whether the action puts anything on screen (no empty rows for instructions or blank fallbacks). */
export function isShown(action: BotAction): boolean {
  const view = viewFor(action);
  return view !== null && (view !== FallbackMessage || fallbackText(action) !== '');
}
