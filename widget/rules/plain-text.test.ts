import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { isPlainText } from './plain-text.js';

// The widget's own marked settings (ui/markdown.ts).
const marked = new Marked({ gfm: true, breaks: true });

describe('isPlainText', () => {
  const plain = [
    'Hello! Welcome to our support. How can I help you?',
    'Your order ships on Monday, 3 March.',
    'Costs 20 % less (until Friday); ask us anything',
    "It's 10:30 - see you soon",
    'Ça marche, très bien. Ich grüße Sie. 你好',
  ];
  it.each(plain)('is true for text marked makes one paragraph of: %s', (text) => {
    expect(isPlainText(text)).toBe(true);
    expect(marked.parse(text, { async: false })).toBe(`<p>${text.replace(/'/g, '&#39;')}</p>\n`);
  });

  it.each([
    '**bold**',
    'a_b_c',
    'see `code`',
    '~~gone~~',
    '[link](https://example.com)',
    'visit https://example.com',
    'visit www.example.com',
    'write to ada@example.com',
    '<b>html</b>',
    '# heading',
    '| a | b |',
    '![img](x.png)',
    'a \\* b',
    'Tom &amp; Jerry',
    'line one\nline two',
    '- item',
    '+ item',
    '1. first',
    '2) second',
    '> quoted',
    '    indented code',
    '=== setext',
  ])('is false for what marked could change: %s', (text) => {
    expect(isPlainText(text)).toBe(false);
  });
});
