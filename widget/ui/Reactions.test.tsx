import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotAction, BotMessage, Reaction } from '../../shared/index.js';
import { botMessage, bubbles, text } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { BotMessageView } from './BotMessageView.js';

afterEach(cleanup);

function show(message: BotMessage, reactions = true) {
  const view = renderInPanel(<BotMessageView message={message} answer={undefined} />, { reactions });
  return { ...view, react: view.context.actions.react };
}

const withReaction = (reaction: Reaction | undefined, author: BotMessage['author'] = 'bot'): BotMessage => ({
  ...text(1, 'Mon–Fri 7:00–18:00'),
  author,
  ...(reaction ? { reaction } : {}),
});

const helpful = () => screen.getByRole('button', { name: 'Helpful' });
const notHelpful = () => screen.getByRole('button', { name: 'Not helpful' });

describe('reactions', () => {
  it('puts "Helpful" and "Not helpful" toggle buttons under bot and agent answers', () => {
    for (const author of ['bot', 'agent'] as const) {
      show(withReaction(undefined, author));
      expect(helpful().getAttribute('aria-pressed')).toBe('false');
      expect(notHelpful().getAttribute('aria-pressed')).toBe('false');
      expect(helpful().getAttribute('type')).toBe('button');
      cleanup();
    }
  });

  it('says which one the stored reaction is', () => {
    show(withReaction('POSITIVE'));
    expect(helpful().getAttribute('aria-pressed')).toBe('true');
    expect(notHelpful().getAttribute('aria-pressed')).toBe('false');
    cleanup();
    show(withReaction('NEGATIVE'));
    expect(notHelpful().getAttribute('aria-pressed')).toBe('true');
    cleanup();
    show(withReaction('NEUTRAL'));
    expect(screen.queryAllByRole('button', { pressed: true })).toHaveLength(0);
  });

  it('reacts with the button pressed (the action decides what a second press means)', () => {
    const message = withReaction('POSITIVE');
    const { react } = show(message);
    fireEvent.click(notHelpful());
    fireEvent.click(helpful());
    expect(react).toHaveBeenNthCalledWith(1, message, 'NEGATIVE');
    expect(react).toHaveBeenNthCalledWith(2, message, 'POSITIVE');
  });

  it('is only for answers in words: not choices, system lines nor system messages', () => {
    const notAnswers: BotMessage[] = [
      bubbles(1),
      botMessage(2, { name: 'forward_any', payload: {} }),
      botMessage(3, { name: 'media', payload: { link: 'https://cdn.example.com/a.png', type: 'image' } } as BotAction),
      withReaction(undefined, 'system'),
    ];
    for (const message of notAnswers) {
      show(message);
      expect(screen.queryByRole('button', { name: 'Helpful' }), message.packet.name).toBeNull();
      cleanup();
    }
  });

  it('is hidden when the bot turned reactions off', () => {
    show(withReaction('POSITIVE'), false);
    expect(screen.queryByRole('button', { name: 'Helpful' })).toBeNull();
  });
});
