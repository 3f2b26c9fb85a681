import { describe, expect, it, vi } from 'vitest';
import { followNavigate, navigationTarget } from './navigate.js';

const page = { href: 'https://shop.example.com/cart', origin: 'https://shop.example.com' };

describe('navigate', () => {
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
