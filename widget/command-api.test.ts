import { describe, expect, it, vi } from 'vitest';
import type { ConfabApi, PanelController } from './contract.js';
import { createCommandApi, type LoaderHooks } from './command-api.js';

function fakePanel(): PanelController & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    open: (options) => void calls.push(`open:${options?.focus}`),
    close: () => void calls.push('close'),
    toggle: () => void calls.push('toggle'),
    send: (text) => void calls.push(`send:${text}`),
    prefill: (text) => void calls.push(`prefill:${text}`),
    identify: (profile) => void calls.push(`identify:${JSON.stringify(profile)}`),
    reset: () => void calls.push('reset'),
    destroy: () => void calls.push('destroy'),
  };
}

function hooks() {
  return { reset: vi.fn<LoaderHooks['reset']>(), destroy: vi.fn<LoaderHooks['destroy']>() };
}

describe('window.Confab', () => {
  it('queues commands until the panel is mounted, asks for the panel, then runs them in order', () => {
    const requestPanel = vi.fn();
    const commands = createCommandApi(requestPanel, hooks());
    commands.api.open();
    commands.api.send('hello');
    commands.api.prefill('draft');
    commands.api.identify({ name: 'Ada', email: 'ada@example.com' });
    commands.api.close();
    expect(requestPanel).toHaveBeenCalled();
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual([
      'open:true',
      'send:hello',
      'prefill:draft',
      'identify:{"name":"Ada","email":"ada@example.com"}',
      'close',
    ]);
    commands.api.toggle();
    expect(panel.calls.at(-1)).toBe('toggle');
  });

  it('does not load the panel just to close it', () => {
    const requestPanel = vi.fn();
    createCommandApi(requestPanel, hooks()).api.close();
    expect(requestPanel).not.toHaveBeenCalled();
  });

  it('keeps prefill and identify waiting for the panel without loading it; open, toggle and send load it', () => {
    for (const [command, loads] of [
      [(api: ConfabApi) => api.prefill('draft'), false],
      [(api: ConfabApi) => api.identify({ name: 'Ada' }), false],
      [(api: ConfabApi) => api.reset(), false],
      [(api: ConfabApi) => api.close(), false],
      [(api: ConfabApi) => api.open(), true],
      [(api: ConfabApi) => api.toggle(), true],
      [(api: ConfabApi) => api.send('hi'), true],
    ] as const) {
      const requestPanel = vi.fn();
      command(createCommandApi(requestPanel, hooks()).api);
      expect(requestPanel.mock.calls.length > 0, command.toString()).toBe(loads);
    }
    // Queued without a request, they still run in order once something else brings the panel.
    const requestPanel = vi.fn();
    const commands = createCommandApi(requestPanel, hooks());
    commands.api.identify({ name: 'Ada' });
    commands.api.prefill('draft');
    commands.api.open();
    expect(requestPanel).toHaveBeenCalledOnce();
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual(['identify:{"name":"Ada"}', 'prefill:draft', 'open:true']);
  });

  it('ignores arguments of the wrong type', () => {
    const requestPanel = vi.fn();
    const { api } = createCommandApi(requestPanel, hooks());
    api.send(42 as unknown as string);
    api.prefill(undefined as unknown as string);
    api.identify(null as unknown as { name: string });
    expect(requestPanel).not.toHaveBeenCalled();
  });

  it('resets the stored visitor at once and the panel in queue order', () => {
    const loader = hooks();
    const commands = createCommandApi(() => {}, loader);
    commands.api.identify({ name: 'Ada' });
    commands.api.reset();
    expect(loader.reset).toHaveBeenCalledOnce();
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual(['identify:{"name":"Ada"}', 'reset']);
  });

  it('destroys: drops the queue and the listeners, then lets the loader remove the widget', () => {
    const loader = hooks();
    const commands = createCommandApi(() => {}, loader);
    const onOpen = vi.fn();
    commands.api.on('open', onOpen);
    commands.api.send('never');
    commands.api.destroy();
    expect(loader.destroy).toHaveBeenCalledOnce();
    commands.emit('open', undefined);
    expect(onOpen).not.toHaveBeenCalled();
    const panel = fakePanel();
    commands.attach(panel);
    expect(panel.calls).toEqual([]);
  });

  it('emits events to listeners, until they are removed', () => {
    const commands = createCommandApi(() => {}, hooks());
    const onUnread = vi.fn();
    commands.api.on('unread', onUnread);
    commands.emit('unread', 2);
    commands.api.off('unread', onUnread);
    commands.emit('unread', 3);
    expect(onUnread).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('keeps going when a listener throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const commands = createCommandApi(() => {}, hooks());
    const second = vi.fn();
    commands.api.on('close', () => {
      throw new Error('site bug');
    });
    commands.api.on('close', second);
    commands.emit('close', undefined);
    expect(second).toHaveBeenCalled();
  });

  it('fires ready on attach, and for late listeners too', async () => {
    const commands = createCommandApi(() => {}, hooks());
    const early = vi.fn();
    commands.api.on('ready', early);
    commands.attach(fakePanel());
    expect(early).toHaveBeenCalledOnce();
    const late = vi.fn();
    commands.api.on('ready', late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledOnce();
  });
});
