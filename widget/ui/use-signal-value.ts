import type { ReadonlySignal } from '@preact/signals-core';
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';

/**
 * A signal's value, re-rendering the component whenever it changes. This is all the panel
 * needs of a Preact binding for signals: @preact/signals would subscribe every `.value` read
 * in a render through Preact's option hooks, but costs the open widget about 1.1 KB gzip.
 * So components read signals through this hook; a bare `.value` in a render does not update.
 */
export function useSignalValue<T>(source: ReadonlySignal<T>): T {
  const value = source.peek();
  const shown = useRef(value);
  shown.current = value;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // subscribe() calls back at once: that re-renders only if the value changed since this render.
  useLayoutEffect(() => source.subscribe((now) => now !== shown.current && rerender(undefined)), [source]);
  return value;
}
