import { describe, expect, it, vi } from 'vitest';
import { botMessage, text, visitorMessage } from '../testing/messages.js';
import { followNavigate, navigationTarget } from './navigate.js';
import { embeddableUrl, linkUrl } from './safe-url.js';
import { createTabTitle } from './tab-title.js';
import { endsRun } from './time-format.js';
import { unreadMessages } from './unread.js';
import { acceptsType, formatBytes, uploadProblem } from './upload-check.js';
import { en } from '../i18n/en.js';
import { pickLocale } from '../i18n/locale.js';

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

  it("navigates to the page's own origin and to allowed ones; others are links", () => {
    expect(navigationTarget('/pricing', page, [])).toEqual({ href: 'https://shop.example.com/pricing', navigate: true });
    expect(navigationTarget('https://docs.example.com/a', page, ['https://docs.example.com'])?.navigate).toBe(true);
    expect(navigationTarget('https://evil.example/a', page, ['https://docs.example.com'])?.navigate).toBe(false);
    expect(navigationTarget('javascript:alert(1)', page, [])).toBeNull();
  });

  it('follows a navigate action only when allowed and the tab is visible', () => {
    const assign = vi.fn<(url: string) => void>();
    expect(followNavigate('/pricing', [], { ...page, assign }, () => true)).toBe(true);
    expect(assign).toHaveBeenCalledWith('https://shop.example.com/pricing');
    expect(followNavigate('https://evil.example/', [], { ...page, assign }, () => true)).toBe(false);
    expect(followNavigate('/pricing', [], { ...page, assign }, () => false)).toBe(false);
    expect(assign).toHaveBeenCalledOnce();
  });
});

describe('tab title', () => {
  it('prefixes the count, follows title changes of the page, and restores', () => {
    const doc = { title: 'Shop' };
    const title = createTabTitle(doc);
    title.show(2);
    expect(doc.title).toBe('(2) Shop');
    title.show(3);
    expect(doc.title).toBe('(3) Shop');
    doc.title = 'Cart'; // the SPA moved on
    title.show(3);
    expect(doc.title).toBe('(3) Cart');
    title.clear();
    expect(doc.title).toBe('Cart');
  });

  it('leaves a title the page set after the count alone', () => {
    const doc = { title: 'Shop' };
    const title = createTabTitle(doc);
    title.show(1);
    doc.title = 'Checkout';
    title.clear();
    expect(doc.title).toBe('Checkout');
  });
});

describe('unread messages', () => {
  const messages = [
    text(1, 'Hi'),
    visitorMessage(2, { name: 'message', payload: { body: 'hello' } }),
    text(3, 'Answer'),
    botMessage(4, { name: 'note_create', payload: { body: 'internal' } }),
    botMessage(5, { name: 'end', payload: {} }),
  ];

  it('counts shown bot messages after the seen mark of their conversation', () => {
    expect(unreadMessages(messages, null).map((m) => m.seq)).toEqual([1, 3, 5]);
    expect(unreadMessages(messages, { conversationId: 'conv-1', seq: 3 }).map((m) => m.seq)).toEqual([5]);
    // A mark of another conversation says nothing about this one.
    expect(unreadMessages(messages, { conversationId: 'other', seq: 99 })).toHaveLength(3);
  });
});

describe('times', () => {
  it('ends a run at a change of side or a gap of more than five minutes', () => {
    const at = (seq: number, minute: number, visitor = false) => ({
      ...(visitor ? visitorMessage(seq, { name: 'message', payload: { body: 'x' } }) : text(seq, 'x')),
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
    });
    const list = [at(1, 0), at(2, 1), at(3, 10), at(4, 11, true)];
    expect(list.map((_, i) => endsRun(list, i))).toEqual([false, true, true, true]);
  });
});

describe('upload checks', () => {
  const limits = { maxBytes: 2_000_000, types: ['image/*', 'application/pdf'] };
  const file = (size: number, type: string, name = 'f') => new File([new Uint8Array(size)], name, { type });

  it('accepts exact types and families', () => {
    expect(acceptsType(limits.types, 'image/png')).toBe(true);
    expect(acceptsType(limits.types, 'application/pdf')).toBe(true);
    expect(acceptsType(limits.types, 'text/html')).toBe(false);
  });

  it("says why a file cannot be sent, in the visitor's language and units", () => {
    expect(uploadProblem(file(10, 'image/png'), limits, en, 'en')).toBeNull();
    expect(uploadProblem(file(2_000_001, 'image/png', 'big.png'), limits, en, 'en')).toBe('big.png is larger than 2 MB.');
    expect(uploadProblem(file(10, 'text/html', 'page.html'), limits, en, 'en')).toMatch(/page\.html cannot be sent/);
    expect(formatBytes(1_500_000, 'de')).toBe('1,5 MB');
  });
});

describe('locale', () => {
  it('takes data-locale first, then the browser languages, then English', () => {
    expect(pickLocale('ar-EG', ['en-US'])).toEqual({ tag: 'ar-EG', language: 'ar', dir: 'rtl' });
    expect(pickLocale(undefined, ['it-IT', 'fr-CH'])).toEqual({ tag: 'fr-CH', language: 'fr', dir: 'ltr' });
    expect(pickLocale('ja', ['de-DE'])).toEqual({ tag: 'ja', language: 'en', dir: 'ltr' });
    expect(pickLocale(undefined, [])).toEqual({ tag: 'en', language: 'en', dir: 'ltr' });
  });
});
