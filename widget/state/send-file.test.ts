import { describe, expect, it, vi } from 'vitest';
import type { UploadedFile, VisitorEvent, WidgetConfig } from '../../shared/index.js';
import type { HttpResult } from '../transport/http.js';
import { createChatState } from './chat-state.js';
import { failedUploads, sendFile, type UploadDeps } from './send-file.js';

const uploads: WidgetConfig['uploads'] = { maxBytes: 1_000_000, types: ['image/png', 'application/pdf'] };

function setup(result: HttpResult<UploadedFile>) {
  const state = createChatState();
  state.config.value = { botKey: 'demo', name: 'Demo', appearance: {}, navigateOrigins: [], uploads, quickPrompts: [], personas: [], reactions: false };
  const send = vi.fn<(packet: VisitorEvent) => void>();
  const deps: UploadDeps = {
    server: 'http://confab.test',
    locale: 'en',
    identity: vi.fn(async () => ({ visitorId: 'v', token: 't' })),
    upload: vi.fn(async () => result),
  };
  return { state, send, deps };
}

const png = () => new File([new Uint8Array(10)], 'shot.png', { type: 'image/png' });

describe('sendFile', () => {
  it('shows the file as uploading, uploads it with the token, then sends it as a media event', async () => {
    const { state, send, deps } = setup({ data: { link: '/uploads/abc.png', type: 'image', name: 'shot.png', size: 10 } });
    let resolveUpload: (value: HttpResult<UploadedFile>) => void = () => {};
    deps.upload = vi.fn(() => new Promise<HttpResult<UploadedFile>>((resolve) => (resolveUpload = resolve)));
    const done = sendFile(state, send, deps, png());
    expect(state.pending.value).toMatchObject([{ status: 'sending', packet: { name: 'media', payload: { link: '', name: 'shot.png' } } }]);
    await vi.waitFor(() => expect(deps.upload).toHaveBeenCalledWith('t', expect.any(File)));
    resolveUpload({ data: { link: '/uploads/abc.png', type: 'image', name: 'shot.png', size: 10 } });
    await done;
    expect(state.pending.value).toEqual([]);
    expect(send).toHaveBeenCalledWith({
      name: 'media',
      payload: { link: 'http://confab.test/uploads/abc.png', type: 'image', name: 'shot.png', size: 10 },
    });
  });

  it("keeps a refused file as a failed chip with the server's reason", async () => {
    const { state, send, deps } = setup({ error: 'this kind of file is not accepted' });
    await sendFile(state, send, deps, png());
    expect(state.pending.value).toMatchObject([{ status: 'failed', error: 'this kind of file is not accepted' }]);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses files over the limit or of other types without uploading', async () => {
    const { state, send, deps } = setup({ error: 'unused' });
    await sendFile(state, send, deps, new File([new Uint8Array(1_000_001)], 'big.png', { type: 'image/png' }));
    await sendFile(state, send, deps, new File(['<html>'], 'page.html', { type: 'text/html' }));
    expect(state.pending.value.map((p) => p.error)).toEqual(['big.png is larger than 1 MB.', expect.stringMatching(/page\.html cannot be sent/)]);
    expect(deps.upload).not.toHaveBeenCalled();
  });

  it('does nothing when uploads are off', async () => {
    const { state, send, deps } = setup({ error: 'unused' });
    state.config.value = { ...state.config.value!, uploads: { maxBytes: 0, types: [] } };
    await sendFile(state, send, deps, png());
    expect(state.pending.value).toEqual([]);
  });
});

describe('a failed upload', () => {
  it('keeps the file for Retry, which uploads it again under the same chip, then lets it go', async () => {
    const { state, send, deps } = setup({ error: 'The chat server answered 502.' });
    await sendFile(state, send, deps, png(), 'chip-1');
    expect(state.pending.value).toMatchObject([{ clientId: 'chip-1', status: 'failed', retryable: true }]);
    expect(failedUploads.get('chip-1')?.name).toBe('shot.png');

    deps.upload = vi.fn(async () => ({ data: { link: '/uploads/abc.png', type: 'image' as const, name: 'shot.png', size: 10 } }));
    await sendFile(state, send, deps, failedUploads.get('chip-1')!, 'chip-1');
    expect(state.pending.value).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(failedUploads.has('chip-1')).toBe(false);
  });

  it('offers no Retry for a file the bot does not accept', async () => {
    const { state, send, deps } = setup({ error: 'unused' });
    await sendFile(state, send, deps, new File(['<html>'], 'page.html', { type: 'text/html' }), 'chip-2');
    expect(state.pending.value[0]?.retryable).toBe(false);
    expect(failedUploads.has('chip-2')).toBe(false);
  });
});
