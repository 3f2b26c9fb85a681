import type { BotMessage, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';
import { viewFor } from './action-views.js';
import { usePanel } from './panel-context.js';
import { Reactions } from './Reactions.js';

export interface BotMessageViewProps {
  message: BotMessage;
  answer: ChoiceAnswer | undefined;
  onChoose(message: BotMessage, option: ChoiceOption): void;
}

/** A bot or agent message; answers in words (message actions) can be rated with a thumb up or down. */
export function BotMessageView({ message, answer, onChoose }: BotMessageViewProps) {
  const { reactions } = usePanel();
  const View = viewFor(message.packet);
  if (!View) return null;
  return (
    <>
      <View payload={message.packet.payload} message={message} answer={answer} onChoose={(option) => onChoose(message, option)} />
      {reactions && message.author !== 'system' && message.packet.name === 'message' && <Reactions message={message} />}
    </>
  );
}
