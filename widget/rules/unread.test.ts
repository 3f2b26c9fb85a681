import { describe, expect, it } from 'vitest';
import { botMessage, text, visitorMessage } from '../testing/messages.js';
import { unreadMessages } from './unread.js';

describe('unread messages', () => {
  const messages = [
    text(1, 'Hi'),
    visitorMessage(2, { name: 'message', payload: { body: 'hello' } }),
    text(3, 'Answer'),
    botMessage(4, { name: 'note_create', payload: { body: 'internal' } }),
    botMessage(5, { name: 'end', payload: {} }),
  ];

  it('counts shown bot messages after the seen mark of their conversation', () => {
    expect(unreadMessages(messages, null).map((m) => m.seq)).toEqual([1, 3, 5]);
    expect(unreadMessages(messages, { conversationId: 'conv-1', seq: 3 }).map((m) => m.seq)).toEqual([5]);
    // A mark of another conversation says nothing about this one.
    expect(unreadMessages(messages, { conversationId: 'other', seq: 99 })).toHaveLength(3);
  });
});
