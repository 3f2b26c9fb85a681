import '../testing/happy-dom-fixes.js';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatState, receiveMessages } from '../state/chat-state.js';
import { text } from '../testing/messages.js';
import { ChatPanel } from './ChatPanel.js';

afterEach(cleanup);

function setup() {
  const state = createChatState();
  state.open.value = true;
  const onClose = vi.fn();
  const view = render(
    <ChatPanel state={state} title="Support" onClose={onClose} onSend={vi.fn()} onChoose={vi.fn()} />,
  );
  return { ...view, state, onClose };
}

describe('ChatPanel', () => {
  it('says when it is reconnecting', async () => {
    const { state } = setup();
    expect(screen.queryByText('Reconnecting…')).toBeNull();
    act(() => {
      state.connection.value = 'reconnecting';
    });
    expect(await screen.findByText('Reconnecting…')).toBeTruthy();
  });

  it('announces new messages in a live region apart from the history', async () => {
    const { state, container } = setup();
    act(() => {
      receiveMessages(state, [text(1, 'Old news')], false);
    });
    act(() => {
      receiveMessages(state, [text(2, 'Fresh **reply**')], true);
    });
    const region = container.querySelector('[aria-live="polite"]');
    await vi.waitFor(() => expect(region?.textContent).toBe('Fresh reply'));
    expect(container.querySelector('.messages')?.hasAttribute('aria-live')).toBe(false);
    expect(screen.getByRole('list', { name: 'Conversation' }).textContent).toContain('Old news');
  });

  it('closes from the header button', () => {
    const { onClose } = setup();
    screen.getByRole('button', { name: 'Close chat' }).click();
    expect(onClose).toHaveBeenCalled();
  });
});
