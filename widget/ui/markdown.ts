import { Marked } from 'marked';
import { sanitizeHtml } from './sanitize-html.js';
import { trustedHtml } from './trusted-html.js';

const marked = new Marked({ gfm: true, breaks: true });

/**
 * Bot markdown to safe HTML: always marked first, then the allow-list (sanitize-html.ts),
 * never one without the other. `server` is the Confab server's origin, the one plain-http
 * image source allowed. Throws where the page enforces Trusted Types without allowing the
 * widget's policy (trusted-html.ts): the caller shows the text as text.
 */
export function renderMarkdown(markdown: string, server: string): string {
  // Fail closed: without an inert parser the text is escaped, not passed on as HTML.
  if (typeof DOMParser !== 'function') return trustedHtml(escapeHtml(markdown));
  return trustedHtml(sanitizeHtml(marked.parse(markdown, { async: false }), server));
}

/** Once the page's Trusted Types refused the widget's HTML, they refuse it for good: not asked again (each refusal is a report to the site). */
let refused = false;

/** renderMarkdown, or undefined where the page's Trusted Types refuse the widget's HTML (a TypeError): then the text shows as text. */
export function markdownHtml(markdown: string, server: string): string | undefined {
  if (refused) return undefined;
  try {
    return renderMarkdown(markdown, server);
  } catch (err) {
    if (!(err instanceof TypeError) || !trustedTypesEnforced()) throw err;
    refused = true;
    return undefined;
  }
}

/** Whether the page refuses HTML strings: a Trusted Types sink given one throws. */
function trustedTypesEnforced(): boolean {
  if (!('trustedTypes' in globalThis)) return false;
  try {
    document.createElement('template').innerHTML = '';
    return false;
  } catch {
    return true;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
