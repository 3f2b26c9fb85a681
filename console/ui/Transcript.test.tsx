import { cleanup, render, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotAction } from '../../shared/index.js';
import { botMessage, visitorMessage } from '../../widget/testing/messages.js';
import { Transcript } from './Transcript.js';

afterEach(cleanup);

/** A whatsapp_flow step as the server stores it: its first question, carrying the step's fields as one form. */
const flowStep: BotAction = {
  name: 'message',
  payload: {
    body: 'Your phone number?',
    text_format: 'plain',
    form: {
      fields: [
        { name: 'phone', label: 'Phone number', type: 'phone', required: true },
        { name: 'email', label: 'Email', type: 'email', required: false },
        { name: 'when', label: 'Preferred date', type: 'date', required: true },
      ],
    },
  },
};

/** The transcript renders in a shadow root of its own: the queries go inside it. */
function renderTranscript(...messages: Parameters<typeof Transcript>[0]['messages']) {
  const { container } = render(<Transcript messages={messages} notes={[]} row={null} server="http://confab.test" />);
  const shadow = container.querySelector('.transcript-host')!.shadowRoot!;
  return { shadow, view: within(shadow as unknown as HTMLElement) };
}

describe('the console transcript', () => {
  it("shows a bot's whatsapp_flow form as one form with every field listed, read-only", async () => {
    const { shadow, view } = renderTranscript(botMessage(1, flowStep));
    view.getByText('Your phone number?');
    // The form is the widget's lazily loaded view.
    await view.findByLabelText('Phone number');
    expect(shadow.querySelectorAll('form')).toHaveLength(1);
    const form = view.getByRole('group', { name: 'Form sent to the visitor' });
    const fields = ['Phone number', 'Email', 'Preferred date'].map((label) => within(form).getByLabelText(label) as HTMLInputElement);
    expect(fields.map((f) => [f.name, f.type, f.required, f.readOnly])).toEqual([
      ['phone', 'tel', true, true],
      ['email', 'email', false, true],
      ['when', 'date', true, true],
    ]);
    // The agent reads the form; the visitor is the one who sends it.
    expect(within(form).queryByRole('button')).toBeNull();
  });

  it('keeps the form listed once the visitor answered it, with the answer after it', async () => {
    const answer = visitorMessage(2, { name: 'message', payload: { body: 'Phone number: +49 30 1234567\nEmail: —\nPreferred date: 2026-12-24', form: { phone: '+49 30 1234567', email: '', when: '2026-12-24' } } }, { replyTo: 'm1' });
    const { shadow, view } = renderTranscript(botMessage(1, flowStep), answer);
    await view.findByLabelText('Phone number');
    expect(shadow.querySelectorAll('form')).toHaveLength(1);
    expect(within(view.getByRole('group', { name: 'Form sent to the visitor' })).getAllByRole('textbox').map((f) => (f as HTMLInputElement).name)).toEqual(['phone', 'email']);
    const rows = [...shadow.querySelectorAll('.messages > li')];
    expect(rows.map((r) => r.classList.contains('visitor'))).toEqual([false, true]);
    expect(rows[1]!.textContent).toContain('+49 30 1234567');
  });
});
