import { MAX_TEMPLATE_OPTIONS, type TemplateHeader } from '../../shared/index.js';
import type { ActionViewProps } from './action-view-props.js';
import css from './button-template.css?inline';
import { addChunkStyles } from './chunk-styles.js';
import { ChoiceOptions } from './ChoiceOptions.js';
import { MarkdownText } from './MarkdownText.js';
import { MediaContent } from './MediaContent.js';
import { usePanel } from './panel-context.js';

addChunkStyles(css);

/**
 * A card: optional header (text, image, video or document), body, optional footer, up to three
 * buttons (003's limit, which the server enforces; the cap here is only defensive).
 */
export function ButtonTemplateMessage({ payload, answer, onChoose }: ActionViewProps<'button_template'>) {
  const { t } = usePanel();
  return (
    <div class="choice template">
      <div class="bubble">
        {payload.header && <Header header={payload.header} />}
        <MarkdownText text={payload.body} />
        {payload.footer && <p class="list-footer">{payload.footer}</p>}
      </div>
      <ChoiceOptions options={payload.options.slice(0, MAX_TEMPLATE_OPTIONS)} answer={answer} onChoose={onChoose} layout="list" label={t.options} />
    </div>
  );
}

function Header({ header }: { header: TemplateHeader }) {
  if (header.type === 'text') return <p class="list-header">{header.text}</p>;
  const type = header.type === 'document' ? 'file' : header.type;
  return (
    <div class="template-media">
      <MediaContent link={header.link} type={type} />
    </div>
  );
}
