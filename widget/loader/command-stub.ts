import type { ConfabApi } from '../contract.js';
import type { CommandApi, LoaderHooks } from '../command-api.js';

type Call = (commands: CommandApi) => void;

/** Every window.Confab method; open, toggle and send (of a text) ask for the panel at once. */
const METHODS = ['open', 'close', 'toggle', 'send', 'prefill', 'identify', 'reset', 'on', 'off', 'destroy'] as const;
const NEED_PANEL = ['open', 'toggle', 'send'];

export interface CommandStub {
  api: ConfabApi;
  /** Queued after the calls so far, in order (the loader's own open on start). */
  later(call: Call): void;
  /** The panel module's command API is there: every call so far goes to it, and every call from now on. */
  attach(commands: CommandApi): void;
}

/**
 * window.Confab as the loader installs it: each call waits in order for the panel module's
 * command API (command-api.ts), which the loader does not carry. Two things cannot wait:
 * reset forgets the stored visitor at once, so a panel mounted later starts fresh, and
 * destroy removes the widget without the panel.
 */
export function createCommandStub(requestPanel: () => void, hooks: LoaderHooks): CommandStub {
  const queue: Call[] = [];
  let commands: CommandApi | undefined;
  const later = (call: Call): unknown => (commands ? call(commands) : queue.push(call));
  const api = {} as Record<(typeof METHODS)[number], (...args: unknown[]) => void>;
  for (const name of METHODS)
    api[name] = (...args) => {
      if (name === 'destroy' && !commands) return (queue.length = 0), hooks.destroy();
      if (name === 'reset') hooks.reset();
      later((c) => (c.api[name] as (...a: unknown[]) => void)(...args));
      if (NEED_PANEL.includes(name) && (name !== 'send' || typeof args[0] === 'string')) requestPanel();
    };
  return {
    api: api as unknown as ConfabApi,
    later,
    attach(real) {
      commands = real;
      for (const call of queue.splice(0)) call(real);
    },
  };
}

/**
 * Replays calls a site queued on the documented stub before the loader ran. The stub pushes
 * `[name, args]` (`Confab.q.push([m, [].slice.call(arguments)])`); a flat `[name, ...args]`
 * (`Confab.q.push(['open'])`) works too. No command takes an array, so the two cannot be confused.
 */
export function replayStubQueue(api: ConfabApi, queued: ArrayLike<unknown>[] | undefined): void {
  if (!Array.isArray(queued)) return;
  for (const entry of queued) {
    const [name, ...rest] = Array.from(entry);
    const args = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as unknown[]) : rest;
    const method = typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name) ? api[name as keyof ConfabApi] : undefined;
    if (typeof method === 'function') (method as (...a: unknown[]) => void)(...args);
  }
}
