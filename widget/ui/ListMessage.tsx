import type { BotActionPayloads, ChoiceOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../state/choices.js';
import { ChoiceOptions } from './ChoiceOptions.js';
import { MarkdownText } from './MarkdownText.js';

export interface ListMessageProps {
  payload: BotActionPayloads['list_template'];
  answer: ChoiceAnswer | undefined;
  onChoose(option: ChoiceOption): void;
}

/** A list template, for now shown open: header, body, the options as a list, footer. */
export function ListMessage({ payload, answer, onChoose }: ListMessageProps) {
  return (
    <div class="choice">
      <div class="bubble">
        {payload.header && <p class="list-header">{payload.header}</p>}
        <MarkdownText text={payload.body} />
        {payload.footer && <p class="list-footer">{payload.footer}</p>}
      </div>
      <ChoiceOptions
        options={payload.options}
        answer={answer}
        onChoose={onChoose}
        layout="list"
        label={payload.button || 'Options'}
      />
    </div>
  );
}
