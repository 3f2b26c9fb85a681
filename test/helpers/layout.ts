import { expect } from 'vitest';

/** A layout measure: a number, or several (a box `{x, y, width, height}`, `[width, height]`). */
export type Measure = number | readonly number[] | Readonly<Record<string, number>>;

declare module 'vitest' {
  interface Matchers<T = any> {
    /**
     * Layout within `tolerance` px (1 by default) on every number: the same box can come out
     * 192 or 193 px from one run to the next (subpixel layout, rounding, a loaded machine).
     * Also as `expect.toBeNear(…)` inside toEqual, and after `expect.poll(…)`.
     */
    toBeNear(expected: Measure, tolerance?: number): T;
  }
}

function numbersOf(measure: unknown): Array<[string, number]> | undefined {
  if (typeof measure === 'number') return [['', measure]];
  if (measure === null || typeof measure !== 'object') return undefined;
  const entries = Object.entries(measure);
  return entries.every(([, v]) => typeof v === 'number') ? (entries as Array<[string, number]>) : undefined;
}

expect.extend({
  toBeNear(received: unknown, expected: Measure, tolerance = 1) {
    const want = numbersOf(expected)!;
    const got = numbersOf(received);
    const pass =
      got !== undefined &&
      got.length === want.length &&
      want.every(([key, value]) => {
        const actual = got.find(([k]) => k === key)?.[1];
        return actual !== undefined && Math.abs(actual - value) <= tolerance;
      });
    return {
      pass,
      message: () =>
        `expected ${this.utils.printReceived(received)} ${pass ? 'not ' : ''}to be within ${tolerance}px of ${this.utils.printExpected(expected)}`,
      actual: received,
      expected,
    };
  },
});
