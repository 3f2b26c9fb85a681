import { describe, expect, it } from 'vitest';
import { embeddableUrl, linkUrl, webUrl } from './safe-url.js';

const page = { href: 'https://shop.example.com/cart', origin: 'https://shop.example.com' };

describe('URL rules', () => {
  it('embeds media only over https or from the Confab server', () => {
    expect(embeddableUrl('https://cdn.example.com/a.png', 'http://confab.test')).toBe('https://cdn.example.com/a.png');
    expect(embeddableUrl('/uploads/a.png', 'http://confab.test')).toBe('http://confab.test/uploads/a.png');
    expect(embeddableUrl('http://cdn.example.com/a.png', 'http://confab.test')).toBeNull();
    expect(embeddableUrl('data:image/png;base64,AAAA', 'http://confab.test')).toBeNull();
    expect(embeddableUrl('javascript:alert(1)', 'http://confab.test')).toBeNull();
  });

  it('links only to http(s), mailto and tel', () => {
    expect(linkUrl('mailto:hi@example.com', page.href)).toBe('mailto:hi@example.com');
    expect(linkUrl('/help', page.href)).toBe('https://shop.example.com/help');
    expect(linkUrl('javascript:alert(1)', page.href)).toBeNull();
  });

  it("opens the owner's links only to web pages", () => {
    expect(webUrl('https://help.example.com/faq', page.href)).toBe('https://help.example.com/faq');
    expect(webUrl('http://status.example.com', page.href)).toBe('http://status.example.com/');
    expect(webUrl('mailto:hi@example.com', page.href)).toBeNull();
    expect(webUrl('javascript:alert(1)', page.href)).toBeNull();
    expect(webUrl(' JavaScript:alert(1)', page.href)).toBeNull();
    expect(webUrl('data:text/html,<script>alert(1)</script>', page.href)).toBeNull();
  });
});
