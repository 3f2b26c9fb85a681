import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: true });

const SANITIZE = {
  USE_PROFILES: { html: true },
  // Chat bubbles hold text, links and images: no forms to phish with, no <style> to restyle
  // the widget, no style attributes (a strict CSP would refuse them anyway).
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
  FORBID_ATTR: ['style'],
};

// Every surviving link opens in a new tab and cannot reach back into the host page.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Bot markdown to safe HTML: always marked first, then DOMPurify, never one without the other. */
export function renderMarkdown(markdown: string): string {
  // Fail closed: a DOM DOMPurify cannot work with gets the text escaped, not raw HTML.
  if (!DOMPurify.isSupported) return escapeHtml(markdown);
  const html = marked.parse(markdown, { async: false });
  return DOMPurify.sanitize(html, SANITIZE);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
