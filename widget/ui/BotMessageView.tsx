import type { BotMessage, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../state/choices.js';
import { viewFor } from './action-views.js';

export interface BotMessageViewProps {
  message: BotMessage;
  answer: ChoiceAnswer | undefined;
  onChoose(message: BotMessage, option: ChoiceOption): void;
}

export function BotMessageView({ message, answer, onChoose }: BotMessageViewProps) {
  const View = viewFor(message.packet);
  if (!View) return null;
  return (
    <View payload={message.packet.payload} message={message} answer={answer} onChoose={(option) => onChoose(message, option)} />
  );
}
