import type { ActionViewProps } from './action-view-props.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';

/**
 * A list template: header, body, footer and a button that opens the selection sheet
 * (ListSheet, its own chunk). Once answered the button shows the choice, disabled.
 */
export function ListMessage({ payload, message, answer }: ActionViewProps<'list_template'>) {
  const { showList } = usePanel();
  const answered = answer !== undefined;
  return (
    <div class="choice">
      <div class="bubble">
        {payload.header && <p class="list-header">{payload.header}</p>}
        <MarkdownText text={payload.body} />
        {payload.footer && <p class="list-footer">{payload.footer}</p>}
      </div>
      <button
        type="button"
        class={answer ? 'option list-open chosen' : 'option list-open'}
        disabled={answered}
        aria-haspopup="dialog"
        onClick={(event) => showList(message, event.currentTarget)}
      >
        <span class="option-label">{answer ? answer.label : payload.button}</span>
      </button>
    </div>
  );
}
