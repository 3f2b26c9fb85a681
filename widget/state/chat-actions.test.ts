import { describe, expect, it, vi } from 'vitest';
import type { Ack, MessageRecord } from '../../shared/index.js';
import type { ChatConnection } from '../transport/chat-connection.js';
import { bubbles, CONVERSATION_ID, text, visitorMessage } from '../testing/messages.js';
import { createChatActions } from './chat-actions.js';
import { createChatState } from './chat-state.js';
import { addPending } from './send-file.js';

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

describe('reactions and personas', () => {
  /** A connection whose requests the test answers, in order. */
  function withRequests() {
    const state = createChatState();
    const answers: Array<(res: unknown) => void> = [];
    const request = vi.fn((_event: string, _req: unknown) => new Promise<unknown>((resolve) => answers.push(resolve)));
    const actions = createChatActions(state, { send: vi.fn(), request: request as unknown as ChatConnection['request'] });
    const answer = async (res: unknown) => {
      answers.shift()?.(res);
      await Promise.resolve();
      await Promise.resolve();
    };
    return { state, actions, request, answer };
  }

  it('shows a reaction at once and keeps the server’s version of the message', async () => {
    const { state, actions, request, answer } = withRequests();
    const message = text(1, 'Mon–Fri');
    state.messages.value = [message];
    actions.react(message, 'POSITIVE');
    expect(request).toHaveBeenCalledWith('message:react', { conversationId: CONVERSATION_ID, messageId: 'm1', reaction: 'POSITIVE' });
    expect(state.messages.value[0]).toMatchObject({ id: 'm1', reaction: 'POSITIVE' });
    const stored: MessageRecord = { ...message, reaction: 'POSITIVE' };
    await answer({ ok: true, data: { message: stored } } satisfies Ack<{ message: MessageRecord }>);
    expect(state.messages.value).toEqual([stored]);
  });

  it('takes the pressed reaction back with NEUTRAL', () => {
    const { state, actions, request } = withRequests();
    const message = { ...text(1, 'Mon–Fri'), reaction: 'NEGATIVE' as const };
    state.messages.value = [message];
    actions.react(message, 'NEGATIVE');
    expect(request).toHaveBeenCalledWith('message:react', expect.objectContaining({ reaction: 'NEUTRAL' }));
    expect(state.messages.value[0]).toMatchObject({ reaction: 'NEUTRAL' });
  });

  it('puts the old reaction back when the server refuses or cannot be reached', async () => {
    const { state, actions, answer } = withRequests();
    const message = text(1, 'Mon–Fri');
    state.messages.value = [message];
    actions.react(message, 'POSITIVE');
    await answer({ ok: false, error: { code: 'not_found', message: 'no such message' } });
    expect(state.messages.value).toEqual([message]);
    actions.react(message, 'NEGATIVE');
    await answer(null); // not connected, or no ack in time
    expect(state.messages.value).toEqual([message]);
  });

  it('picks a persona for the open conversation, and takes it back when refused', async () => {
    const { state, actions, request, answer } = withRequests();
    actions.choosePersona('bo');
    expect(request).not.toHaveBeenCalled(); // no conversation to name yet
    state.conversation.value = { id: CONVERSATION_ID, status: 'open', createdAt: '2026-01-01T00:00:00Z', lastSeq: 1 };
    actions.choosePersona('bo');
    expect(request).toHaveBeenCalledWith('persona:select', { conversationId: CONVERSATION_ID, personaId: 'bo' });
    expect(state.persona.value).toEqual({ conversationId: CONVERSATION_ID, personaId: 'bo' });
    await answer({ ok: true, data: { personaId: 'bo' } });
    expect(state.persona.value).toEqual({ conversationId: CONVERSATION_ID, personaId: 'bo' });

    actions.choosePersona('gone');
    await answer({ ok: false, error: { code: 'not_found', message: 'no persona with id "gone"' } });
    expect(state.persona.value).toEqual({ conversationId: CONVERSATION_ID, personaId: 'bo' });
  });
});
