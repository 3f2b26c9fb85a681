import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { NoteView } from '../../shared/agent-events.js';
import { NotesList } from './NotesList.js';

afterEach(cleanup);

const at = '2026-11-30T10:00:00.000Z';

describe('the notes list', () => {
  it("shows a bot's notes as the bot's, and says which are about the contact and from an earlier conversation", () => {
    const notes: NoteView[] = [
      { id: 'n1', body: 'Prefers email over phone.', author: 'bot', createdAt: at, aboutContact: true, earlierConversationId: 'conv-old' },
      { id: 'transfer:t1', body: 'billing question', author: 'transfer', createdAt: at },
      { id: 'n2', body: 'Asked about a refund.', author: 'bot', createdAt: at },
      { id: 'n3', body: 'VIP: handle with care.', author: 'bot', createdAt: at, aboutContact: true },
      { id: 'n4', body: 'Called back at 3.', author: 'Ada', createdAt: at },
    ];
    render(<NotesList notes={notes} />);
    const cards = screen.getAllByRole('listitem');
    const read = (card: HTMLElement) => [card.querySelector('.note-meta span')!.textContent, card.querySelector('.note-body')!.textContent];
    expect(cards.map(read)).toEqual([
      ['Note from the bot · about the contact, from an earlier conversation', 'Prefers email over phone.'],
      ['Transfer note', 'billing question'],
      ['Note from the bot', 'Asked about a refund.'],
      ['Note from the bot · about the contact', 'VIP: handle with care.'],
      ['Private note · Ada', 'Called back at 3.'],
    ]);
    // The earlier conversation's note is set apart from this conversation's.
    expect(cards.map((c) => c.classList.contains('earlier'))).toEqual([true, false, false, false, false]);
    expect(cards[0]!.classList.contains('bot')).toBe(true);
  });

  it('says there are none yet', () => {
    render(<NotesList notes={[]} />);
    screen.getByText(/No notes yet/);
  });
});
