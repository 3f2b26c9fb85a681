import { cleanup, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageSource } from '../../shared/index.js';
import { botMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { BotMessageView } from './BotMessageView.js';

afterEach(cleanup);

function show(sources: MessageSource[] | undefined) {
  const message = botMessage(1, { name: 'message', payload: { body: 'We open at **7**.', ...(sources ? { sources } : {}) } });
  return renderInPanel(<BotMessageView message={message} answer={undefined} />);
}

describe('sources', () => {
  it('lists an answer’s sources under it, labelled, as links that open in a new tab', async () => {
    show([
      { title: 'Opening hours', url: 'https://northwind.example/hours' },
      { title: 'Holidays', url: 'http://northwind.example/holidays' },
    ]);
    const list = await screen.findByRole('list', { name: 'Sources' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Opening hours', 'https://northwind.example/hours'],
      ['Holidays', 'http://northwind.example/holidays'],
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(screen.getByText('Sources')).toBeTruthy();
  });

  it('drops sources that are not web pages, and names an untitled one by its host', async () => {
    show([
      { title: 'Script', url: 'javascript:alert(1)' },
      { title: 'Data', url: 'data:text/html,<b>hi</b>' },
      { title: 'Mail', url: 'mailto:shop@northwind.example' },
      { title: '  ', url: 'https://docs.northwind.example/faq' },
    ]);
    const list = await screen.findByRole('list', { name: 'Sources' });
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual(['docs.northwind.example']);
  });

  it('shows nothing when there are none, or none left', async () => {
    const { container } = show(undefined);
    expect(container.querySelector('.sources')).toBeNull();
    cleanup();
    const second = show([{ title: 'Script', url: 'javascript:alert(1)' }]);
    // Once the answer is drawn (its markdown comes from a lazy chunk: no fixed wait, which a
    // loaded machine outlasts), there is still no list.
    await vi.waitFor(() => expect(second.container.textContent).toContain('We open at 7.'));
    expect(second.container.querySelector('.sources')).toBeNull();
  });
});
