import { describe, expect, it } from 'vitest';
import { ME, mine, row } from '../testing/fixtures.js';
import { applyUpdate, attentionCount, cannedMatches, EMPTY_LISTS, elapsed, insertCanned, needsAttention, slashQuery } from './inbox.js';

describe('applyUpdate', () => {
  it('puts a row in the lists its state names and takes it out of the others', () => {
    const queued = applyUpdate(EMPTY_LISTS, row('c1'), ME.id);
    expect([queued.queue.length, queued.mine.length, queued.open.length]).toEqual([1, 0, 1]);
    const assigned = applyUpdate(queued, mine('c1'), ME.id);
    expect([assigned.queue.length, assigned.mine.length, assigned.open.length]).toEqual([0, 1, 1]);
    const someoneElse = applyUpdate(assigned, mine('c1', { transfer: { ...mine('x').transfer!, agentId: 'other' } }), ME.id);
    expect([someoneElse.queue.length, someoneElse.mine.length, someoneElse.open.length]).toEqual([0, 0, 1]);
    const ended = applyUpdate(someoneElse, row('c1', { state: 'ended' }), ME.id);
    expect(ended).toEqual(EMPTY_LISTS);
  });

  it('keeps the queue oldest first and the others newest activity first', () => {
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    let lists = EMPTY_LISTS;
    lists = applyUpdate(lists, row('new', { lastMessageAt: at(1), transfer: { ...row('x').transfer!, transferredAt: at(1) } }), ME.id);
    lists = applyUpdate(lists, row('old', { lastMessageAt: at(9), transfer: { ...row('x').transfer!, transferredAt: at(9) } }), ME.id);
    expect(lists.queue.map((r) => r.id)).toEqual(['old', 'new']);
    expect(lists.open.map((r) => r.id)).toEqual(['new', 'old']);
  });
});

describe('attention', () => {
  it('counts waiting chats and unread messages in mine', () => {
    const lists = { queue: [row('a'), row('b')], mine: [mine('c', { unread: 3 })], open: [] };
    expect(attentionCount(lists)).toBe(5);
  });

  it('rings for a chat new to the queue and for more unread in mine, not for the one on screen', () => {
    const before = { queue: [row('a')], mine: [mine('m', { unread: 0 })], open: [] };
    expect(needsAttention(before, { ...before, queue: [row('a'), row('b')] }, null)).toBe(true);
    expect(needsAttention(before, { ...before, queue: [] }, null)).toBe(false);
    const more = { ...before, mine: [mine('m', { unread: 1 })] };
    expect(needsAttention(before, more, null)).toBe(true);
    expect(needsAttention(before, more, 'm')).toBe(false);
  });
});

describe('elapsed', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it.each([
    ['2025-01-01T11:59:30Z', '<1 min'],
    ['2025-01-01T11:57:00Z', '3 min'],
    ['2025-01-01T10:00:00Z', '2 h'],
    ['2025-01-01T09:55:00Z', '2 h 5 min'],
    ['2024-12-29T12:00:00Z', '3 d'],
    ['2025-01-01T12:05:00Z', '<1 min'],
  ])('%s → %s', (iso, expected) => expect(elapsed(iso, now)).toBe(expected));
});

describe('canned responses', () => {
  const canned = [
    { id: '1', shortCode: 'greet', content: 'Hello!' },
    { id: '2', shortCode: 'refund', content: 'Refunds take 3 days.' },
    { id: '3', shortCode: 'hours', content: 'We open at 8, greetings.' },
  ];

  it('finds the "/word" at the caret, after a space or at the start only', () => {
    expect(slashQuery('/gr', 3)).toEqual({ start: 0, query: 'gr' });
    expect(slashQuery('Hi /re', 6)).toEqual({ start: 3, query: 're' });
    expect(slashQuery('and/or', 6)).toBeNull();
    expect(slashQuery('/gr more', 8)).toBeNull();
    expect(slashQuery('/', 1)).toEqual({ start: 0, query: '' });
  });

  it('lists short codes starting with the query first, then other matches', () => {
    expect(cannedMatches(canned, 'gre').map((c) => c.id)).toEqual(['1', '3']);
    expect(cannedMatches(canned, '').map((c) => c.id)).toEqual(['1', '2', '3']);
  });

  it('replaces the "/word" with the content and puts the caret after it', () => {
    expect(insertCanned('Hi /re thanks', { start: 3, query: 're' }, 'Refunds.')).toEqual({ text: 'Hi Refunds. thanks', caret: 11 });
  });
});
