import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotAction, MessageRecord, VisitorEvent } from '../../shared/index.js';
import { createChatActions } from '../state/chat-actions.js';
import { createChatState } from '../state/chat-state.js';
import { botMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { BotMessageView } from './BotMessageView.js';

afterEach(cleanup);

const ask: BotAction = {
  name: 'message',
  payload: {
    body: 'Phone number',
    text_format: 'plain',
    form: {
      fields: [
        { name: 'phone', label: 'Phone number', type: 'phone', required: true },
        { name: 'when', label: 'Preferred date', type: 'date', required: false },
      ],
    },
  },
};

describe('inline forms (whatsapp_flow steps)', () => {
  it('shows every field of the step under its first question and sends them as one answer', async () => {
    const message = botMessage(1, ask);
    const { context } = renderInPanel(<BotMessageView message={message} answer={undefined} />);
    const phone = (await screen.findByLabelText('Phone number')) as HTMLInputElement;
    const when = screen.getByLabelText('Preferred date') as HTMLInputElement;
    expect([phone.type, phone.required, when.type, when.required]).toEqual(['tel', true, 'date', false]);
    fireEvent.input(phone, { target: { value: '+49 30 1234567' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(context.actions.sendForm).toHaveBeenCalledExactlyOnceWith(message, { phone: '+49 30 1234567', when: '' });
  });

  it('is gone once answered', () => {
    renderInPanel(<BotMessageView message={botMessage(1, ask)} answer={null} />);
    expect(screen.queryByLabelText('Preferred date')).toBeNull();
    expect(screen.getByText('Phone number')).toBeTruthy();
  });

  it('sends the answers in words for people and by field for the bot, replying to the form, once', () => {
    const state = createChatState();
    const message: MessageRecord = botMessage(1, ask);
    state.messages.value = [message];
    const sent: Array<{ packet: VisitorEvent; replyTo?: string }> = [];
    const send = vi.fn((packet: VisitorEvent, replyTo?: string) => {
      sent.push({ packet, ...(replyTo ? { replyTo } : {}) });
      state.pending.value = [...state.pending.value, { clientId: 'c1', packet, status: 'sending', replyTo }];
    });
    const actions = createChatActions(state, { send });
    actions.sendForm(message as Extract<MessageRecord, { author: 'bot' }>, { phone: '+49 30 1234567', when: '' });
    actions.sendForm(message as Extract<MessageRecord, { author: 'bot' }>, { phone: 'again', when: '' });
    expect(sent).toEqual([
      { packet: { name: 'message', payload: { body: 'Phone number: +49 30 1234567\nPreferred date: —', form: { phone: '+49 30 1234567', when: '' } } }, replyTo: 'm1' },
    ]);
  });
});
