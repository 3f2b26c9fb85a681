import { Marked } from 'marked';
import { sanitizeHtml } from './sanitize-html.js';

const marked = new Marked({ gfm: true, breaks: true });

/**
 * Bot markdown to safe HTML: always marked first, then the allow-list (sanitize-html.ts),
 * never one without the other. `server` is the Confab server's origin, the one plain-http
 * image source allowed.
 */
export function renderMarkdown(markdown: string, server: string): string {
  // Fail closed: without an inert parser the text is escaped, not passed on as HTML.
  if (typeof DOMParser !== 'function') return escapeHtml(markdown);
  return sanitizeHtml(marked.parse(markdown, { async: false }), server);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
