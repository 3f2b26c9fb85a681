import { describe, expect, it } from 'vitest';
import { closeOpenSyntax, splitStable } from './stream-markdown.js';

describe('splitStable', () => {
  it.each([
    ['no blank line yet', 'Hello wor', '', 'Hello wor'],
    ['at the last blank line', 'First paragraph.\n\nSecond one.\n\nThird, half', 'First paragraph.\n\nSecond one.\n', '\nThird, half'],
    ['never inside an open fence', 'Intro.\n\n```js\nconst a = 1;\n\nconst b', 'Intro.\n', '\n```js\nconst a = 1;\n\nconst b'],
    ['after a closed fence', '```\ncode\n\nmore\n```\n\nAfter', '```\ncode\n\nmore\n```\n', '\nAfter'],
  ])('%s', (_case, text, stable, tail) => {
    expect(splitStable(text)).toEqual({ stable, tail });
    expect(stable + tail).toBe(text);
  });

  it('the stable part only grows as text is added', () => {
    const full = 'One.\n\nTwo **bold**.\n\n```\nx\n\ny\n```\n\nEnd.';
    let before = '';
    for (let i = 1; i <= full.length; i++) {
      const { stable } = splitStable(full.slice(0, i));
      expect(stable.startsWith(before)).toBe(true);
      before = stable;
    }
  });
});

describe('closeOpenSyntax', () => {
  it.each([
    ['an open code fence', 'Try:\n```js\nconst a', 'Try:\n```js\nconst a\n```'],
    ['open bold', 'This is **important', 'This is **important**'],
    ['open italics', 'This is *quite', 'This is *quite*'],
    ['an open inline code', 'Run `npm', 'Run `npm`'],
    ['half a link target', 'See [our guide](https://nor', 'See our guide'],
    ['half a link label', 'See [our gu', 'See our gu'],
    ['a marker just begun', 'Now **', 'Now '],
    ['a list is not emphasis', '* one\n* two', '* one\n* two'],
    ['finished text stays as it is', 'All **done** [here](https://x.example).', 'All **done** [here](https://x.example).'],
  ])('%s', (_case, tail, shown) => {
    expect(closeOpenSyntax(tail)).toBe(shown);
  });
});
