import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { IconsSection } from './IconsSection.js';
import { fakeServer, fakeSingleton } from './testing/fake-server.js';

afterEach(cleanup);

const iconsServer = () =>
  fakeServer(
    fakeSingleton('/icons', { launcher: 'https://cdn.shop.test/chat.svg' }, (body: Record<string, string>) => {
      const bad = Object.entries(body).find(([, url]) => !url.startsWith('https://'));
      return bad && `icons.${bad[0]}: Invalid URL`;
    }),
  );

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('icons', () => {
  it('checks the icons with the server as they are typed (?dry_run) and shows its refusal at the field it names, before any save', async () => {
    const server = iconsServer();
    render(<IconsSection api={server.api} />);
    await waitFor(() => expect(field('Launcher icon').value).toBe('https://cdn.shop.test/chat.svg'));
    fireEvent.input(field('Bot avatar'), { target: { value: 'http://cdn.shop.test/bot.png' } });
    await waitFor(() => expect(document.getElementById('icon-bot_avatar-error')?.textContent).toBe('Invalid URL'));
    expect(server.sent('PUT', '/icons?dry_run=true').at(-1)!.body).toEqual({ launcher: 'https://cdn.shop.test/chat.svg', bot_avatar: 'http://cdn.shop.test/bot.png' });
    expect(server.sent('PUT', '/icons')).toHaveLength(0);
  });

  it('loads them, shows a refusal at the field the server names, and PUTs the whole set without the emptied ones', async () => {
    const server = iconsServer();
    render(<IconsSection api={server.api} />);
    await waitFor(() => expect(field('Launcher icon').value).toBe('https://cdn.shop.test/chat.svg'));
    fireEvent.input(field('Avatar of an agent who has none'), { target: { value: 'http://cdn.shop.test/agent.png' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(document.getElementById('icon-agent_avatar-error')?.textContent).toBe('Invalid URL'));
    expect(field('Avatar of an agent who has none').getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(field('Avatar of an agent who has none'), { target: { value: 'https://cdn.shop.test/agent.png' } });
    fireEvent.input(field('Bot avatar'), { target: { value: 'https://cdn.shop.test/bot.png' } });
    fireEvent.input(field('Launcher icon'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(server.sent('PUT', '/icons').at(-1)!.body).toEqual({ agent_avatar: 'https://cdn.shop.test/agent.png', bot_avatar: 'https://cdn.shop.test/bot.png' });
  });

  it('Cancel puts back what was loaded', async () => {
    const server = iconsServer();
    render(<IconsSection api={server.api} />);
    await waitFor(() => expect(field('Launcher icon').value).toBe('https://cdn.shop.test/chat.svg'));
    fireEvent.input(field('Launcher icon'), { target: { value: 'https://other.test/x.svg' } });
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(field('Launcher icon').value).toBe('https://cdn.shop.test/chat.svg');
    expect(server.sent('PUT', '/icons')).toHaveLength(0);
  });
});
