import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowUpsSection } from './FollowUpsSection.js';
import { fakeCollection, fakeServer } from './testing/fake-server.js';

afterEach(cleanup);

function followUpServer() {
  const followUps = fakeCollection('/follow-up-prompts', [], (b) => (b.description === null && b.link === null ? 'a follow-up prompt needs a description (sent as the message) or a link' : undefined));
  const prompts = fakeCollection('/prompts', [
    { id: 'p1', name: 'Friendly', system_prompt: 'Be warm.', active: true },
    { id: 'p2', name: 'Terse', system_prompt: 'Be brief.', active: false },
  ]);
  return fakeServer((call) => {
    // The list's own limit is checked on save only, as the server does.
    if (call.path === '/prompts/p2' && call.method === 'PUT' && call.body.active) return { status: 400, message: 'prompts: at most one prompt is active' };
    return followUps(call) ?? prompts(call);
  });
}

describe('follow-ups and AI prompts', () => {
  it('creates a follow-up prompt: the server wants a message or a link, then gets the one typed', async () => {
    const server = followUpServer();
    render(<FollowUpsSection api={server.api} />);
    expect(await screen.findByText('No follow-up prompts yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New follow-up prompt' }));
    const form = screen.getByRole('form', { name: 'New follow-up prompt' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Title' }), { target: { value: 'Delivery times' } });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('needs a description'), { timeout: 5_000 });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Message it sends' }), { target: { value: 'How long does delivery take?' } });
    await waitFor(() => expect(within(form).queryByRole('alert')).toBeNull(), { timeout: 5_000 });
    fireEvent.click(within(form).getByRole('button', { name: 'Create follow-up prompt' }));
    await screen.findByRole('button', { name: 'Delivery times' });
    expect(server.sent('POST', '/follow-up-prompts')[0]!.body).toEqual({ title: 'Delivery times', description: 'How long does delivery take?', link: null });
  });

  it('shows a second active prompt refused at the Active box, and saves an edit with PUT', async () => {
    const server = followUpServer();
    render(<FollowUpsSection api={server.api} />);
    expect(await screen.findByRole('button', { name: 'Friendly (active)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Terse' }));
    const form = screen.getByRole('form', { name: 'Edit AI prompt' });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Active' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(form.querySelector('.field-error')?.textContent).toBe('at most one prompt is active'));

    fireEvent.click(within(form).getByRole('checkbox', { name: 'Active' }));
    fireEvent.input(within(form).getByRole('textbox', { name: 'System prompt' }), { target: { value: 'Be brief. Answer in one sentence.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    expect(server.sent('PUT', '/prompts/p2').at(-1)!.body).toEqual({ name: 'Terse', system_prompt: 'Be brief. Answer in one sentence.', active: false });
  });
});
