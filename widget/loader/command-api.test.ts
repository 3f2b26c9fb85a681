import { describe, expect, it, vi } from 'vitest';
import type { PanelController } from '../contract.js';
import { createCommandApi, replayStubQueue } from './command-api.js';

function fakePanel(): PanelController & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    open: (options) => void calls.push(`open:${options?.focus}`),
    close: () => void calls.push('close'),
    toggle: () => void calls.push('toggle'),
    send: (text) => void calls.push(`send:${text}`),
  };
}

describe('window.Confab', () => {
  it('queues commands until the panel is mounted, asks for the panel, then runs them in order', () => {
    const requestPanel = vi.fn();
    const commands = createCommandApi(requestPanel);
    commands.api.open();
    commands.api.send('hello');
    commands.api.close();
    expect(requestPanel).toHaveBeenCalled();
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual(['open:true', 'send:hello', 'close']);
    commands.api.toggle();
    expect(panel.calls.at(-1)).toBe('toggle');
  });

  it('does not load the panel just to close it', () => {
    const requestPanel = vi.fn();
    createCommandApi(requestPanel).api.close();
    expect(requestPanel).not.toHaveBeenCalled();
  });

  it('emits events to listeners, until they are removed', () => {
    const commands = createCommandApi(() => {});
    const onOpen = vi.fn();
    commands.api.on('open', onOpen);
    commands.emit('open', undefined);
    commands.api.off('open', onOpen);
    commands.emit('open', undefined);
    expect(onOpen).toHaveBeenCalledOnce();
  });

  it('keeps going when a listener throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const commands = createCommandApi(() => {});
    const second = vi.fn();
    commands.api.on('close', () => {
      throw new Error('site bug');
    });
    commands.api.on('close', second);
    commands.emit('close', undefined);
    expect(second).toHaveBeenCalled();
  });

  it('fires ready on attach, and for late listeners too', async () => {
    const commands = createCommandApi(() => {});
    const early = vi.fn();
    commands.api.on('ready', early);
    commands.attach(fakePanel());
    expect(early).toHaveBeenCalledOnce();
    const late = vi.fn();
    commands.api.on('ready', late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledOnce();
  });

  it('replays calls queued on a stub before the loader ran', () => {
    const commands = createCommandApi(() => {});
    const onMessage = vi.fn();
    function asArguments(...args: unknown[]): ArrayLike<unknown> {
      return arguments;
    }
    replayStubQueue(commands.api, [['on', 'message', onMessage], asArguments('send', 'from stub'), ['bogus'], ['open']]);
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual(['send:from stub', 'open:true']);
    commands.emit('message', { id: 'm1' } as never);
    expect(onMessage).toHaveBeenCalled();
  });
});
