import { fill } from '../i18n/en.js';
import { navigationTarget } from '../page/navigate.js';
import { addChunkStyles } from './chunk-styles.js';
import type { ActionViewProps } from './action-view-props.js';
import { usePanel } from './panel-context.js';
import linkButtonCss from './link-buttons.css?inline';

addChunkStyles(linkButtonCss);

/**
 * What a navigate action did. The page itself moves (see panel.tsx) only to its own origin
 * or an allowed one; any other destination is offered as a link for the visitor to choose.
 */
export function NavigateMessage({ payload }: ActionViewProps<'navigate'>) {
  const { t, navigateOrigins } = usePanel();
  const target = navigationTarget(payload.url, location, navigateOrigins);
  if (!target) return null;
  const shown = shortUrl(target.href);
  if (target.navigate) {
    return (
      <p class="system-line">
        <a href={target.href}>{fill(t.navigated, { url: shown })}</a>
      </p>
    );
  }
  return (
    <a class="option link-button" href={target.href} target="_blank" rel="noopener noreferrer">
      {fill(t.openLink, { url: shown })}
    </a>
  );
}

function shortUrl(href: string): string {
  const url = new URL(href);
  return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
