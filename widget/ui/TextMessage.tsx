import type { ActionViewProps } from './action-view-props.js';
import { lazyView, Nothing } from './lazy-view.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';
import type { InlineFormProps } from './InlineForm.js';
import type { SourceListProps } from './SourceList.js';

const SourceList = lazyView<SourceListProps>(() => import('./SourceList.js').then((m) => m.SourceList), Nothing);
// Only flows with a whatsapp_flow step send a form.
const InlineForm = lazyView<InlineFormProps>(() => import('./InlineForm.js').then((m) => m.InlineForm), Nothing);

/**
 * Markdown unless the bot says plain: 003 bots send markdown_v1. The text inside the bubble
 * takes its own direction (dir="auto"), so English reads right in an Arabic panel too. The
 * sources of an answer, when it has any, go under it.
 */
export function TextMessage({ payload, message, answer }: ActionViewProps<'message'>) {
  const { t, actions } = usePanel();
  const finish = payload.ai?.finish;
  const text =
    payload.text_format === 'plain' ? (
      <p class="bubble plain">
        <span dir="auto">{payload.body}</span>
      </p>
    ) : (
      <div class="bubble">
        <MarkdownText text={payload.body} />
      </div>
    );
  // An AI answer the visitor stopped, or that the provider cut off, says so under its text.
  const bubble =
    finish && finish !== 'complete' ? (
      <>
        {text}
        <p class="answer-note">{finish === 'cut' ? t.answerCut : t.answerStopped}</p>
      </>
    ) : (
      text
    );
  // A form stays open until it is answered (a reply naming this message).
  if (payload.form && answer === undefined) {
    return (
      <>
        {bubble}
        <InlineForm form={payload.form} onSubmit={(values) => actions.sendForm(message, values)} />
      </>
    );
  }
  if (!payload.sources?.length) return bubble;
  return (
    <>
      {bubble}
      <SourceList sources={payload.sources} id={message.id} />
    </>
  );
}
