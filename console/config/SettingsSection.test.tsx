import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettingsSection } from './SettingsSection.js';
import { fakeServer } from './testing/fake-server.js';
import { settingsFixture } from './testing/settings-fixture.js';

afterEach(cleanup);

const type = (label: string, value: string) => fireEvent.input(screen.getByRole('textbox', { name: label }), { target: { value } });
const slow = { timeout: 5_000 };

describe('the settings form', () => {
  it('checks the draft with the server as it is typed (?dry_run) and shows its 400 at the field it names', async () => {
    const server = fakeServer((call) => {
      if (call.path === '/settings?dry_run=true') {
        return call.body.greeting_message === '' ? { status: 400, message: 'greeting_message: Too small: expected string to have >=1 characters' } : { data: { valid: true } };
      }
    });
    render(<SettingsSection api={server.api} settings={settingsFixture()} onSaved={() => undefined} />);
    type('Greeting', '');
    const greeting = screen.getByRole('textbox', { name: 'Greeting' });
    await waitFor(() => expect(greeting.getAttribute('aria-invalid')).toBe('true'), slow);
    expect(document.getElementById('greeting_message-error')?.textContent).toBe('Too small: expected string to have >=1 characters');
    expect(greeting.getAttribute('aria-describedby')).toContain('greeting_message-error');
    // Only the changed field went, and nothing was stored.
    expect(server.sent('PUT', '/settings?dry_run=true').at(-1)!.body).toEqual({ greeting_message: '' });
    expect(server.sent('PUT', '/settings')).toHaveLength(0);

    type('Greeting', 'Welcome in!');
    await waitFor(() => expect(greeting.getAttribute('aria-invalid')).toBeNull(), slow);
  });

  it('saves only the changed fields, never the read-only ones, and says so', async () => {
    const saved = vi.fn();
    const server = fakeServer((call) => {
      if (call.path === '/settings' && call.method === 'PUT') return { data: settingsFixture(call.body) };
      return { data: { valid: true } };
    });
    render(<SettingsSection api={server.api} settings={settingsFixture()} onSaved={saved} />);
    // Nothing to save: aria-disabled (it keeps the focus), and pressing it sends nothing.
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(save);
    expect(server.sent('PUT', '/settings')).toEqual([]);
    type('Greeting', 'Welcome in!');
    type('Greeting buttons', 'Orders\nHours');
    screen.getByText('Unsaved changes');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(server.sent('PUT', '/settings')[0]!.body).toEqual({
      greeting_message: 'Welcome in!',
      // The first line keeps the id of the button it was.
      greeting_buttons: [{ id: 'b1', title: 'Orders' }, { title: 'Hours' }],
    });
    expect(saved).toHaveBeenCalledWith(expect.objectContaining({ greeting_message: 'Welcome in!' }));
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });

  it('shows a refused save at its field and keeps the draft; cancel goes back to what is saved', async () => {
    const server = fakeServer((call) =>
      call.method === 'PUT' && call.path === '/settings' ? { status: 400, message: 'business_hours.timezone: an IANA time zone such as Europe/Berlin' } : { data: { valid: true } },
    );
    render(<SettingsSection api={server.api} settings={settingsFixture()} onSaved={() => undefined} />);
    type('Time zone', 'Mars/Olympus');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('an IANA time zone such as Europe/Berlin');
    expect(screen.getByRole('alert').textContent).toBe('business_hours.timezone: an IANA time zone such as Europe/Berlin');
    expect((screen.getByRole('textbox', { name: 'Time zone' }) as HTMLInputElement).value).toBe('Mars/Olympus');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((screen.getByRole('textbox', { name: 'Time zone' }) as HTMLInputElement).value).toBe('UTC');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('edits business hours per day, sends a new AI key only when typed, and reports the webhook test', async () => {
    const server = fakeServer((call) => {
      if (call.path === '/settings/webhook-test') return { data: { ok: true, http_status: 200, latency_ms: 42 } };
      if (call.path === '/settings' && call.method === 'PUT') return { data: settingsFixture(call.body) };
      return { data: { valid: true } };
    });
    render(<SettingsSection api={server.api} settings={settingsFixture()} onSaved={() => undefined} />);
    type('Tuesday', '08:00-12:00, 13:00-18:00');
    type('Monday', '');
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'sk-new' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(server.sent('PUT', '/settings')[0]!.body).toEqual({
      business_hours: { timezone: 'UTC', days: { tuesday: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }] } },
      ai_api_key: 'sk-new',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send test event' }));
    await screen.findByText('Your bot answered 200 in 42 ms.');
  });

  it('turns registration on with the fields to ask, saved with the settings, and shows a refused choice at the fields', async () => {
    const server = fakeServer((call) => {
      if (call.method === 'PUT' && call.path === '/settings') {
        return call.body.registration_fields?.length === 0
          ? { status: 400, message: 'registration_fields: Too small: expected array to have >=1 items' }
          : { data: settingsFixture(call.body) };
      }
      return { data: { valid: true } };
    });
    render(<SettingsSection api={server.api} settings={settingsFixture()} onSaved={() => undefined} />);
    const fields = screen.getByRole('group', { name: 'Fields to ask' });
    const box = (name: string) => within(fields).getByRole('checkbox', { name }) as HTMLInputElement;
    expect([box('Name').checked, box('Email').checked, box('Phone').checked]).toEqual([true, true, false]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ask who the visitor is before a conversation starts' }));
    fireEvent.click(box('Phone'));
    fireEvent.click(box('Name'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    // The fields keep the order the card asks them in, whatever order they were ticked in.
    expect(server.sent('PUT', '/settings')[0]!.body).toEqual({ registration_enabled: true, registration_fields: ['email', 'phone'] });

    fireEvent.click(box('Email'));
    fireEvent.click(box('Phone'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Too small: expected array to have >=1 items');
    // The parent here keeps the first settings, so the switch goes again with the emptied fields.
    expect(server.sent('PUT', '/settings')[1]!.body).toEqual({ registration_enabled: true, registration_fields: [] });
    expect(screen.getByRole('alert').textContent).toBe('registration_fields: Too small: expected array to have >=1 items');
    expect(fields.getAttribute('aria-invalid')).toBe('true');
    expect(fields.getAttribute('aria-describedby')).toBe('registration_fields-error');
  });
});
