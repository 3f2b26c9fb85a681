import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

const SERVER = 'http://confab.test';
const render = (markdown: string) => renderMarkdown(markdown, SERVER);

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    expect(render('**bold** and _soft_')).toContain('<strong>bold</strong>');
  });

  it('strips scripts and event handlers', () => {
    const html = render('hi <img src=x onerror="alert(1)"> <script>alert(2)</script>');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('alert(2)');
  });

  // One case per input, so a failure names it; sanitize-html.test.ts mixes them at random and
  // test/browser proves it in Chromium.
  it('drops style sheets, style attributes and forms', () => {
    expect(render('<p style="color:red">x</p>')).not.toContain('style=');
    expect(render('<style>*{display:none}</style>')).not.toContain('<style');
    expect(render('<form action="https://evil.example">Pay</form>')).not.toContain('<form');
  });

  it('drops javascript: links', () => {
    expect(render('[x](javascript:alert(1))')).not.toContain('javascript:');
  });

  it('opens links in a new tab without an opener', () => {
    const html = render('[docs](https://example.com)');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('keeps images over https and from the Confab server', () => {
    expect(render('![latte](https://cdn.example.com/latte.png)')).toContain('src="https://cdn.example.com/latte.png"');
    expect(render('![menu](http://confab.test/menu.png)')).toContain('src="http://confab.test/menu.png"');
    expect(render('![menu](/menu.png)')).toContain('src="http://confab.test/menu.png"');
  });

  it('turns images from anywhere else into their alt text', () => {
    const html = render('![tracking pixel](http://tracker.example.com/p.gif)');
    expect(html).not.toContain('<img');
    expect(html).toContain('tracking pixel');
    expect(render('![inline](data:image/png;base64,AAAA)')).not.toContain('<img');
  });

  it.each([
    ['srcset over plain http', '<img src="https://cdn.example.com/a.png" srcset="http://tracker.example.com/p.gif 2x" alt="a">', /srcset|tracker/],
    ['a video with a poster', '<video src="http://tracker.example.com/v.mp4" poster="http://tracker.example.com/p.gif"></video>', /<video|poster|tracker/],
    ['audio with a <source>', '<audio><source src="http://tracker.example.com/a.mp3"></audio>', /<audio|<source|tracker/],
    ['a background attribute', '<table background="http://tracker.example.com/bg.gif"><tr><td>x</td></tr></table>', /background|tracker/],
    ['a class that looks like the widget', '<a class="quick-reply primary" href="https://example.com">Pay now</a>', /class=/],
  ])('drops %s', (_case, markdown, forbidden) => {
    expect(render(markdown)).not.toMatch(forbidden);
  });

  it.each([
    ['data-* attributes', '<a data-action="pay" href="https://example.com">x</a>', /data-/],
    ['aria-* attributes', '<a aria-label="Close chat" href="https://example.com">x</a>', /aria-/],
    ['ids and names that could clobber the widget’s', '<a id="composer" name="send" href="https://example.com">x</a>', /id=|name=/],
    ['links to other schemes', '[files](ftp://example.com/f) [text](sms:+4930123) [chat](xmpp:a@example.com)', /href/],
  ])('drops %s', (_case, markdown, forbidden) => {
    expect(render(markdown)).not.toMatch(forbidden);
  });

  it('keeps http(s), mailto and tel links, each resolved as the browser would', () => {
    const html = render('[a](http://example.com/a) [b](mailto:hi@example.com) [c](tel:+4930123) [d](/pricing)');
    for (const href of ['http://example.com/a', 'mailto:hi@example.com', 'tel:+4930123', new URL('/pricing', document.baseURI).href]) {
      expect(html).toContain(`href="${href}"`);
    }
  });

  it('loads images without telling their host which page the visitor is on', () => {
    expect(render('![latte](https://cdn.example.com/latte.png)')).toContain('referrerpolicy="no-referrer"');
  });

  it('keeps what markdown makes: lists, code, quotes, tables, headings', () => {
    const html = render('# Title\n\n1. one\n2. two\n\n> quoted\n\n`code`\n\n| a | b |\n|:--|--:|\n| 1 | 2 |');
    for (const tag of ['<h1>', '<ol>', '<li>', '<blockquote>', '<code>', '<table>', '<th', '<td']) expect(html, tag).toContain(tag);
  });
});
