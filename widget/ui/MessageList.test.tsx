import '../testing/happy-dom-fixes.js';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotMessage, MessageRecord } from '../../shared/index.js';
import type { PendingMessage } from '../state/chat-state.js';
import { botMessage, bubbles, text, visitorMessage } from '../testing/messages.js';
import { MessageList } from './MessageList.js';

afterEach(cleanup);

function renderList(messages: MessageRecord[], pending: PendingMessage[] = []) {
  const onChoose = vi.fn<(message: BotMessage, option: { id: string; label: string }) => void>();
  const view = render(<MessageList messages={messages} pending={pending} onChoose={onChoose} />);
  return { ...view, onChoose };
}

describe('MessageList', () => {
  it('renders bot markdown as HTML, sanitized', () => {
    const { container } = renderList([
      text(1, 'Hello **there**, see [the docs](https://example.com/docs) <img src=x onerror="alert(1)"><script>alert(2)</script>'),
    ]);
    expect(container.querySelector('strong')?.textContent).toBe('there');
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
  });

  it('shows plain text messages literally', () => {
    renderList([botMessage(1, { name: 'message', payload: { body: '**not bold**', text_format: 'plain' } })]);
    expect(screen.getByText('**not bold**')).toBeTruthy();
  });

  it('renders quick replies under the text and reports the chosen option', () => {
    const message = bubbles(1);
    const { onChoose } = renderList([message]);
    expect(screen.getByText('What can I help with?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Returns' }));
    expect(onChoose).toHaveBeenCalledWith(message, { id: 'returns', label: 'Returns' });
  });

  it('disables an answered choice and marks the chosen option', () => {
    const click = visitorMessage(2, { name: 'click', payload: { value: { id: 'orders', label: 'Orders' } } }, { replyTo: 'm1' });
    const { onChoose } = renderList([bubbles(1), click]);
    const group = screen.getByRole('list', { name: 'Replies' });
    const orders = within(group).getByRole('button', { name: 'Orders' });
    const returns = within(group).getByRole('button', { name: 'Returns' });
    expect(orders.hasAttribute('disabled')).toBe(true);
    expect(returns.hasAttribute('disabled')).toBe(true);
    expect(orders.getAttribute('aria-pressed')).toBe('true');
    expect(returns.getAttribute('aria-pressed')).toBe('false');
    expect(orders.classList.contains('chosen')).toBe(true);
    fireEvent.click(returns);
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('counts a click still being sent as the answer', () => {
    renderList(
      [bubbles(1)],
      [{ clientId: 'c1', packet: { name: 'click', payload: { value: { id: 'returns', label: 'Returns' } } }, replyTo: 'm1', status: 'sending' }],
    );
    const returns = within(screen.getByRole('list', { name: 'Replies' })).getByRole('button', { name: 'Returns' });
    expect(returns.hasAttribute('disabled')).toBe(true);
    expect(returns.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows a list template with its options and descriptions', () => {
    const list = botMessage(1, {
      name: 'list_template',
      payload: {
        header: 'Our plans',
        body: 'Pick a plan',
        button: 'Plans',
        fallback: 'Plans: Basic, Pro, Team, Enterprise',
        options: [
          { id: 'basic', label: 'Basic', description: 'For one person' },
          { id: 'pro', label: 'Pro' },
          { id: 'team', label: 'Team' },
          { id: 'ent', label: 'Enterprise' },
        ],
      },
    });
    const { onChoose } = renderList([list]);
    const group = screen.getByRole('list', { name: 'Plans' });
    expect(within(group).getAllByRole('button')).toHaveLength(4);
    expect(screen.getByText('For one person')).toBeTruthy();
    fireEvent.click(within(group).getByRole('button', { name: /Pro/ }));
    expect(onChoose).toHaveBeenCalledWith(list, { id: 'pro', label: 'Pro' });
  });

  it('shows the visitor side: typed text as plain text, a click as its label', () => {
    renderList([
      visitorMessage(1, { name: 'message', payload: { body: '<b>hi</b>' } }),
      visitorMessage(2, { name: 'click', payload: { value: { id: 'x', label: 'Track my order' } } }),
    ]);
    expect(screen.getByText('<b>hi</b>')).toBeTruthy();
    expect(screen.getByText('Track my order')).toBeTruthy();
  });

  it('shows pending and failed messages with their delivery state', () => {
    renderList(
      [],
      [
        { clientId: 'a', packet: { name: 'message', payload: { body: 'one' } }, status: 'sending' },
        { clientId: 'b', packet: { name: 'message', payload: { body: 'two' } }, status: 'failed', error: 'Conversation ended' },
      ],
    );
    expect(screen.getByText('Sending…')).toBeTruthy();
    expect(screen.getByText(/Not sent: Conversation ended/)).toBeTruthy();
  });

  it('falls back to the text of actions without a view and hides instructions', () => {
    renderList([
      botMessage(1, { name: 'carousel', payload: { fallback: 'Our bestsellers: Mocha, Latte', options: [] } }),
      botMessage(2, { name: 'note_create', payload: { body: 'internal note: VIP' } }),
    ]);
    expect(screen.getByText('Our bestsellers: Mocha, Latte')).toBeTruthy();
    expect(screen.queryByText(/internal note/)).toBeNull();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });
});
