import { describe, expect, it, vi } from 'vitest';
import type { ChatConnection } from '../transport/chat-connection.js';
import { bubbles, visitorMessage } from '../testing/messages.js';
import { createChatActions } from './chat-actions.js';
import { addPending, createChatState } from './chat-state.js';

function setup() {
  const state = createChatState();
  const send = vi.fn<ChatConnection['send']>((packet, replyTo) =>
    addPending(state, { clientId: 'c', packet, status: 'sending', ...(replyTo ? { replyTo } : {}) }),
  );
  return { state, send, actions: createChatActions(state, { send }) };
}

describe('chat actions', () => {
  it('sends a click that names the choice message it answers', () => {
    const { state, send, actions } = setup();
    const choice = bubbles(1);
    state.messages.value = [choice];
    actions.choose(choice, { id: 'orders', label: 'Orders' });
    expect(send).toHaveBeenCalledWith({ name: 'click', payload: { value: { id: 'orders', label: 'Orders' } } }, 'm1');
  });

  it('answers a choice once, also while the first click is pending', () => {
    const { state, send, actions } = setup();
    const choice = bubbles(1);
    state.messages.value = [choice];
    actions.choose(choice, { id: 'orders', label: 'Orders' });
    actions.choose(choice, { id: 'returns', label: 'Returns' });
    expect(send).toHaveBeenCalledOnce();

    state.pending.value = [];
    state.messages.value = [choice, visitorMessage(2, { name: 'click', payload: { value: { id: 'orders', label: 'Orders' } } }, { replyTo: 'm1' })];
    actions.choose(choice, { id: 'returns', label: 'Returns' });
    expect(send).toHaveBeenCalledOnce();
  });

  it('sends trimmed text and refuses empty text', () => {
    const { send, actions } = setup();
    expect(actions.sendText('   ')).toBe(false);
    expect(actions.sendText(' hi ')).toBe(true);
    expect(send).toHaveBeenCalledWith({ name: 'message', payload: { body: 'hi' } });
  });
});
