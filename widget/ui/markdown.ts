import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { MARKDOWN_POLICY } from '../rules/markdown-policy.js';
import { embeddableUrl, linkUrl } from '../rules/safe-url.js';

const marked = new Marked({ gfm: true, breaks: true });

// The server of the render in progress; sanitizing is synchronous, so one slot is enough.
let currentServer = '';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // Every surviving link is http(s), mailto or tel as the browser resolves it, opens in a new
  // tab and cannot reach back into the host page.
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    const href = linkUrl(node.getAttribute('href')!, document.baseURI);
    if (href) node.setAttribute('href', href);
    else node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // Images only over https or from the Confab server; others become their alt text. Their
  // host does not learn which page the visitor is on.
  if (node.tagName === 'IMG') {
    const src = embeddableUrl(node.getAttribute('src') ?? '', currentServer);
    if (src) {
      node.setAttribute('src', src);
      node.setAttribute('referrerpolicy', 'no-referrer');
    } else node.replaceWith(node.getAttribute('alt') ?? '');
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
  return DOMPurify.sanitize(html, MARKDOWN_POLICY);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
