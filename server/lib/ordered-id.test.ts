import { describe, expect, it } from 'vitest';
import { orderedId } from './ordered-id.js';

describe('orderedId', () => {
  it('sorts in the order the ids were made, also within one millisecond', () => {
    const ids = Array.from({ length: 2_000 }, () => orderedId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
