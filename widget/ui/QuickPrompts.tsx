import type { QuickPrompt } from '../../shared/index.js';
import { linkUrl } from '../rules/safe-url.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './quick-prompts.css?inline';
import linkButtonCss from './link-buttons.css?inline';

addChunkStyles(css);
addChunkStyles(linkButtonCss);

export interface QuickPromptsProps {
  /** A plain string is a suggested question (an AI answer's follow-up): its text is sent. */
  prompts: ReadonlyArray<QuickPrompt | string>;
  /** Sends text as the visitor, like window.Confab.send. */
  onSend(text: string): void;
}

/**
 * The bot's suggested first questions, above the composer of a new conversation: a prompt
 * sends its description as the visitor's message, or opens its link in a new tab instead.
 * A link that is not one (javascript:, garbage) drops its prompt.
 */
export function QuickPrompts({ prompts, onSend }: QuickPromptsProps) {
  const { t } = usePanel();
  return (
    <ul class="options bubbles quick-prompts" aria-label={t.suggestions}>
      {prompts.map((item, index) => {
        const prompt = typeof item === 'string' ? { id: `${index}`, title: item, description: item, link: null } : item;
        const href = prompt.link === null ? null : linkUrl(prompt.link, location.href);
        if (prompt.link !== null && !href) return null;
        return (
          <li key={prompt.id}>
            {href ? (
              <a class="option link-button" href={href} target="_blank" rel="noopener noreferrer">
                <span dir="auto">{prompt.title}</span>
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M14 4h6v6h-2V7.4l-7.3 7.3-1.4-1.4L16.6 6H14V4ZM5 6h6v2H6v10h10v-5h2v6a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1Z" />
                </svg>
              </a>
            ) : (
              <button type="button" class="option" onClick={() => onSend(prompt.description || prompt.title)}>
                <span dir="auto">{prompt.title}</span>
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
