import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { failedUploads } from '../state/send-file.js';
import { renderInPanel } from '../testing/render.js';
import { VisitorMessageView } from './VisitorMessageView.js';

afterEach(() => {
  cleanup();
  failedUploads.clear();
});

describe('a message that could not be sent', () => {
  it('says why and offers Retry, named after the message, which sends it again', async () => {
    const { context } = renderInPanel(
      <VisitorMessageView packet={{ name: 'message', payload: { body: 'hello' } }} status="failed" error="Slow down." retryId="c1" />,
    );
    expect(screen.getByText(/Not sent: Slow down\./)).toBeTruthy();
    const retry = await screen.findByRole('button', { name: 'Retry: hello' });
    expect(retry.textContent).toBe('Retry');
    fireEvent.click(retry);
    expect(context.actions.retry).toHaveBeenCalledWith('c1');
  });

  it('uploads a failed file again under its chip', async () => {
    const file = new File(['x'], 'shot.png', { type: 'image/png' });
    failedUploads.set('chip-1', file);
    const { context } = renderInPanel(
      <VisitorMessageView packet={{ name: 'media', payload: { link: '', type: 'image', name: 'shot.png', size: 1 } }} status="failed" error="offline" retryId="chip-1" />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry: shot.png' }));
    expect(context.actions.sendFile).toHaveBeenCalledWith(file, 'chip-1');
    expect(context.actions.retry).not.toHaveBeenCalled();
  });

  it('offers no Retry where it cannot help (a file over the limit)', () => {
    renderInPanel(<VisitorMessageView packet={{ name: 'message', payload: { body: 'x' } }} status="failed" error="too big" />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
