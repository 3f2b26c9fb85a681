/**
 * What the sanitizer keeps of a bot's markdown, as data (widget/ui/sanitize-html.ts applies it). Only
 * what markdown makes: text, links, images, lists, quotes, code, tables, headings. Left out on
 * purpose: media elements, `<source>` and `srcset` (sources the image rule could not check),
 * `background`, `poster`; `class`, `id`, `style`, `data-*` and `aria-*` (bot text must not
 * dress up as the widget's own buttons, clobber its names or relabel it for screen readers);
 * forms and their inputs. Links may only be http(s), mailto or tel.
 */
export const MARKDOWN_POLICY = {
  ALLOWED_TAGS: ['a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 's', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'start', 'align'],
  // Implied by ALLOWED_ATTR (nothing else is copied), and stated for the policy's own test.
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // A scheme is http(s), mailto or tel; anything without one is relative (checked again after).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};
