import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStyleSheets } from './style-sheets.js';

function shadowRoot(): ShadowRoot {
  const host = document.createElement('div');
  document.body.append(host);
  return host.attachShadow({ mode: 'open' });
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('style sheets of the shadow root', () => {
  it('keeps the order: component sheets, the theme, then the page\'s custom CSS', () => {
    const root = shadowRoot();
    const sheets = createStyleSheets(root, '.custom{}', undefined);
    sheets.add('.launcher{}');
    sheets.setTheme(':host{--a:1}');
    sheets.add('.panel{}');
    sheets.setTheme(':host{--a:2}');
    const texts = root.adoptedStyleSheets.map((s) => Array.from(s.cssRules, (r) => r.cssText).join(''));
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain('.launcher');
    expect(texts[1]).toContain('.panel');
    expect(texts[2]).toContain('--a: 2');
    expect(texts[3]).toContain('.custom');
  });

  it('uses <style nonce> elements, in the same order, without constructable stylesheets', () => {
    const root = shadowRoot();
    // Safari before 16.4: no adoptedStyleSheets. Removed from the prototype that has it, for this test.
    let owner: object | null = root;
    while (owner && !Object.prototype.hasOwnProperty.call(owner, 'adoptedStyleSheets')) owner = Object.getPrototypeOf(owner);
    const descriptor = Object.getOwnPropertyDescriptor(owner!, 'adoptedStyleSheets')!;
    delete (owner as Record<string, unknown>).adoptedStyleSheets;
    try {
      const sheets = createStyleSheets(root, '.custom{}', 'n0nce');
      sheets.add('.launcher{}');
      sheets.setTheme(':host{--a:1}');
      sheets.add('.panel{}');
      sheets.setTheme(':host{--a:2}');
      const styles = Array.from(root.querySelectorAll('style'));
      expect(styles.map((s) => s.textContent)).toEqual(['.launcher{}', '.panel{}', ':host{--a:2}', '.custom{}']);
      expect(styles.every((s) => s.nonce === 'n0nce')).toBe(true);
    } finally {
      Object.defineProperty(owner!, 'adoptedStyleSheets', descriptor);
    }
  });
});
