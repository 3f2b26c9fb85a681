import { describe, expect, it } from 'vitest';
import { createTabTitle } from './tab-title.js';

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
