import type { ComponentType } from 'preact';
import type { BotActionName, BotActionPayloads, BotMessage, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';

/** What every action view gets from BotMessageView (its own file: the views and the map both import it). */
export interface ActionViewProps<N extends BotActionName> {
  payload: BotActionPayloads[N];
  /** The stored message the action came in (list templates open a sheet for it). */
  message: BotMessage;
  answer: ChoiceAnswer | undefined;
  /** Answers this message with one of its options (ChatActions.choose, bound to the message). */
  onChoose(option: ChoiceOption): void;
}

export type ActionView<N extends BotActionName> = ComponentType<ActionViewProps<N>>;
