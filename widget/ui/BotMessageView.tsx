import type { BotMessage } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';
import { viewFor } from './action-views.js';
import { usePanel } from './panel-context.js';
import { Reactions } from './Reactions.js';

export interface BotMessageViewProps {
  message: BotMessage;
  answer: ChoiceAnswer | undefined;
}

/** A bot or agent message; answers in words (message actions) can be rated with a thumb up or down. */
export function BotMessageView({ message, answer }: BotMessageViewProps) {
  const { reactions, actions } = usePanel();
  const View = viewFor(message.packet);
  if (!View) return null;
  return (
    <>
      <View payload={message.packet.payload} message={message} answer={answer} onChoose={(option) => actions.choose(message, option)} />
      {reactions && message.author !== 'system' && message.packet.name === 'message' && <Reactions message={message} />}
    </>
  );
}
