import { describe, expect, it } from 'vitest';
import { ids, text, visitorMessage } from '../testing/messages.js';
import { createChatState, receiveMessages } from '../state/chat-state.js';
import { addPending } from '../state/send-file.js';
import { lastSeq, mergeMessages } from './merge-messages.js';

describe('mergeMessages', () => {
  it('dedupes by id and orders by seq whatever the arrival order', () => {
    const current = [text(1, 'a'), text(3, 'c')];
    const merged = mergeMessages(current, [text(4, 'd'), text(2, 'b'), text(3, 'c')]);
    expect(ids(merged)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('lets the newer copy of a message win', () => {
    const merged = mergeMessages([text(1, 'old')], [text(1, 'new')]);
    expect(merged).toEqual([text(1, 'new')]);
  });

  it('finds the reconnect cursor', () => {
    expect(lastSeq([])).toBe(0);
    expect(lastSeq([text(7, 'x'), text(3, 'y')])).toBe(7);
  });
});

describe('receiveMessages', () => {
  it('replaces the pending copy of a message with the stored one (same clientId)', () => {
    const state = createChatState();
    addPending(state, { clientId: 'c-1', packet: { name: 'message', payload: { body: 'hi' } }, status: 'sending' });
    addPending(state, { clientId: 'c-2', packet: { name: 'message', payload: { body: 'there' } }, status: 'sending' });
    receiveMessages(state, [visitorMessage(1, { name: 'message', payload: { body: 'hi' } }, { clientId: 'c-1' })], true);
    expect(state.pending.value.map((p) => p.clientId)).toEqual(['c-2']);
    expect(ids(state.messages.value)).toEqual(['m1']);
  });

  it('returns only what is new and announces only new bot messages', () => {
    const state = createChatState();
    receiveMessages(state, [text(1, 'history')], false);
    expect(state.announcements.value).toEqual([]);
    const added = receiveMessages(state, [text(1, 'history'), text(2, '**Hello** there')], true);
    expect(ids(added)).toEqual(['m2']);
    expect(state.announcements.value).toEqual([{ id: 'm2', text: 'Hello there' }]);
  });
});
