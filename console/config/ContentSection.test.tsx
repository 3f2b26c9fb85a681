import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentSection } from './ContentSection.js';
import { fakeCollection, fakeServer } from './testing/fake-server.js';

afterEach(cleanup);

function contentServer() {
  const links = fakeCollection('/links', [{ id: 'l1', title: 'Help centre', url: 'https://shop.test/help' }], (b) => (/^https?:\/\//.test(b.url) ? undefined : 'url: Invalid URL'));
  const blocks = fakeCollection('/custom-content', [{ id: 'c1', title: 'Opening hours', body: 'Mon–Fri **9–17**' }]);
  return fakeServer((call) => {
    // A save is checked with the whole list (002's settings), so its refusal names the item's place in it.
    if (call.method === 'POST' && call.path === '/links' && call.body.title === 'Help centre') return { status: 400, message: 'links.1.title: a link with this title exists' };
    return links(call) ?? blocks(call);
  });
}

describe('links and content', () => {
  it('lists both, and creates a link checked as typed: the refusal at its field, then the POST as typed', async () => {
    const server = contentServer();
    render(<ContentSection api={server.api} />);
    expect(await screen.findByRole('button', { name: 'Help centre' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Opening hours' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New link' }));
    const form = screen.getByRole('form', { name: 'New link' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Title' }), { target: { value: 'Status' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'URL' }), { target: { value: 'status.shop.test' } });
    await waitFor(() => expect(document.getElementById('link-url-error')?.textContent).toBe('Invalid URL'), { timeout: 5_000 });
    expect(within(form).getByRole('textbox', { name: 'URL' }).getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(within(form).getByRole('textbox', { name: 'URL' }), { target: { value: 'https://status.shop.test' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create link' }));
    await screen.findByRole('button', { name: 'Status' });
    expect(server.sent('POST', '/links')[0]!.body).toEqual({ title: 'Status', url: 'https://status.shop.test' });
  });

  it('saves an edited block with PUT: an emptied title is left out, not sent as ""', async () => {
    const server = contentServer();
    render(<ContentSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Opening hours' }));
    const form = screen.getByRole('form', { name: 'Edit content block' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Title (optional)' }), { target: { value: '' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Text (markdown)' }), { target: { value: 'Closed on **Sunday**.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    expect(server.sent('PUT', '/custom-content/c1')[0]!.body).toEqual({ body: 'Closed on **Sunday**.' });
  });

  it('shows a save refused for the whole list at the field inside the item', async () => {
    const server = contentServer();
    render(<ContentSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New link' }));
    const form = screen.getByRole('form', { name: 'New link' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Title' }), { target: { value: 'Help centre' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'URL' }), { target: { value: 'https://shop.test/faq' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create link' }));
    await waitFor(() => expect(document.getElementById('link-title-error')?.textContent).toBe('a link with this title exists'));
    expect(within(form).getByRole('alert').textContent).toBe('links.1.title: a link with this title exists');
  });
});
