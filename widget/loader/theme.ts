import type { WidgetOptions } from '../contract.js';
import { inkOn, parseColor, readableOn, toHex, WHITE, type Rgb } from './contrast.js';

/** The panel background of the dark theme (styles.css --confab-bg), for contrast checks. */
export const DARK_BACKGROUND: Rgb = [28, 31, 36];
const DEFAULT_PRIMARY: Rgb = [37, 99, 235];

export type ThemeInput = Pick<WidgetOptions, 'primaryColor' | 'textColor' | 'font' | 'offsetX' | 'offsetY' | 'zIndex'>;

/**
 * The :host custom properties computed from the options. Colors are parsed and re-serialized
 * and the font checked with CSS.supports, so no option can smuggle CSS in. The text on the
 * primary color and the primary color used as text ("ink") are corrected to AA contrast.
 */
export function themeCss(input: ThemeInput): string {
  const primary = (input.primaryColor && parseColor(input.primaryColor)) || DEFAULT_PRIMARY;
  const text = input.textColor ? parseColor(input.textColor) : null;
  const declarations = [
    `--confab-primary:${toHex(primary)}`,
    `--confab-on-primary:${toHex(readableOn(primary, text))}`,
    `--confab-ink-light:${toHex(inkOn(WHITE, primary))}`,
    `--confab-ink-dark:${toHex(inkOn(DARK_BACKGROUND, primary))}`,
  ];
  return `:host{${[...declarations, ...layoutDeclarations(input)].join(';')}}`;
}

/**
 * The declarations that need no color arithmetic: the loader sets these on its own while the
 * colors are the launcher.css defaults (the same as themeCss({}) gives).
 */
export function layoutDeclarations(input: ThemeInput): string[] {
  const declarations: string[] = [];
  // A font list has no ; { } <: refusing them keeps the declaration a declaration, whatever CSS.supports says.
  if (input.font && !/[;{}<]/.test(input.font) && CSS.supports('font-family', input.font)) declarations.push(`--confab-font:${input.font}`);
  if (input.offsetX !== undefined) declarations.push(`--confab-offset-x:${input.offsetX}px`);
  if (input.offsetY !== undefined) declarations.push(`--confab-offset-y:${input.offsetY}px`);
  if (input.zIndex !== undefined) declarations.push(`z-index:${Math.round(input.zIndex)}!important`);
  return declarations;
}
