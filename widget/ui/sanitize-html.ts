import { MARKDOWN_POLICY } from '../rules/markdown-policy.js';
import { embeddableUrl, linkUrl } from '../rules/safe-url.js';
import { trustedHtml } from './trusted-html.js';

const HTML = 'http://www.w3.org/1999/xhtml';
const TAGS = new Set(MARKDOWN_POLICY.ALLOWED_TAGS);
const ATTRS = new Set(MARKDOWN_POLICY.ALLOWED_ATTR);
/** Gone with everything in them: code, style, frames, media and foreign content are no text to show. */
const DROP_WITH_CONTENT = new Set(
  'script style template noscript noembed noframes iframe object embed svg math title textarea select option xmp plaintext head audio video picture canvas'.split(' '),
);
// Whitespace and control characters, which a browser's URL parser strips or skips: checked without them.
const URL_NOISE = /[\u0000-\u0020\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000]/g;

/**
 * marked's HTML through the allow-list of markdown-policy.ts, by copying rather than by
 * deleting: the HTML is parsed into an inert document (DOMParser: nothing runs, nothing
 * loads), and only allowed HTML elements with allowed attributes, and text, are created anew
 * in another inert document, whose markup is the result. Nothing of the input's own nodes
 * (comments, foreign content, event handlers, namespaces) can come along, so there is no
 * deny-list to keep up to date. Other elements give their content (itself copied the same
 * way), except those whose content is no text to show. `server` is the Confab server's
 * origin, the one plain-http image source allowed.
 */
export function sanitizeHtml(html: string, server: string): string {
  const input = new DOMParser().parseFromString(trustedHtml(html), 'text/html').body;
  const output = document.implementation.createHTMLDocument('').body;
  copyChildren(input, output, server);
  return output.innerHTML;
}

function copyChildren(from: Node, to: Element, server: string): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) to.append(to.ownerDocument.createTextNode(node.nodeValue ?? ''));
    else if (node.nodeType === Node.ELEMENT_NODE) copyElement(node as Element, to, server);
  }
}

function copyElement(element: Element, to: Element, server: string): void {
  const tag = element.localName;
  if (element.namespaceURI !== HTML || !TAGS.has(tag)) {
    if (element.namespaceURI === HTML && !DROP_WITH_CONTENT.has(tag)) copyChildren(element, to, server);
    return;
  }
  const copy = to.ownerDocument.createElement(tag);
  for (const { name, value } of Array.from(element.attributes)) {
    if (ATTRS.has(name) && name !== 'href' && name !== 'src') copy.setAttribute(name, value);
  }
  if (tag === 'a') {
    // Every link is http(s), mailto or tel as the browser resolves it, opens in a new tab and
    // cannot reach back into the host page; one that is not stays as its text.
    const href = element.getAttribute('href');
    const url = href === null ? null : checkedUrl(href, (u) => linkUrl(u, document.baseURI));
    if (url) {
      copy.setAttribute('href', url);
      copy.setAttribute('target', '_blank');
      copy.setAttribute('rel', 'noopener noreferrer');
    }
  }
  if (tag === 'img') {
    // Images only over https or from the Confab server; others become their alt text. Their
    // host does not learn which page the visitor is on.
    const src = element.getAttribute('src');
    const url = src === null ? null : checkedUrl(src, (u) => embeddableUrl(u, server));
    if (!url) return void to.append(to.ownerDocument.createTextNode(element.getAttribute('alt') ?? ''));
    copy.setAttribute('src', url);
    copy.setAttribute('referrerpolicy', 'no-referrer');
    // An image its author gave no words is decoration to a screen reader, not a file name to read out.
    if (!copy.hasAttribute('alt')) copy.setAttribute('alt', '');
  }
  copyChildren(element, copy, server);
  to.append(copy);
}

function checkedUrl(value: string, check: (url: string) => string | null): string | null {
  return MARKDOWN_POLICY.ALLOWED_URI_REGEXP.test(value.replace(URL_NOISE, '')) ? check(value) : null;
}
