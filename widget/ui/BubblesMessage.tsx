import type { BotActionPayloads, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';
import { ChoiceOptions } from './ChoiceOptions.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';

export interface BubblesMessageProps {
  payload: BotActionPayloads['bubbles'];
  answer: ChoiceAnswer | undefined;
  onChoose(option: ChoiceOption): void;
}

/** Quick replies: the text, then one button per option under it. */
export function BubblesMessage({ payload, answer, onChoose }: BubblesMessageProps) {
  const { t } = usePanel();
  return (
    <div class="choice">
      <div class="bubble">
        <MarkdownText text={payload.body} />
      </div>
      <ChoiceOptions options={payload.options} answer={answer} onChoose={onChoose} layout="bubbles" label={t.replies} />
    </div>
  );
}
