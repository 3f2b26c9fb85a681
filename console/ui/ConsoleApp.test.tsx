import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { watchTabTitle } from '../page/attention.js';
import { INVALID_TOKEN, TOKEN_KEY } from '../state/console-controller.js';
import { detail, ME, mine, row, snapshot, visitorSays } from '../testing/fixtures.js';
import { memoryStorage, renderConsole } from '../testing/harness.js';

afterEach(cleanup);

/** Signs in and answers inbox:get with the snapshot. */
async function signedIn(snap = snapshot(), options: Parameters<typeof renderConsole>[0] = {}) {
  const app = renderConsole(options);
  fireEvent.input(screen.getByRole('textbox', { name: 'Token' }), { target: { value: 'agent-token' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  act(() => app.socket().fire('connect'));
  await waitFor(() => expect(app.socket().sent('inbox:get')).toHaveLength(1));
  await act(async () => app.answer('inbox:get', { ok: true, data: snap }));
  await screen.findByRole('button', { name: 'Pick next' });
  return app;
}

describe('signing in', () => {
  it('says clearly when the token is wrong or revoked, and keeps no token', async () => {
    const app = renderConsole();
    const token = screen.getByRole('textbox', { name: 'Token' });
    fireEvent.input(token, { target: { value: 'not-a-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(app.tokens).toEqual(['not-a-token']);
    act(() => app.socket().fire('connect_error', new Error('invalid_token')));
    expect((await screen.findByRole('alert')).textContent).toBe(INVALID_TOKEN);
    expect(screen.getByLabelText('Token').getAttribute('aria-invalid')).toBe('true');
    expect(app.storage.items.has(TOKEN_KEY)).toBe(false);
  });

  it('keeps the token once the server took it, so a reload stays signed in; Sign out forgets it', async () => {
    const app = await signedIn();
    expect(app.storage.items.get(TOKEN_KEY)).toBe('agent-token');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(app.storage.items.has(TOKEN_KEY)).toBe(false);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    cleanup();

    const reloaded = renderConsole({ storage: memoryStorage({ [TOKEN_KEY]: 'kept-token' }) });
    reloaded.controller.start();
    expect(reloaded.tokens).toEqual(['kept-token']);
  });
});

describe('the lists', () => {
  it('replace a row in every list on inbox:update, moving it where its state says', async () => {
    const waiting = row('c1', { contact: { id: 'k1', name: 'Maya Chen', email: null, phone: null, externalId: null, verified: false } });
    const app = await signedIn(snapshot({ queue: [waiting], open: [waiting] }));
    const queue = () => screen.getByRole('list', { name: 'Queue' });
    expect(within(queue()).getByRole('button', { name: /Maya Chen/ })).toBeTruthy();
    expect(screen.getByRole('tab', { name: /Queue/ }).textContent).toContain('1');

    // A second visitor asks for a person: a sound, a new row.
    const second = row('c2', {
      contact: { id: 'k2', name: 'Leo Park', email: null, phone: null, externalId: null, verified: false },
      transfer: { ...waiting.transfer!, id: 't2', transferredAt: new Date().toISOString() },
    });
    act(() => app.socket().fire('inbox:update', second));
    expect(within(queue()).getAllByRole('button').map((b) => b.textContent)).toEqual([
      expect.stringContaining('Maya Chen'),
      expect.stringContaining('Leo Park'),
    ]);
    expect(app.beep).toHaveBeenCalledTimes(1);

    // Someone took Maya: out of the queue, into All open as assigned to them; not mine.
    act(() => app.socket().fire('inbox:update', mine('c1', { contact: waiting.contact, transfer: { ...waiting.transfer!, agentId: 'agent-ben', agentName: 'Ben Okafor' } })));
    expect(within(queue()).queryByRole('button', { name: /Maya Chen/ })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: /All open/ }));
    const all = screen.getByRole('list', { name: 'All open' });
    expect(within(all).getByRole('button', { name: /Maya Chen/ }).textContent).toContain('With Ben Okafor');
    fireEvent.click(screen.getByRole('tab', { name: /Mine/ }));
    expect(screen.queryByRole('list', { name: 'Mine' })).toBeNull();
  });

  it('shows the wait time and the transfer’s notes in the queue', async () => {
    await signedIn(snapshot({ queue: [row('c1', { transfer: { ...row('x').transfer!, notes: 'Wants a refund for order 1042' } })] }));
    const button = within(screen.getByRole('list', { name: 'Queue' })).getByRole('button');
    expect(button.textContent).toContain('waiting 3 min');
    expect(button.textContent).toContain('Note: Wants a refund for order 1042');
  });

  it('counts waiting chats and unread messages of mine in the tab title, with a sound for new ones', async () => {
    const app = await signedIn(snapshot({ queue: [row('q1')], mine: [mine('m1', { unread: 0 })] }));
    const doc = { title: '' };
    const stop = watchTabTitle(app.state, doc);
    expect(doc.title).toBe('(1) Confab console');
    act(() => app.socket().fire('inbox:update', mine('m1', { unread: 2 })));
    expect(doc.title).toBe('(3) Confab console');
    expect(app.beep).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('tab', { name: /Mine/ }).textContent).toContain('2 unread');
    act(() => app.socket().fire('inbox:update', row('q1', { state: 'ended', transfer: null })));
    expect(doc.title).toBe('(2) Confab console');
    stop();
  });
});

describe('conversations', () => {
  it('Pick next takes the oldest waiting chat, opens it under Mine, and offers the reply box', async () => {
    const waiting = row('c1', { contact: { id: 'k1', name: 'Maya Chen', email: 'maya@example.com', phone: null, externalId: null, verified: false } });
    const app = await signedIn(snapshot({ queue: [waiting], open: [waiting] }));
    fireEvent.click(screen.getByRole('button', { name: 'Pick next' }));
    const picked = mine('c1', { contact: waiting.contact });
    await act(async () => app.answer('transfer:pick-next', { ok: true, data: { conversation: picked } }));
    await waitFor(() => expect(app.payloads('conversation:watch')).toEqual([{ conversationId: 'c1' }]));
    await act(async () => app.answer('conversation:watch', { ok: true, data: detail(picked) }));
    expect(screen.getByRole('heading', { level: 1, name: 'Maya Chen' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: /Mine/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Resume bot' })).toBeTruthy();
    // What it opened is read.
    expect(app.payloads('conversation:read')).toEqual([{ conversationId: 'c1', seq: expect.any(Number) }]);
  });

  it('offers "Assign to me" instead of the reply box in a conversation that is not mine', async () => {
    const waiting = row('c1');
    const app = await signedIn(snapshot({ queue: [waiting], open: [waiting] }));
    fireEvent.click(within(screen.getByRole('list', { name: 'Queue' })).getByRole('button'));
    await act(async () => app.answer('conversation:watch', { ok: true, data: detail(waiting) }));
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Assign to me' }));
    expect(app.payloads('conversation:assign')).toEqual([{ conversationId: 'c1', agentId: ME.id }]);
    await act(async () => app.answer('conversation:assign', { ok: true, data: { conversation: mine('c1') } }));
    expect(await screen.findByRole('textbox', { name: 'Reply' })).toBeTruthy();
  });

  it('merges the messages missed while reconnecting, asking only for those after the last one', async () => {
    const open = mine('c1');
    const app = await signedIn(snapshot({ mine: [open], open: [open] }));
    await act(async () => void app.controller.openConversation('c1'));
    const history = detail(open);
    await act(async () => app.answer('conversation:watch', { ok: true, data: history }));
    const last = history.messages.at(-1)!.seq;

    act(() => app.socket().fire('disconnect', 'transport close'));
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
    act(() => app.socket().fire('connect'));
    await waitFor(() => expect(app.socket().sent('inbox:get')).toHaveLength(2));
    await act(async () => app.answer('inbox:get', { ok: true, data: snapshot({ mine: [open], open: [open] }) }));
    await waitFor(() => expect(app.payloads('conversation:watch').at(-1)).toEqual({ conversationId: 'c1', after: last }));
    const missed = visitorSays('c1', 'Are you still there?');
    // The same message twice (an event and the re-watch): shown once.
    act(() => app.socket().fire('message:new', missed));
    await act(async () => app.answer('conversation:watch', { ok: true, data: { ...history, messages: [missed] } }));
    expect(app.state.open.value?.messages.map((m) => m.id)).toEqual([...history.messages.map((m) => m.id), missed.id]);
  });

  it('shows the visitor typing, live', async () => {
    const open = mine('c1');
    const app = await signedIn(snapshot({ mine: [open], open: [open] }));
    await act(async () => void app.controller.openConversation('c1'));
    await act(async () => app.answer('conversation:watch', { ok: true, data: detail(open) }));
    act(() => app.socket().fire('visitor:typing', { conversationId: 'c1', typing: true }));
    expect(screen.getByText('Visitor is typing…')).toBeTruthy();
    act(() => app.socket().fire('visitor:typing', { conversationId: 'c1', typing: false }));
    expect(screen.queryByText('Visitor is typing…')).toBeNull();
  });
});

describe('the keyboard', () => {
  it('moves through the list with j/k and arrows, opens with Enter, r replies, ? shows the shortcuts, Escape goes back', async () => {
    const rows = ['a', 'b', 'c'].map((id) => row(id, { contact: { id: `k-${id}`, name: `Visitor ${id.toUpperCase()}`, email: null, phone: null, externalId: null, verified: false } }));
    const app = await signedIn(snapshot({ queue: rows, open: rows }));
    const focused = () => document.activeElement?.getAttribute('data-row');
    fireEvent.keyDown(document.body, { key: 'j' });

    await waitFor(() => expect(focused()).toBe('a'));
    fireEvent.keyDown(document.activeElement!, { key: 'j' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(focused()).toBe('c'));
    fireEvent.keyDown(document.activeElement!, { key: 'k' });
    await waitFor(() => expect(focused()).toBe('b'));

    // Enter on the focused row opens it (a button: its click).
    fireEvent.keyDown(document.body, { key: 'Enter' });
    await waitFor(() => expect(app.payloads('conversation:watch')).toEqual([{ conversationId: 'b' }]));
    await act(async () => app.answer('conversation:watch', { ok: true, data: detail(rows[1]!) }));
    expect(screen.getByRole('heading', { level: 1, name: 'Visitor B' })).toBeTruthy();

    fireEvent.keyDown(document.body, { key: 'n' });
    expect(app.payloads('transfer:pick-next')).toHaveLength(1);

    fireEvent.keyDown(document.body, { key: '?' });
    expect(await screen.findByRole('heading', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('heading', { name: 'Keyboard shortcuts' })).toBeNull();

    app.state.screen.value = 'conversation';
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(app.state.screen.value).toBe('list');
    await waitFor(() => expect(focused()).toBe('b'));
  });

  it('r focuses the reply box of a conversation of mine', async () => {
    const open = mine('c1');
    const app = await signedIn(snapshot({ mine: [open], open: [open] }));
    await act(async () => void app.controller.openConversation('c1'));
    await act(async () => app.answer('conversation:watch', { ok: true, data: detail(open) }));
    fireEvent.keyDown(document.body, { key: 'r' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Reply' })));
    // Typing there is typing, not shortcuts.
    fireEvent.keyDown(document.activeElement!, { key: 'n' });
    expect(app.payloads('transfer:pick-next')).toHaveLength(0);
  });
});
