import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleSection } from './PeopleSection.js';
import { fakeCollection, fakeServer } from './testing/fake-server.js';

afterEach(cleanup);

describe('canned responses', () => {
  it('lists them by short code, refuses a bad code at its field as typed, and creates one', async () => {
    const canned = fakeCollection('/canned-responses', [{ id: 'c1', short_code: 'hours', content: 'We open at 8.' }], (b) =>
      /^[\p{L}\p{N}_-]+$/u.test(b.short_code) ? undefined : 'short_code: letters, digits, "_" and "-" only (typed after "/")',
    );
    const server = fakeServer((call) => canned(call) ?? (call.method === 'GET' ? { data: { items: [] } } : undefined));
    render(<PeopleSection api={server.api} />);
    expect(await screen.findByRole('button', { name: '/hours' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New canned response' }));
    const form = screen.getByRole('form', { name: 'New canned response' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Short code' }), { target: { value: 'refund policy' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Reply' }), { target: { value: 'Refunds take 5 days.' } });
    await waitFor(() => expect(document.getElementById('canned-code-error')?.textContent).toContain('letters, digits'), { timeout: 5_000 });

    fireEvent.input(within(form).getByRole('textbox', { name: 'Short code' }), { target: { value: 'refund' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create canned response' }));
    await screen.findByRole('button', { name: '/refund' });
    expect(server.sent('POST', '/canned-responses')[0]!.body).toEqual({ short_code: 'refund', content: 'Refunds take 5 days.' });
  });
});

describe('the focus a form opens with', () => {
  // Not through testing-library's events, which run the effects at once: the effects here come
  // when the browser gets round to them, after a keyboard user may already be in the field.
  const drawn = async <T,>(find: () => T | null): Promise<T> => {
    for (let i = 0; i < 50; i++) {
      const found = find();
      if (found) return found;
      await Promise.resolve();
    }
    throw new Error('never drawn');
  };

  it('moves to the new form as it is drawn, so a field focused as soon as it shows keeps the focus', async () => {
    const server = fakeServer((call) => (call.method === 'GET' ? { data: { items: [] } } : undefined));
    render(<PeopleSection api={server.api} />);
    (await screen.findByRole('button', { name: 'New team' })).click();
    const name = await drawn(() => document.querySelector<HTMLInputElement>('#team-name'));
    expect(document.activeElement?.textContent).toBe('New team');
    name.focus();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(document.activeElement).toBe(name);
  });
});
