import type { ActionViewProps } from './action-view-props.js';
import { ChoiceOptions } from './ChoiceOptions.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';

/** Quick replies: the text, then one button per option under it. */
export function BubblesMessage({ payload, answer, onChoose }: ActionViewProps<'bubbles'>) {
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
