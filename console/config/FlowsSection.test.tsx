import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FlowsSection } from './FlowsSection.js';
import { fakeServer } from './testing/fake-server.js';
import type { Flow } from './types.js';

afterEach(cleanup);

const flow = (): Flow & { id: string; created_at: string; updated_at: string } => ({
  id: 'f1',
  name: 'Feedback',
  trigger_keywords: ['feedback'],
  enabled: true,
  created_at: '2026-12-01T00:00:00Z',
  updated_at: '2026-12-01T00:00:00Z',
  steps: [{ step_name: 'ask', step_order: 1, message: 'How was it?', message_type: 'text' }],
});

describe('the flow editor', () => {
  it('switches a step to buttons, shows the server check at that step, and saves the steps in order', async () => {
    const server = fakeServer((call) => {
      if (call.method === 'GET') return { data: { items: [flow()] } };
      if (call.path.includes('dry_run')) {
        const step = call.body.steps[0];
        return step.message_type === 'buttons' && step.buttons.length === 0 ? { status: 400, message: 'steps.0.buttons: a buttons step needs 1 to 10 buttons' } : { data: { valid: true } };
      }
      if (call.method === 'PUT') return { data: { ...flow(), ...call.body } };
    });
    render(<FlowsSection api={server.api} server="http://confab.test" botKey="demo" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Feedback' }));
    const step = screen.getByRole('group', { name: 'Step 1: ask' });
    fireEvent.change(within(step).getByRole('combobox', { name: 'Type' }), { target: { value: 'buttons' } });
    const buttons = within(step).getByRole('textbox', { name: 'Buttons' });
    expect((buttons as HTMLTextAreaElement).value).toBe('Yes\nNo');
    fireEvent.input(buttons, { target: { value: '' } });
    await waitFor(() => expect(buttons.getAttribute('aria-invalid')).toBe('true'), { timeout: 5_000 });
    expect(document.getElementById('step-0-buttons-error')?.textContent).toBe('a buttons step needs 1 to 10 buttons');

    fireEvent.input(buttons, { target: { value: 'Great\nBad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a step' }));
    const second = screen.getByRole('group', { name: 'Step 2: step-2' });
    fireEvent.change(within(second).getByRole('combobox', { name: 'Type' }), { target: { value: 'transfer' } });
    fireEvent.input(within(second).getByRole('textbox', { name: 'Message' }), { target: { value: 'A person will help.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move up step 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    const body = server.sent('PUT', '/flows/f1')[0]!.body;
    expect(body).not.toHaveProperty('id');
    expect(body).not.toHaveProperty('created_at');
    expect(body.steps).toEqual([
      { step_name: 'step-2', step_order: 1, message: 'A person will help.', message_type: 'transfer', transfer_config: {} },
      { step_name: 'ask', step_order: 2, message: 'How was it?', message_type: 'buttons', buttons: [{ title: 'Great' }, { title: 'Bad' }] },
    ]);
  });

  it('says at once when panel_config is not JSON, and sends it once it is', async () => {
    const server = fakeServer((call) => (call.method === 'GET' ? { data: { items: [flow()] } } : { data: { valid: true } }));
    render(<FlowsSection api={server.api} server="http://confab.test" botKey="demo" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Feedback' }));
    const panel = screen.getByRole('textbox', { name: "Agents' panel (panel_config, JSON)" });
    fireEvent.input(panel, { target: { value: '{"sections": [' } });
    expect(document.getElementById('flow-panel-error')?.textContent).toContain('not valid JSON');
    fireEvent.input(panel, { target: { value: '{"sections": []}' } });
    expect(document.getElementById('flow-panel-error')).toBeNull();
    await waitFor(() => expect(server.calls.some((c) => c.path === '/flows/f1?dry_run=true' && c.body.panel_config?.sections)).toBe(true), { timeout: 5_000 });
  });

  it('offers every message type, with the fields each one takes', async () => {
    const server = fakeServer((call) => (call.method === 'GET' ? { data: { items: [flow()] } } : { data: { valid: true } }));
    render(<FlowsSection api={server.api} server="http://confab.test" botKey="demo" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Feedback' }));
    const step = () => screen.getByRole('group', { name: 'Step 1: ask' });
    const type = within(step()).getByRole('combobox', { name: 'Type' });
    expect([...(type as HTMLSelectElement).options].map((o) => o.value)).toEqual(['text', 'buttons', 'api_fetch', 'whatsapp_flow', 'transfer']);
    fireEvent.change(type, { target: { value: 'api_fetch' } });
    within(step()).getByRole('textbox', { name: 'URL' });
    within(step()).getByRole('textbox', { name: 'Response mapping' });
    fireEvent.change(type, { target: { value: 'whatsapp_flow' } });
    expect((within(step()).getByRole('textbox', { name: 'Form fields' }) as HTMLTextAreaElement).value).toBe('email | Your email | email');
    expect(within(step()).queryByRole('textbox', { name: 'URL' })).toBeNull();
  });
});
