import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/index.js';
import type { PendingMessage } from '../state/chat-state.js';
import { botMessage, bubbles, text, visitorMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { MessageList } from './MessageList.js';

afterEach(cleanup);

function renderList(messages: MessageRecord[], pending: PendingMessage[] = []) {
  const view = renderInPanel(<MessageList messages={messages} pending={pending} />);
  return { ...view, onChoose: view.context.actions.choose };
}

describe('MessageList', () => {
  it('renders bot markdown as HTML, sanitized (the markdown chunk loads with the first message that needs it)', async () => {
    const hostile = 'Hello **there**, see [the docs](https://example.com/docs) <img src=x onerror="alert(1)"><script>alert(2)</script>';
    const { container } = renderList([text(1, hostile)]);
    // Until it has loaded, the text shows as text: nothing in it is markup.
    expect(container.querySelector('script, [onerror], strong')).toBeNull();
    await waitFor(() => expect(container.querySelector('strong')?.textContent).toBe('there'));
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

  it('shows a list template with a button that opens its selection sheet', async () => {
    const list = botMessage(1, {
      name: 'list_template',
      payload: {
        header: 'Our plans',
        body: 'Pick a plan',
        footer: 'Prices per month',
        button: 'See plans',
        fallback: 'Plans: Basic, Pro',
        options: [
          { id: 'basic', label: 'Basic', description: 'For one person' },
          { id: 'pro', label: 'Pro' },
        ],
      },
    });
    const { context } = renderInPanel(<MessageList messages={[list]} pending={[]} />);
    const open = await screen.findByRole('button', { name: 'See plans' });
    expect(open.getAttribute('aria-haspopup')).toBe('dialog');
    expect(screen.getByText('Our plans')).toBeTruthy();
    expect(screen.getByText('Prices per month')).toBeTruthy();
    fireEvent.click(open);
    expect(context.showList).toHaveBeenCalledWith(list, open);
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

  it('shows an unknown action through its fallback or body, and hides instructions', () => {
    renderList([
      botMessage(1, { name: 'poll', payload: { fallback: 'Vote: Mocha or Latte?', options: [] } } as never),
      botMessage(2, { name: 'sticker', payload: { body: 'A coffee cup' } } as never),
      botMessage(3, { name: 'note_create', payload: { body: 'internal note: VIP' } }),
      botMessage(4, { name: 'delay', payload: { duration: 1000 } }),
      botMessage(5, { name: 'contact_update', payload: { name: 'Ada' } }),
    ]);
    expect(screen.getByText('Vote: Mocha or Latte?')).toBeTruthy();
    expect(screen.getByText('A coffee cup')).toBeTruthy();
    expect(screen.queryByText(/internal note/)).toBeNull();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });

  it('puts the time under the last message of a run, in the visitor\'s locale', () => {
    const at = (seq: number, minutes: number) => ({ ...text(seq, `m${seq}`), createdAt: new Date(Date.UTC(2026, 0, 1, 14, minutes)).toISOString() });
    const messages = [at(1, 0), at(2, 1), { ...visitorMessage(3, { name: 'message', payload: { body: 'hi' } }), createdAt: new Date(Date.UTC(2026, 0, 1, 14, 2)).toISOString() }];
    const { container } = renderInPanel(<MessageList messages={messages} pending={[]} />, { locale: 'de-DE' });
    const times = Array.from(container.querySelectorAll('time'));
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual([messages[1]!.createdAt, messages[2]!.createdAt]);
    const expected = new Intl.DateTimeFormat('de-DE', { hour: 'numeric', minute: '2-digit' }).format(new Date(messages[1]!.createdAt));
    expect(times[0]?.textContent).toBe(expected);
  });
});
