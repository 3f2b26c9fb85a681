import { afterEach, describe, expect, it, vi } from 'vitest';
import { testOptions } from '../testing/options.js';
import { keepPlaced } from './placement.js';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  document.body.innerHTML = '';
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keepPlaced', () => {
  it('appends to the body and puts the same element back when the body is replaced', async () => {
    const host = document.createElement('confab-widget');
    stops.push(keepPlaced(host, testOptions()).stop);
    expect(host.parentElement).toBe(document.body);
    const next = document.createElement('body');
    document.documentElement.replaceChild(next, document.body);
    await settle();
    expect(host.parentElement).toBe(next);
  });

  it('comes back when a router rewrites the body, and waits for a body that is not parsed yet', async () => {
    const host = document.createElement('confab-widget');
    stops.push(keepPlaced(host, testOptions()).stop);
    document.body.innerHTML = '<main>the next page</main>';
    await settle();
    expect(host.parentElement).toBe(document.body);

    stops.splice(0).forEach((stop) => stop());
    host.remove();
    const body = document.body;
    body.remove();
    try {
      const early = document.createElement('confab-widget');
      stops.push(keepPlaced(early, testOptions()).stop);
      expect(early.isConnected).toBe(false);
      document.documentElement.append(body);
      await settle();
      expect(early.parentElement).toBe(body);
    } finally {
      // The next test (and afterEach) needs a body, whatever happened above.
      if (!body.isConnected) document.documentElement.append(body);
    }
  });

  it("watches only <html>'s and the body's children for a launcher, not the page's own DOM work", async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    try {
      const host = document.createElement('confab-widget');
      stops.push(keepPlaced(host, testOptions()).stop);
      const watched = () => observe.mock.calls.map(([node, init]) => [node, init?.subtree ?? false]);
      expect(watched()).toEqual([
        [document.documentElement, false],
        [document.body, false],
      ]);
      const disconnects = disconnect.mock.calls.length;
      const next = document.createElement('body');
      document.documentElement.replaceChild(next, document.body);
      await settle();
      // The old body is let go before the new one is watched.
      expect(disconnect).toHaveBeenCalledTimes(disconnects + 1);
      expect(watched().slice(2)).toEqual([
        [document.documentElement, false],
        [next, false],
      ]);
    } finally {
      observe.mockRestore();
      disconnect.mockRestore();
    }
  });

  it('renders inline into the target, and into the new one after a swap', async () => {
    document.body.innerHTML = '<div id="chat"></div>';
    const host = document.createElement('confab-widget');
    stops.push(keepPlaced(host, testOptions({ mode: 'inline', target: '#chat' })).stop);
    expect(host.parentElement?.id).toBe('chat');
    document.body.innerHTML = '<p>no chat here</p>';
    await settle();
    expect(host.isConnected).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<section id="chat"></section>');
    await settle();
    expect(host.parentElement?.tagName).toBe('SECTION');
  });

  it('ignores an invalid selector and stops when told', async () => {
    const host = document.createElement('confab-widget');
    const { stop } = keepPlaced(host, testOptions({ mode: 'inline', target: '##' }));
    expect(host.isConnected).toBe(false);
    stop();
    const plain = document.createElement('confab-widget');
    const { stop: stopPlain } = keepPlaced(plain, testOptions());
    stopPlain();
    plain.remove();
    document.body.append(document.createElement('div'));
    await settle();
    expect(plain.isConnected).toBe(false);
  });

  it('enters the top layer only when raised, and again after a swap', async () => {
    // happy-dom has no popovers: the browser's calls, as placement.ts makes them.
    const host = document.createElement('confab-widget');
    let open = false;
    const showPopover = vi.fn(() => void (open = true));
    Object.assign(host, { showPopover, matches: (selector: string) => selector === ':popover-open' && open });
    const placement = keepPlaced(host, testOptions());
    stops.push(placement.stop);
    // Before raise(): placed, but no popover, whose showPopover() would compute styles in the loader's task.
    expect(host.parentElement).toBe(document.body);
    expect(host.hasAttribute('popover')).toBe(false);
    expect(showPopover).not.toHaveBeenCalled();
    placement.raise();
    expect(host.getAttribute('popover')).toBe('manual');
    expect(showPopover).toHaveBeenCalledTimes(1);
    // Leaving the document closes it; back in the new body it is shown again.
    open = false;
    document.documentElement.replaceChild(document.createElement('body'), document.body);
    await settle();
    expect(showPopover).toHaveBeenCalledTimes(2);
    placement.raise();
    expect(showPopover).toHaveBeenCalledTimes(2);
  });

  it('never raises an inline widget or one with its own z-index', () => {
    for (const options of [testOptions({ mode: 'inline', target: 'body' }), testOptions({ zIndex: 9000 })]) {
      const host = document.createElement('confab-widget');
      Object.assign(host, { showPopover: vi.fn() });
      const placement = keepPlaced(host, options);
      stops.push(placement.stop);
      placement.raise();
      expect(host.hasAttribute('popover')).toBe(false);
    }
  });
});
