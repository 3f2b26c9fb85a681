import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AiContextsSection } from './AiContextsSection.js';
import { fakeCollection, fakeServer } from './testing/fake-server.js';
import type { AiContext } from './types.js';

afterEach(cleanup);

const slow = { timeout: 5_000 };

const returns = (): AiContext => ({
  id: 'ctx1',
  name: 'Returns',
  trigger_keywords: ['return', 'refund'],
  context_type: 'static',
  content: 'Returns are free within 30 days.',
  follow_ups: ['How do I send it back?'],
  priority: 0,
  enabled: true,
});

/** The server's rules for a context (ai-context-definition.ts), as its 400s word them. */
const refuse = (body: AiContext) => {
  if (body.context_type === 'static' && !body.content.trim()) return 'content: a static context needs content';
  if (body.context_type === 'api' && !/^https?:\/\//.test(body.api_config?.url ?? '')) return 'api_config.url: Invalid URL';
  return undefined;
};

function contextsServer() {
  return fakeServer(fakeCollection<AiContext>('/ai-contexts', [returns()], refuse));
}

describe('AI contexts', () => {
  it('lists the saved contexts and creates one from the form, refused at its content until it has some', async () => {
    const server = contextsServer();
    render(<AiContextsSection api={server.api} />);
    await screen.findByRole('button', { name: 'Returns' });
    fireEvent.click(screen.getByRole('button', { name: 'New AI context' }));
    const form = screen.getByRole('form', { name: 'New AI context' });
    const field = (name: string) => within(form).getByRole('textbox', { name });
    fireEvent.input(field('Name'), { target: { value: 'Shipping' } });
    fireEvent.input(field('Topics (trigger keywords)'), { target: { value: 'shipping\ndelivery\n' } });
    // Checked with the server as it is typed: a static context with no content is refused at Content.
    await waitFor(() => expect(document.getElementById('context-content-error')?.textContent).toBe('a static context needs content'), slow);
    expect(field('Content').getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(field('Content'), { target: { value: 'We ship **worldwide** in 3 days.' } });
    fireEvent.input(field('Follow-up questions'), { target: { value: 'Do you ship to Norway?' } });
    fireEvent.input(field('Source page URL'), { target: { value: 'https://shop.test/shipping' } });
    fireEvent.input(within(form).getByRole('spinbutton', { name: 'Priority' }), { target: { value: '5' } });
    await waitFor(() => expect(document.getElementById('context-content-error')).toBeNull(), slow);
    fireEvent.click(within(form).getByRole('button', { name: 'Create AI context' }));
    await screen.findByRole('button', { name: 'Shipping' });
    expect(server.sent('POST', '/ai-contexts')[0]!.body).toEqual({
      name: 'Shipping',
      trigger_keywords: ['shipping', 'delivery'],
      context_type: 'static',
      content: 'We ship **worldwide** in 3 days.',
      follow_ups: ['Do you ship to Norway?'],
      source_url: 'https://shop.test/shipping',
      priority: 5,
      enabled: true,
    });
  });

  it('edits a context into one fetched from an API and saves it with PUT; a refused URL shows at its field', async () => {
    const server = contextsServer();
    render(<AiContextsSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Returns' }));
    const form = screen.getByRole('form', { name: 'Edit AI context' });
    expect((within(form).getByRole('textbox', { name: 'Content' }) as HTMLTextAreaElement).value).toBe('Returns are free within 30 days.');
    fireEvent.change(within(form).getByRole('combobox', { name: 'Kind' }), { target: { value: 'api' } });
    expect(within(form).queryByRole('textbox', { name: 'Content' })).toBeNull();
    fireEvent.input(within(form).getByRole('textbox', { name: 'API URL' }), { target: { value: 'ftp://orders.shop.test' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByRole('alert');
    expect(within(form).getByRole('alert').textContent).toBe('api_config.url: Invalid URL');
    expect(document.getElementById('context-url-error')?.textContent).toBe('Invalid URL');
    // Refused and kept: the draft still holds what was typed.
    expect(server.sent('PUT', '/ai-contexts/ctx1')).toHaveLength(1);
    expect((within(form).getByRole('textbox', { name: 'API URL' }) as HTMLInputElement).value).toBe('ftp://orders.shop.test');

    fireEvent.input(within(form).getByRole('textbox', { name: 'API URL' }), { target: { value: 'https://orders.shop.test/returns' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Method' }), { target: { value: 'POST' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Headers' }), { target: { value: 'Authorization: Bearer shop-secret' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Enabled' }));
    await waitFor(() => expect(within(form).queryByRole('alert')).toBeNull(), slow);
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    const body = server.sent('PUT', '/ai-contexts/ctx1')[1]!.body;
    expect(body).not.toHaveProperty('id');
    expect(body).toMatchObject({
      name: 'Returns',
      context_type: 'api',
      api_config: { url: 'https://orders.shop.test/returns', method: 'POST', headers: { Authorization: 'Bearer shop-secret' } },
      enabled: false,
    });
    // The list shows the saved state.
    await screen.findByRole('button', { name: 'Returns (off)' });
  });
});
