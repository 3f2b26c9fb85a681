import type {
  ConfabApi,
  ConfabEventMap,
  ConfabEventName,
  ConfabListener,
  PanelController,
} from './contract.js';

type Task = (panel: PanelController) => void;
type AnyListener = (payload: ConfabEventMap[ConfabEventName]) => void;

/** What the loader itself does for commands that must work without the panel. */
export interface LoaderHooks {
  /** Forgets the stored visitor at once, so a panel mounted later starts fresh. */
  reset(): void;
  /** Removes the widget from the page. */
  destroy(): void;
}

export interface CommandApi {
  api: ConfabApi;
  /** Runs a command now if the panel is mounted, else queues it and asks for the panel. */
  run(task: Task, needsPanel: boolean): void;
  /** The panel is mounted: drain the queue in order, then announce ready. */
  attach(panel: PanelController): void;
  emit<E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void;
}

/**
 * window.Confab's commands and listeners, in the panel's file: the loader's stub
 * (loader/command-stub.ts) hands its calls over when the panel module arrives, and this queue
 * keeps them until the panel is mounted.
 */
export function createCommandApi(requestPanel: () => void, hooks: LoaderHooks): CommandApi {
  const queue: Task[] = [];
  const listeners = new Map<ConfabEventName, Set<AnyListener>>();
  let panel: PanelController | undefined;
  let ready = false;

  const run = (task: Task, needsPanel: boolean): void => {
    if (panel) return task(panel);
    queue.push(task);
    if (needsPanel) requestPanel();
  };

  const emit = <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void => {
    if (event === 'ready') ready = true;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A site's listener must not break the widget.
        console.error('[confab] listener failed', error);
      }
    }
  };

  const api: ConfabApi = {
    open: () => run((p) => p.open({ focus: true }), true),
    close: () => run((p) => p.close(), false),
    toggle: () => run((p) => p.toggle(), true),
    send: (text) => {
      if (typeof text === 'string') run((p) => p.send(text), true);
    },
    // A draft and an identity only matter to a panel that is there: they wait for it, in
    // order, without loading it before the visitor shows intent.
    prefill: (text) => {
      if (typeof text === 'string') run((p) => p.prefill(text), false);
    },
    identify: (profile) => {
      if (profile && typeof profile === 'object') run((p) => p.identify(profile), false);
    },
    // Queued like the others, so `identify(); reset()` before the panel loads keeps its order.
    reset: () => {
      hooks.reset();
      run((p) => p.reset(), false);
    },
    on: <E extends ConfabEventName>(event: E, listener: ConfabListener<E>) => {
      if (typeof listener !== 'function') return;
      const set = listeners.get(event) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(event, set);
      // Late subscribers still learn that the widget is ready.
      if (event === 'ready' && ready) queueMicrotask(() => (listener as AnyListener)(undefined));
    },
    off: <E extends ConfabEventName>(event: E, listener: ConfabListener<E>) => {
      listeners.get(event)?.delete(listener as AnyListener);
    },
    destroy: () => {
      queue.length = 0;
      listeners.clear();
      hooks.destroy();
    },
  };

  const attach = (mounted: PanelController): void => {
    panel = mounted;
    for (const task of queue.splice(0)) task(mounted);
    emit('ready', undefined);
  };

  return { api, run, attach, emit };
}
