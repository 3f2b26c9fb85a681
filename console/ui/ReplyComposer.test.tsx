import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UploadAgentFile } from '../transport/upload.js';
import { botSays, detail, mine, snapshot } from '../testing/fixtures.js';
import { renderConsole } from '../testing/harness.js';

afterEach(cleanup);

/** Signed in, with a conversation of mine open. */
async function inConversation(options: Parameters<typeof renderConsole>[0] = {}) {
  const open = mine('c1');
  const app = renderConsole(options);
  app.controller.signIn('agent-token');
  act(() => app.socket().fire('connect'));
  await waitFor(() => expect(app.socket().sent('inbox:get')).toHaveLength(1));
  await act(async () => app.answer('inbox:get', { ok: true, data: snapshot({ mine: [open], open: [open] }) }));
  await act(async () => void app.controller.openConversation('c1'));
  await act(async () => app.answer('conversation:watch', { ok: true, data: detail(open) }));
  const reply = await screen.findByRole('textbox', { name: 'Reply' });
  return { app, reply };
}

const type = (field: HTMLElement, value: string) => {
  (field as HTMLTextAreaElement).setSelectionRange?.(value.length, value.length);
  fireEvent.input(field, { target: { value, selectionStart: value.length } });
};

describe('the composer', () => {
  it('sends markdown with Enter, keeps Shift+Enter for a new line, and shows the reply', async () => {
    const { app, reply } = await inConversation();
    type(reply, 'Your order ships **today**');
    fireEvent.keyDown(reply, { key: 'Enter', shiftKey: true });
    expect(app.payloads('agent:message')).toEqual([]);
    fireEvent.keyDown(reply, { key: 'Enter' });
    expect(app.payloads('agent:message')).toEqual([{ conversationId: 'c1', clientId: expect.any(String), body: 'Your order ships **today**' }]);
    // Typing was said, and its end with the send.
    expect(app.payloads('agent:typing')).toEqual([
      { conversationId: 'c1', typing: true },
      { conversationId: 'c1', typing: false },
    ]);
    const sent = { ...botSays('c1', 'Your order ships **today**', 'agent'), sender: { name: 'Ana Lima', avatar: null } };
    await act(async () => app.answer('agent:message', { ok: true, data: { message: sent } }));
    await waitFor(() => expect((reply as HTMLTextAreaElement).value).toBe(''));
    const transcript = document.querySelector('.transcript-host')!.shadowRoot!;
    await waitFor(() => expect(transcript.querySelector('.row.agent strong')?.textContent).toBe('today'));
    expect(within(transcript as unknown as HTMLElement).getByText('Ana Lima')).toBeTruthy();
  });

  it('says typing again only every few seconds', async () => {
    const { app, reply } = await inConversation();
    type(reply, 'H');
    type(reply, 'He');
    type(reply, 'Hel');
    expect(app.payloads('agent:typing')).toEqual([{ conversationId: 'c1', typing: true }]);
    fireEvent.blur(reply);
    expect(app.payloads('agent:typing')).toHaveLength(2);
  });

  it('sends a private note instead with the toggle on, shown as a note', async () => {
    const { app, reply } = await inConversation();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Private note' }));
    type(reply, 'Customer is a wholesale buyer');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(app.payloads('agent:message')).toEqual([]);
    expect(app.payloads('agent:note')).toEqual([{ conversationId: 'c1', body: 'Customer is a wholesale buyer' }]);
    // No typing indicator for the visitor while writing a note.
    expect(app.payloads('agent:typing')).toEqual([]);
    const note = { id: 'n1', body: 'Customer is a wholesale buyer', author: 'Ana Lima', createdAt: new Date().toISOString() };
    await act(async () => app.answer('agent:note', { ok: true, data: { note } }));
    const notes = await screen.findByRole('heading', { name: 'Notes' });
    expect(notes.parentElement!.textContent).toContain('Private note · Ana Lima');
    expect(document.querySelector('.transcript-host')!.shadowRoot!.querySelector('.note')?.textContent).toContain('Customer is a wholesale buyer');
  });

  it('opens the canned responses on "/", filters them, moves with the arrows and inserts with Enter', async () => {
    const { app, reply } = await inConversation();
    type(reply, 'Hello /');
    const list = screen.getByRole('listbox', { name: 'Canned responses' });
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    type(reply, 'Hello /ref');
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['/refundRefunds take **3–5 days**.']);
    type(reply, 'Hello /');
    fireEvent.keyDown(reply, { key: 'ArrowDown' });
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    expect(reply.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    fireEvent.keyDown(reply, { key: 'Enter' });
    expect((reply as HTMLTextAreaElement).value).toBe('Hello Refunds take **3–5 days**.');
    expect(screen.queryByRole('listbox')).toBeNull();
    // Enter inserted; it did not send.
    expect(app.payloads('agent:message')).toEqual([]);
  });

  it('closes the canned responses with Escape, keeping the text', async () => {
    const { reply } = await inConversation();
    type(reply, '/gr');
    expect(screen.getByRole('listbox')).toBeTruthy();
    fireEvent.keyDown(reply, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect((reply as HTMLTextAreaElement).value).toBe('/gr');
  });

  it('uploads a file through the upload route, then sends it with the text', async () => {
    const upload = vi.fn<UploadAgentFile>(async () => ({ data: { link: 'http://confab.test/uploads/a.pdf', type: 'file' as const, name: 'invoice.pdf' } }));
    const { app, reply } = await inConversation({ upload });
    type(reply, 'Here is your invoice');
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const file = new File(['%PDF'], 'invoice.pdf', { type: 'application/pdf' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    await waitFor(() => expect(app.payloads('agent:message')).toHaveLength(1));
    expect(upload).toHaveBeenCalledWith('http://confab.test', 'agent-token', file);
    expect(app.payloads('agent:message')[0]).toMatchObject({
      body: 'Here is your invoice',
      attachment: { link: 'http://confab.test/uploads/a.pdf', type: 'file', name: 'invoice.pdf' },
    });
  });

  it('shows the server’s refusal and keeps the draft', async () => {
    const { app, reply } = await inConversation();
    type(reply, 'Hello');
    fireEvent.keyDown(reply, { key: 'Enter' });
    await act(async () => app.answer('agent:message', { ok: false, error: { code: 'forbidden', message: 'this conversation is not assigned to you' } }));
    expect((await screen.findByRole('alert')).textContent).toContain('not assigned to you');
    expect((reply as HTMLTextAreaElement).value).toBe('Hello');
  });
});
