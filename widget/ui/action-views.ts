import type { ComponentType } from 'preact';
import type { BotAction, BotActionName, BotActionPayloads, BotMessage, ChoiceOption } from '../../shared/index.js';
import { fallbackText, INTERNAL_ACTIONS } from '../state/action-kinds.js';
import type { ChoiceAnswer } from '../state/choices.js';
import { BubblesMessage } from './BubblesMessage.js';
import { FallbackMessage } from './FallbackMessage.js';
import { lazyView, Nothing } from './lazy-view.js';
import { systemLine } from './SystemLine.js';
import { TextMessage } from './TextMessage.js';

export interface ActionViewProps<N extends BotActionName> {
  payload: BotActionPayloads[N];
  /** The stored message the action came in (list templates open a sheet for it). */
  message: BotMessage;
  answer: ChoiceAnswer | undefined;
  onChoose(option: ChoiceOption): void;
}

export type ActionView<N extends BotActionName> = ComponentType<ActionViewProps<N>>;

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

const handover = systemLine('handover');

/**
 * One entry per action of the bot vocabulary, so the type checker flags a new action that
 * has no decision yet (and action-views.test.ts checks it at run time). null marks the
 * instructions that are never shown to the visitor (INTERNAL_ACTIONS).
 */
export const ACTION_VIEWS: { [N in BotActionName]: ActionView<N> | null } = {
  message: TextMessage,
  bubbles: BubblesMessage,
  carousel: CarouselMessage,
  button_template: ButtonTemplateMessage,
  list_template: ListMessage,
  buttons: LinkButtons,
  button: SingleLinkButton,
  media: MediaMessage,
  navigate: NavigateMessage,
  forward_group: handover,
  forward_skills: handover,
  forward_any: handover,
  abort: systemLine('aborted'),
  end: systemLine('ended'),
  contact_update: null,
  conversation_update: null,
  note_create: null,
  delay: null,
  addon_dispatch: null,
  email_dispatch: null,
};

/** The view of an action; a name this widget does not know yet falls back to its text. */
export function viewFor(action: BotAction): ActionView<BotActionName> | null {
  const known = Object.prototype.hasOwnProperty.call(ACTION_VIEWS, action.name);
  // The map is keyed by the action's own name, so its view takes this action's payload.
  return (known ? ACTION_VIEWS[action.name] : FallbackMessage) as ActionView<BotActionName> | null;
}

/** Whether the action puts anything on screen (no empty rows for instructions or blank fallbacks). */
export function isShown(action: BotAction): boolean {
  if (INTERNAL_ACTIONS.has(action.name)) return false;
  const view = viewFor(action);
  return view !== null && (view !== FallbackMessage || fallbackText(action) !== '');
}
