/** WCAG 2.2 contrast arithmetic for the theme colors a site or a bot picks. */

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
/** AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * Any CSS color to RGB. A canvas normalizes named, rgb(), hsl() and hex colors to `#rrggbb`
 * without touching the DOM (and without a style attribute a CSP could refuse). Colors with
 * transparency or outside sRGB come back null: the caller then keeps its defaults.
 */
export function parseColor(value: string): Rgb | null {
  let normalized = value.trim();
  try {
    const context = document.createElement('canvas').getContext('2d');
    if (context) {
      context.fillStyle = '#010203'; // a value the input must replace to count as valid
      context.fillStyle = normalized;
      normalized = String(context.fillStyle);
      if (normalized === '#010203' && value.trim().toLowerCase() !== '#010203') return null;
    }
  } catch {
    // No canvas (tests, locked-down browsers): only hex below.
  }
  const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(normalized)?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function luminance([r, g, b]: Rgb): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The text color for a background: the wanted one when readable, else black or white, whichever reads better. */
export function readableOn(background: Rgb, wanted: Rgb | null): Rgb {
  if (wanted && contrast(background, wanted) >= MIN_TEXT_CONTRAST) return wanted;
  return contrast(background, WHITE) >= contrast(background, BLACK) ? WHITE : BLACK;
}

/**
 * The color itself when it reads as text on `background`, else the same hue moved toward
 * black (light backgrounds) or white (dark ones) until it does: links and outlined buttons
 * keep the brand's hue at AA contrast.
 */
export function inkOn(background: Rgb, color: Rgb): Rgb {
  const toward = luminance(background) > 0.5 ? BLACK : WHITE;
  for (let step = 0; step <= 10; step++) {
    const mixed = color.map((c, i) => Math.round(c + ((toward[i] as number) - c) * (step / 10))) as unknown as Rgb;
    if (contrast(background, mixed) >= MIN_TEXT_CONTRAST) return mixed;
  }
  return toward;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
