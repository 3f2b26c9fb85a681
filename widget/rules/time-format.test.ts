import { describe, expect, it } from 'vitest';
import { text, visitorMessage } from '../testing/messages.js';
import { endsRun } from './time-format.js';

describe('times', () => {
  it('ends a run at a change of side or a gap of more than five minutes', () => {
    const at = (seq: number, minute: number, visitor = false) => ({
      ...(visitor ? visitorMessage(seq, { name: 'message', payload: { body: 'x' } }) : text(seq, 'x')),
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
    });
    const list = [at(1, 0), at(2, 1), at(3, 10), at(4, 11, true)];
    expect(list.map((_, i) => endsRun(list, i))).toEqual([false, true, true, true]);
  });
});
