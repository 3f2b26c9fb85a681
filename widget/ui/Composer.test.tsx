import { signal } from '@preact/signals-core';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import { renderInPanel } from '../testing/render.js';
import { Composer } from './Composer.js';

afterEach(cleanup);

function setup(props: { accept?: string[]; onFiles?: (files: readonly File[]) => void } = {}) {
  const onSend = vi.fn<(text: string) => void>();
  const draft = signal('');
  renderInPanel(<Composer draft={draft} onSend={onSend} {...props} />);
  const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.input(box, { target: { value } });
  return { onSend, box, type, draft };
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

  it('shows text put into the draft from outside (window.Confab.prefill)', async () => {
    const { box, draft, onSend } = setup();
    draft.value = 'Order NW-1001 is late';
    await vi.waitFor(() => expect(box.value).toBe('Order NW-1001 is late'));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Order NW-1001 is late');
    expect(draft.value).toBe('');
  });

  it('has no file picker unless uploads are on', async () => {
    setup();
    expect(screen.queryByRole('button', { name: 'Attach a file' })).toBeNull();
    cleanup();
    setup({ accept: ['image/png', 'application/pdf'], onFiles: vi.fn() });
    const attach = await screen.findByRole('button', { name: 'Attach a file' });
    expect(attach).toBeTruthy();
    const input = attach.parentElement?.querySelector('input[type="file"]');
    expect(input?.getAttribute('accept')).toBe('image/png,application/pdf');
  });

  it('hands picked and pasted files over', async () => {
    const onFiles = vi.fn<(files: readonly File[]) => void>();
    const { box } = setup({ accept: ['image/png'], onFiles });
    const attach = await screen.findByRole('button', { name: 'Attach a file' });
    const input = attach.parentElement!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const file = new File(['png'], 'shot.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    expect(onFiles).toHaveBeenLastCalledWith([file]);

    const pasted = new File(['png'], 'pasted.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [pasted] } });
    box.dispatchEvent(paste);
    expect(onFiles).toHaveBeenLastCalledWith([pasted]);
    expect(paste.defaultPrevented).toBe(true);
  });
});
