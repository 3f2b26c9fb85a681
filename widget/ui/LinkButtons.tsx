import type { LinkButton } from '../../shared/index.js';
import { linkUrl } from '../rules/safe-url.js';
import { addChunkStyles } from './chunk-styles.js';
import type { ActionViewProps } from './action-view-props.js';
import { MarkdownText } from './MarkdownText.js';
import linkButtonCss from './link-buttons.css?inline';

addChunkStyles(linkButtonCss);

/** `buttons`: links styled as buttons that open their URL in a new tab; nothing goes back to the bot. */
export function LinkButtons({ payload }: ActionViewProps<'buttons'>) {
  return (
    <div class="choice">
      {payload.body && (
        <div class="bubble">
          <MarkdownText text={payload.body} />
        </div>
      )}
      <ul class="options list">
        {payload.buttons.map((button, index) => (
          <li key={index}>
            <LinkButtonView button={button} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The deprecated `button`: one link button. */
export function SingleLinkButton({ payload }: ActionViewProps<'button'>) {
  return <LinkButtonView button={payload} />;
}

function LinkButtonView({ button }: { button: LinkButton }) {
  const href = linkUrl(button.url, location.href);
  // A URL that is not a link (javascript:, garbage) keeps its label but goes nowhere.
  if (!href) return <span class="option link-button">{button.label}</span>;
  return (
    <a class="option link-button" href={href} target="_blank" rel="noopener noreferrer">
      {button.label}
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M14 4h6v6h-2V7.4l-7.3 7.3-1.4-1.4L16.6 6H14V4ZM5 6h6v2H6v10h10v-5h2v6a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1Z" />
      </svg>
    </a>
  );
}
