import type { WidgetConfig } from '../../shared/index.js';
import { embeddableUrl, webUrl } from '../rules/safe-url.js';
import { addChunkStyles } from './chunk-styles.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';
import css from './welcome.css?inline';
import linkButtonCss from './link-buttons.css?inline';

addChunkStyles(css);
addChunkStyles(linkButtonCss);

export interface WelcomeProps {
  links?: WidgetConfig['links'];
  content?: WidgetConfig['customContent'];
}

const EXTERNAL = 'M14 4h6v6h-2V7.4l-7.3 7.3-1.4-1.4L16.6 6H14V4ZM5 6h6v2H6v10h10v-5h2v6a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1Z';

/**
 * What the owner puts at the top of every conversation (002 links and custom content): cards
 * of markdown, through the same sanitizer as the bot's messages, then the site's links, each
 * opening a web page in a new tab. A link that is not http(s) is left out, and so is an icon
 * that is not https. Its own chunk: only bots with these sections load it.
 */
export function Welcome({ links = [], content = [] }: WelcomeProps) {
  const { server } = usePanel();
  const shown = links.flatMap((link) => {
    const href = webUrl(link.url, location.href);
    return href ? [{ ...link, href, icon: link.icon ? embeddableUrl(link.icon, server) : null }] : [];
  });
  return (
    <div class="welcome">
      {content.map((block) => (
        <article key={block.id} class="welcome-card">
          {block.title && <h3 dir="auto">{block.title}</h3>}
          <MarkdownText text={block.body} />
        </article>
      ))}
      {shown.length > 0 && (
        <ul class="welcome-links">
          {shown.map((link) => (
            <li key={link.id}>
              <a class="option link-button" href={link.href} target="_blank" rel="noopener noreferrer">
                {link.icon && <img src={link.icon} alt="" />}
                <span dir="auto">{link.title}</span>
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d={EXTERNAL} />
                </svg>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
