import type { ComponentType } from 'preact';
import type { BotAction, BotActionName, BotActionPayloads, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../state/choices.js';
import { BubblesMessage } from './BubblesMessage.js';
import { FallbackMessage, fallbackText } from './FallbackMessage.js';
import { ListMessage } from './ListMessage.js';
import { TextMessage } from './TextMessage.js';

export interface ActionViewProps<N extends BotActionName> {
  payload: BotActionPayloads[N];
  answer: ChoiceAnswer | undefined;
  onChoose(option: ChoiceOption): void;
}

export type ActionView<N extends BotActionName> = ComponentType<ActionViewProps<N>>;

/**
 * One entry per action of the bot vocabulary, so the type checker flags a new action that
 * has no decision yet. A view renders it; FallbackMessage shows its fallback/body text until
 * it gets a view; null marks actions that are instructions, never shown to the visitor.
 */
export const ACTION_VIEWS: { [N in BotActionName]: ActionView<N> | null } = {
  message: TextMessage,
  bubbles: BubblesMessage,
  list_template: ListMessage,
  carousel: FallbackMessage,
  button_template: FallbackMessage,
  buttons: FallbackMessage,
  button: FallbackMessage,
  media: FallbackMessage,
  navigate: null,
  contact_update: null,
  conversation_update: null,
  note_create: null,
  abort: null,
  end: null,
  forward_group: null,
  forward_skills: null,
  forward_any: null,
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
  const view = viewFor(action);
  return view !== null && (view !== FallbackMessage || fallbackText(action.payload) !== '');
}
