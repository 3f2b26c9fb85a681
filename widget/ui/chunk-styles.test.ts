import { describe, expect, it, vi } from 'vitest';
import { addChunkStyles, setStyleSink } from './chunk-styles.js';

describe('chunk styles', () => {
  it('adds CSS that several chunks share once per widget', () => {
    const first = vi.fn();
    setStyleSink(first);
    addChunkStyles('.a{}');
    addChunkStyles('.b{}');
    addChunkStyles('.a{}');
    expect(first.mock.calls).toEqual([['.a{}'], ['.b{}']]);
    // A widget mounted again (another shadow root) gets it again.
    const second = vi.fn();
    setStyleSink(second);
    addChunkStyles('.a{}');
    expect(second).toHaveBeenCalledExactlyOnceWith('.a{}');
  });
});
