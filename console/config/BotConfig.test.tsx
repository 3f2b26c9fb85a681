import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BotConfig } from './BotConfig.js';
import { PeopleSection } from './PeopleSection.js';
import { fakeServer } from './testing/fake-server.js';
import { settingsFixture } from './testing/settings-fixture.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const nav = () => screen.getByRole('navigation', { name: 'Bot configuration' });

describe('a bot configuration', () => {
  it('asks before leaving a section with unsaved changes, and stays when told to', async () => {
    const server = fakeServer((call) => (call.path === '/settings' ? { data: settingsFixture() } : { data: { items: [] } }));
    render(<BotConfig api={server.api} botKey="demo" server="http://confab.test" />);
    const greeting = await screen.findByRole('textbox', { name: 'Greeting' });
    fireEvent.input(greeting, { target: { value: 'Changed' } });
    // happy-dom has no confirm(): the owner's answer is the test's.
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(within(nav()).getByRole('button', { name: 'Keyword rules' }));
    expect(confirm).toHaveBeenCalledOnce();
    expect((screen.getByRole('textbox', { name: 'Greeting' }) as HTMLTextAreaElement).value).toBe('Changed');

    const leave = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leave);
    expect(leave.defaultPrevented).toBe(true);

    confirm.mockReturnValue(true);
    fireEvent.click(within(nav()).getByRole('button', { name: 'Keyword rules' }));
    await screen.findByRole('heading', { name: 'Keyword rules' });
    expect(within(nav()).getByRole('button', { name: 'Keyword rules' }).getAttribute('aria-current')).toBe('page');
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('opens the new sections from the nav, and asks before leaving unsaved widget texts', async () => {
    const server = fakeServer((call) => {
      if (call.path === '/settings') return { data: settingsFixture() };
      if (call.path === '/messages' || call.path === '/icons') return { data: {} };
      return { data: { items: [] } };
    });
    render(<BotConfig api={server.api} botKey="demo" server="http://confab.test" />);
    for (const [section, heading] of [['Links and content', 'Links'], ['Follow-ups and AI prompts', 'AI prompts'], ['Icons', 'Icons'], ['Agents, teams and canned responses', 'Canned responses']]) {
      fireEvent.click(within(nav()).getByRole('button', { name: section }));
      await screen.findByRole('heading', { name: heading });
    }
    fireEvent.click(within(nav()).getByRole('button', { name: 'Widget texts' }));
    fireEvent.input(await screen.findByRole('textbox', { name: 'Send button' }), { target: { value: 'Go' } });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(within(nav()).getByRole('button', { name: 'Icons' }));
    expect(confirm).toHaveBeenCalledOnce();
    expect((screen.getByRole('textbox', { name: 'Send button' }) as HTMLInputElement).value).toBe('Go');
  });

  it('keeps "Saved." once the saved settings come back down to the form', async () => {
    const server = fakeServer((call) => (call.path === '/settings' ? { data: settingsFixture(call.method === 'PUT' ? call.body : {}) } : { data: { valid: true } }));
    render(<BotConfig api={server.api} botKey="demo" server="http://confab.test" />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Greeting' }), { target: { value: 'Changed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect((screen.getByRole('textbox', { name: 'Greeting' }) as HTMLTextAreaElement).value).toBe('Changed');
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });

  it('shows a new agent’s token once, from the answer to the create', async () => {
    const server = fakeServer((call) => {
      if (call.method === 'GET') return { data: { items: call.path === '/teams' ? [{ id: 't1', name: 'Care' }] : [] } };
      if (call.method === 'POST' && call.path === '/agents') return { status: 201, data: { id: 'a1', ...call.body, token: 'agent-secret-token' } };
    });
    render(<PeopleSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New agent' }));
    const form = screen.getByRole('form', { name: 'New agent' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Ana Lima' } });
    fireEvent.click(await within(form).findByRole('checkbox', { name: 'Care' }));
    // The form is checked as it is typed with ?dry_run, which creates nothing.
    await waitFor(() => expect(server.sent('POST', '/agents?dry_run=true').at(-1)?.body).toEqual({ name: 'Ana Lima', teams: ['t1'], max_chats: 5 }));
    fireEvent.click(within(form).getByRole('button', { name: 'Create agent' }));
    expect((await screen.findByRole('alert')).textContent).toContain('agent-secret-token');
    expect(server.sent('POST', '/agents')[0]!.body).toEqual({ name: 'Ana Lima', teams: ['t1'], max_chats: 5 });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('agent-secret-token')).toBeNull();
  });
});
