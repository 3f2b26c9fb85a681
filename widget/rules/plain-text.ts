/** Markdown to words for places that show or speak plain text (live region, preview bubble). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether marked would make nothing of a text but one paragraph of the same words: no
 * markdown or HTML characters, no line breaks, no list or quote at the start, nothing GFM
 * turns into a link. Such text is shown as text, without loading the markdown chunk.
 */
export function isPlainText(text: string): boolean {
  return !/[*_`~[\]<>#|\\&@\n\r]|:\/\/|www\.|^\s|\s$|^([-+=]|\d+[.)])/i.test(text);
}
