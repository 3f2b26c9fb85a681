import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import { Composer } from './Composer.js';

afterEach(cleanup);

function setup() {
  const onSend = vi.fn<(text: string) => void>();
  render(<Composer onSend={onSend} />);
  const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.input(box, { target: { value } });
  return { onSend, box, type };
}

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const { onSend, box, type } = setup();
    type('  Hello there  ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Hello there');
    await vi.waitFor(() => expect(box.value).toBe(''));
  });

  it('keeps Shift+Enter for a new line', () => {
    const { onSend, box, type } = setup();
    type('line one');
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('sends with the send button too', () => {
    const { onSend, type } = setup();
    type('via button');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith('via button');
  });

  it('does not send empty or blank text', () => {
    const { onSend, box, type } = setup();
    fireEvent.keyDown(box, { key: 'Enter' });
    type('   \n ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('refuses text over the limit and says why', async () => {
    const { onSend, box, type } = setup();
    type('x'.repeat(MAX_MESSAGE_LENGTH + 1));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect((await screen.findByRole('alert')).textContent).toMatch(/up to 5,000 characters/);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.value).toHaveLength(MAX_MESSAGE_LENGTH + 1);
  });

  it('accepts text exactly at the limit', () => {
    const { onSend, box, type } = setup();
    type('x'.repeat(MAX_MESSAGE_LENGTH));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledOnce();
  });
});
