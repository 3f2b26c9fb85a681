import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { WIDGET_STRING_KEYS } from '../../shared/widget-strings.js';
import { en } from '../../widget/i18n/en.js';
import { fakeServer, fakeSingleton } from './testing/fake-server.js';
import { WidgetTextsSection } from './WidgetTextsSection.js';

afterEach(cleanup);

const textsServer = () =>
  fakeServer(
    fakeSingleton('/messages', { de: { placeholder: 'Schreiben Sie uns…', send: 'Senden' }, fr: { send: 'Envoyer' } }, (body) =>
      body.de?.send?.length > 10 ? 'widget_messages.de.send: Too big: expected string to have <=10 characters' : undefined,
    ),
  );

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('widget texts', () => {
  it('shows every text of the language chosen, with the English default as placeholder', async () => {
    const server = textsServer();
    render(<WidgetTextsSection api={server.api} />);
    await screen.findByRole('combobox', { name: 'Language' });
    expect(screen.getAllByRole('textbox')).toHaveLength(WIDGET_STRING_KEYS.length);
    // Each field says in words what its text is, not the key it is stored under.
    const labels = (screen.getAllByRole('textbox') as HTMLInputElement[]).map((box) => (box.labels?.[0]?.textContent ?? '').trim());
    expect(new Set(labels).size).toBe(WIDGET_STRING_KEYS.length);
    for (const key of WIDGET_STRING_KEYS) expect(labels).not.toContain(key);
    expect(field('Message box placeholder').value).toBe('');
    expect(field('Message box placeholder').placeholder).toBe(en.placeholder);
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'de' } });
    await waitFor(() => expect(field('Message box placeholder').value).toBe('Schreiben Sie uns…'));
    expect(field('Send button').value).toBe('Senden');
    expect(field('Retry button').placeholder).toBe(en.retry);
  });

  it('removes an emptied text from the PUT (and a language left with none), keeping the other languages', async () => {
    const server = textsServer();
    render(<WidgetTextsSection api={server.api} />);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Language' }), { target: { value: 'de' } });
    await waitFor(() => expect(field('Send button').value).toBe('Senden'));
    fireEvent.input(field('Message box placeholder'), { target: { value: '' } });
    fireEvent.input(field('Retry button'), { target: { value: 'Nochmal' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(server.sent('PUT', '/messages')[0]!.body).toEqual({ de: { send: 'Senden', retry: 'Nochmal' }, fr: { send: 'Envoyer' } });

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'fr' } });
    await waitFor(() => expect(field('Send button').value).toBe('Envoyer'));
    fireEvent.input(field('Send button'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.sent('PUT', '/messages')).toHaveLength(2));
    expect(server.sent('PUT', '/messages')[1]!.body).toEqual({ de: { send: 'Senden', retry: 'Nochmal' } });
  });

  it('shows a refusal at the text the server names', async () => {
    const server = textsServer();
    render(<WidgetTextsSection api={server.api} />);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Language' }), { target: { value: 'de' } });
    await waitFor(() => expect(field('Send button').value).toBe('Senden'));
    fireEvent.input(field('Send button'), { target: { value: 'Nachricht senden' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(document.getElementById('text-send-error')?.textContent).toContain('Too big'));
    expect(field('Send button').getAttribute('aria-invalid')).toBe('true');
  });
});
