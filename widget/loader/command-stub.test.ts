import { describe, expect, it, vi } from 'vitest';
import { createCommandApi, type LoaderHooks } from '../command-api.js';
import type { PanelController } from '../contract.js';
import { createCommandStub, replayStubQueue } from './command-stub.js';

function fakePanel(): PanelController & { calls: string[] } {
  const calls: string[] = [];
  const log = (name: string) => (arg?: unknown) => void calls.push(arg === undefined ? name : `${name}:${JSON.stringify(arg)}`);
  return { calls, open: log('open'), close: log('close'), toggle: log('toggle'), send: log('send'), prefill: log('prefill'), identify: log('identify'), reset: log('reset'), destroy: log('destroy') };
}

function hooks() {
  return { reset: vi.fn<LoaderHooks['reset']>(), destroy: vi.fn<LoaderHooks['destroy']>() };
}

/** The loader's order: the panel module arrives, the stub hands over, then the panel mounts. */
function arrive(stub: ReturnType<typeof createCommandStub>, loader: LoaderHooks) {
  const commands = createCommandApi(() => {}, loader);
  stub.attach(commands);
  const panel = fakePanel();
  commands.attach(panel);
  return { commands, panel };
}

describe('the loader’s window.Confab stub', () => {
  it('keeps every call in order for the panel module; open, toggle and send of a text ask for it', () => {
    const requestPanel = vi.fn();
    const loader = hooks();
    const stub = createCommandStub(requestPanel, loader);
    const ready = vi.fn();
    stub.api.on('ready', ready);
    stub.api.identify({ name: 'Ada' });
    stub.api.prefill('draft');
    stub.api.close();
    stub.api.send(42 as unknown as string);
    expect(requestPanel).not.toHaveBeenCalled();
    stub.api.send('hello');
    expect(requestPanel).toHaveBeenCalledOnce();
    stub.later((c) => c.run((p) => p.open({ focus: false }), true));
    const { panel } = arrive(stub, loader);
    expect(panel.calls).toEqual(['identify:{"name":"Ada"}', 'prefill:"draft"', 'close', 'send:"hello"', 'open:{"focus":false}']);
    expect(ready).toHaveBeenCalledOnce();
    // From now on straight to the panel.
    stub.api.toggle();
    expect(panel.calls.at(-1)).toBe('toggle');
  });

  it('resets the stored visitor at once, and the panel in queue order', () => {
    const loader = hooks();
    const stub = createCommandStub(() => {}, loader);
    stub.api.identify({ name: 'Ada' });
    stub.api.reset();
    expect(loader.reset).toHaveBeenCalled();
    const { panel } = arrive(stub, loader);
    expect(panel.calls).toEqual(['identify:{"name":"Ada"}', 'reset']);
  });

  it('destroys without the panel: nothing queued runs later', () => {
    const loader = hooks();
    const stub = createCommandStub(() => {}, loader);
    stub.api.prefill('draft');
    stub.api.destroy();
    expect(loader.destroy).toHaveBeenCalledOnce();
    const { panel } = arrive(stub, loader);
    expect(panel.calls).toEqual([]);
  });

  it('replays calls queued on a site’s stub before the loader ran', () => {
    const loader = hooks();
    const stub = createCommandStub(() => {}, loader);
    const onMessage = vi.fn();
    function asArguments(..._args: unknown[]): ArrayLike<unknown> {
      return arguments;
    }
    replayStubQueue(stub.api, [
      // The documented stub: [name, args].
      ['on', ['message', onMessage]],
      ['identify', [{ name: 'Ada' }]],
      ['open', []],
      // Flat entries, and arguments objects.
      asArguments('send', 'from stub'),
      ['bogus'],
      ['prefill', 'typed'],
    ]);
    const { commands, panel } = arrive(stub, loader);
    expect(panel.calls).toEqual(['identify:{"name":"Ada"}', 'open:{"focus":true}', 'send:"from stub"', 'prefill:"typed"']);
    commands.emit('message', { id: 'm1' } as never);
    expect(onMessage).toHaveBeenCalled();
  });
});
