import { describe, expect, it } from 'vitest';
import { contrast, inkOn, parseColor, readableOn, WHITE, type Rgb } from './contrast.js';
import { DARK_BACKGROUND, themeCss } from './theme.js';

const hex = (value: string): Rgb => parseColor(value)!;
const declared = (css: string, property: string) => new RegExp(`${property}:([^;}]+)`).exec(css)?.[1];

describe('contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast(WHITE, [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrast(hex('#777777'), WHITE)).toBeCloseTo(4.48, 2);
  });

  it('parses hex colors (the canvas normalizes the rest in browsers)', () => {
    expect(parseColor('#7c3aed')).toEqual([124, 58, 237]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('not a color')).toBeNull();
  });

  it('keeps a readable text color and replaces an unreadable one with black or white', () => {
    expect(readableOn(hex('#7c3aed'), WHITE)).toEqual(WHITE);
    expect(readableOn(hex('#ffd600'), WHITE)).toEqual([0, 0, 0]);
    expect(readableOn(hex('#1e3a8a'), null)).toEqual(WHITE);
  });

  it('darkens (light backgrounds) or lightens (dark ones) a color until it reads as text', () => {
    const yellow = hex('#ffd600');
    expect(contrast(inkOn(WHITE, yellow), WHITE)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(inkOn(DARK_BACKGROUND, hex('#1e3a8a')), DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    // Already readable: unchanged.
    expect(inkOn(WHITE, hex('#1e3a8a'))).toEqual(hex('#1e3a8a'));
  });
});

describe('themeCss', () => {
  it('declares the colors, corrected for contrast', () => {
    const css = themeCss({ primaryColor: '#ffd600', textColor: '#ffffff' });
    expect(declared(css, '--confab-primary')).toBe('#ffd600');
    expect(declared(css, '--confab-on-primary')).toBe('#000000');
    expect(contrast(hex(declared(css, '--confab-ink-light')!), WHITE)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(hex(declared(css, '--confab-ink-dark')!), DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to the default blue for colors it cannot read', () => {
    expect(declared(themeCss({ primaryColor: 'red; } body { display: none' }), '--confab-primary')).toBe('#2563eb');
  });

  it('writes offsets and a z-index, and only fonts CSS accepts', () => {
    const css = themeCss({ offsetX: 32, offsetY: 12.5, zIndex: 9000.4, font: 'Georgia, serif' });
    expect(css).toContain('--confab-offset-x:32px');
    expect(css).toContain('--confab-offset-y:12.5px');
    expect(css).toContain('z-index:9000!important');
    expect(themeCss({ font: 'x; } * { color: red' })).not.toContain('color: red');
  });
});
