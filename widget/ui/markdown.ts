import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { embeddableUrl } from '../rules/safe-url.js';

const marked = new Marked({ gfm: true, breaks: true });

// Only what markdown makes: chat bubbles hold text, links, images, lists, code and tables.
// No media elements or srcset (sources the image rule below could not check), no class
// (bot markdown must not look like the widget's own buttons), no style, no forms.
const SANITIZE = {
  ALLOWED_TAGS: ['a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 's', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'start', 'align'],
};

// The server of the render in progress; sanitizing is synchronous, so one slot is enough.
let currentServer = '';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // Every surviving link opens in a new tab and cannot reach back into the host page.
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // Images only over https or from the Confab server; others become their alt text.
  if (node.tagName === 'IMG') {
    const src = embeddableUrl(node.getAttribute('src') ?? '', currentServer);
    if (src) node.setAttribute('src', src);
    else node.replaceWith(node.getAttribute('alt') ?? '');
  }
});

/**
 * Bot markdown to safe HTML: always marked first, then DOMPurify, never one without the
 * other. `server` is the Confab server's origin, the one plain-http image source allowed.
 */
export function renderMarkdown(markdown: string, server: string): string {
  // Fail closed: a DOM DOMPurify cannot work with gets the text escaped, not raw HTML.
  if (!DOMPurify.isSupported) return escapeHtml(markdown);
  const html = marked.parse(markdown, { async: false });
  currentServer = server;
  return DOMPurify.sanitize(html, SANITIZE);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
