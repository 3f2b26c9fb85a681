import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutbox } from './outbox.js';

const entry = (clientId: string) => ({ clientId, packet: { name: 'message' as const, payload: { body: clientId } }, status: 'sending' as const });

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  vi.restoreAllMocks();
});

describe('outbox', () => {
  it('keeps entries in order under confab:<botKey>:outbox, and no key at all when empty', () => {
    const outbox = createOutbox('shop', 'local');
    outbox.add(entry('a'));
    outbox.add(entry('b'));
    outbox.update('a', { status: 'failed', error: 'no' });
    expect(createOutbox('shop', 'local').entries()).toEqual([{ ...entry('a'), status: 'failed', error: 'no' }, entry('b')]);
    outbox.update('a', { status: 'sending', error: undefined });
    expect(outbox.entries()[0]).toEqual(entry('a'));
    outbox.remove('a');
    outbox.remove('b');
    expect(localStorage.getItem('confab:shop:outbox')).toBeNull();
  });

  it('reads afresh, so one tab never overwrites what another added', () => {
    const first = createOutbox('shop', 'local');
    const second = createOutbox('shop', 'local');
    first.add(entry('a'));
    second.add(entry('b'));
    first.remove('a');
    expect(second.entries()).toEqual([entry('b')]);
  });

  it('keeps to memory with data-storage="none", or when storage throws', () => {
    const none = createOutbox('shop', 'none');
    none.add(entry('a'));
    expect(none.entries()).toEqual([entry('a')]);
    expect(localStorage.length).toBe(0);
    expect(none.lock).toBeUndefined();

    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });
    const full = createOutbox('shop', 'local');
    full.add(entry('b'));
    expect(full.entries()).toEqual([entry('b')]);
  });

  it('drops what is not an entry (the page can write to storage too)', () => {
    localStorage.setItem('confab:shop:outbox', JSON.stringify([null, 1, { clientId: 5 }, { clientId: 'x' }, entry('ok')]));
    expect(createOutbox('shop', 'local').entries()).toEqual([entry('ok')]);
    localStorage.setItem('confab:shop:outbox', '{not json');
    expect(createOutbox('shop', 'local').entries()).toEqual([]);
  });
});
