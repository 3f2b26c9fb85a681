import { signal } from '@preact/signals-core';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useSignalValue } from './use-signal-value.js';

afterEach(cleanup);

describe('useSignalValue', () => {
  it('renders the value and re-renders on every change, and only then', () => {
    const count = signal(1);
    let renders = 0;
    function Counter() {
      renders += 1;
      return <p>{useSignalValue(count)}</p>;
    }
    render(<Counter />);
    expect(screen.getByText('1')).toBeTruthy();
    const initial = renders;

    act(() => {
      count.value = 2;
    });
    expect(screen.getByText('2')).toBeTruthy();
    expect(renders).toBe(initial + 1);

    act(() => {
      count.value = 2; // the same value: nothing to draw
    });
    expect(renders).toBe(initial + 1);
  });

  it('catches a change made between the render and the subscription', () => {
    const name = signal('before');
    function Name() {
      const value = useSignalValue(name);
      // A child's layout effect runs before its parent's: this one writes first.
      return <Writer>{value}</Writer>;
    }
    function Writer({ children }: { children: string }) {
      if (children === 'before') name.value = 'after';
      return <p>{children}</p>;
    }
    act(() => void render(<Name />));
    expect(screen.getByText('after')).toBeTruthy();
  });

  it('stops listening when the component goes away', () => {
    const value = signal('a');
    let renders = 0;
    function View() {
      renders += 1;
      return <p>{useSignalValue(value)}</p>;
    }
    const { unmount } = render(<View />);
    const before = renders;
    unmount();
    act(() => {
      value.value = 'b';
    });
    expect(renders).toBe(before);
  });
});
