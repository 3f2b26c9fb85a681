import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReadMarks, READ_MARK_DELAY_MS } from './read-marks.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function setup(taken = true) {
  const send = vi.fn(async (_conversationId: string, _seq: number) => taken);
  return { send, marks: createReadMarks(send) };
}

describe('read marks', () => {
  it('sends the newest mark once things are quiet, not every step on the way', async () => {
    const { send, marks } = setup();
    marks.seen('c1', 2);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS / 2);
    marks.seen('c1', 3);
    marks.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS - 1);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(send.mock.calls).toEqual([['c1', 4]]);
  });

  it('sends a mark only when it grows past the one taken', async () => {
    const { send, marks } = setup();
    marks.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    marks.seen('c1', 4);
    marks.seen('c1', 3);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send).toHaveBeenCalledOnce();
    marks.seen('c1', 5);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send.mock.calls.at(-1)).toEqual(['c1', 5]);
  });

  it('sends nothing for an empty conversation', async () => {
    const { send, marks } = setup();
    marks.seen('c1', 0);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send).not.toHaveBeenCalled();
  });

  it('tries again with the next sighting when the server did not take the mark', async () => {
    const { send, marks } = setup(false);
    marks.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    marks.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send.mock.calls).toEqual([
      ['c1', 4],
      ['c1', 4],
    ]);
  });

  it('starts from nothing in a new conversation', async () => {
    const { send, marks } = setup();
    marks.seen('c1', 9);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    marks.seen('c2', 1);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send.mock.calls.at(-1)).toEqual(['c2', 1]);
  });

  it('sends nothing after stop', async () => {
    const { send, marks } = setup();
    marks.seen('c1', 2);
    marks.stop();
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(send).not.toHaveBeenCalled();
  });
});
