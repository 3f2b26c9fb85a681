import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createVisitorRecord } from './visitor-record.js';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  vi.restoreAllMocks();
});

describe('visitor record', () => {
  it('keeps the record under confab:<botKey> in localStorage by default', () => {
    createVisitorRecord('shop', 'local').update({ visitorId: 'v', token: 't', open: true });
    expect(JSON.parse(localStorage.getItem('confab:shop') ?? '')).toEqual({ visitorId: 'v', token: 't', open: true });
    expect(createVisitorRecord('shop', 'local').identity()).toEqual({ visitorId: 'v', token: 't' });
  });

  it('uses sessionStorage with data-storage="session"', () => {
    createVisitorRecord('shop', 'session').update({ open: true });
    expect(sessionStorage.getItem('confab:shop')).toBe('{"open":true}');
    expect(localStorage.getItem('confab:shop')).toBeNull();
  });

  it('keeps to memory with data-storage="none"', () => {
    const visitorRecord = createVisitorRecord('shop', 'none');
    visitorRecord.update({ visitorId: 'v', token: 't' });
    expect(visitorRecord.identity()).toEqual({ visitorId: 'v', token: 't' });
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('falls back to memory when storage throws', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const visitorRecord = createVisitorRecord('shop', 'local');
    visitorRecord.update({ visitorId: 'v', token: 't' });
    expect(visitorRecord.identity()).toEqual({ visitorId: 'v', token: 't' });
  });

  it('forgets the identity and conversation but not the open state', () => {
    const visitorRecord = createVisitorRecord('shop', 'local');
    visitorRecord.update({ visitorId: 'v', token: 't', conversationId: 'c', open: true });
    visitorRecord.forgetIdentity();
    expect(visitorRecord.identity()).toBeNull();
    expect(JSON.parse(localStorage.getItem('confab:shop') ?? '')).toEqual({ open: true });
  });

  it('keeps the persona picked for a conversation, and only a well-formed one', () => {
    createVisitorRecord('shop', 'local').update({ conversationId: 'c', persona: { conversationId: 'c', personaId: 'bo' } });
    expect(createVisitorRecord('shop', 'local').read().persona).toEqual({ conversationId: 'c', personaId: 'bo' });
    localStorage.setItem('confab:shop', JSON.stringify({ persona: { conversationId: 'c', personaId: 7 } }));
    expect(createVisitorRecord('shop', 'local').read()).toEqual({});
  });

  it('ignores a corrupt record', () => {
    localStorage.setItem('confab:shop', '{not json');
    expect(createVisitorRecord('shop', 'local').read()).toEqual({});
  });
});
