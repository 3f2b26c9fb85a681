// The console rendered as main.tsx does, over a fake socket the test plays the server with.
import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { AgentClientEvents } from '../../shared/agent-events.js';
import { FakeSocket } from '../../widget/testing/fake-socket.js';
import { createConsoleController } from '../state/console-controller.js';
import { createConsoleState } from '../state/console-state.js';
import type { AgentSocket } from '../transport/agent-socket.js';
import type { UploadAgentFile } from '../transport/upload.js';
import { ConsoleApp } from '../ui/ConsoleApp.js';
import { ConsoleContext } from '../ui/console-context.js';

export function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

type Answer<E extends keyof AgentClientEvents> = Parameters<NonNullable<Parameters<AgentClientEvents[E]>[1]>>[0];

export function renderConsole(options: { storage?: ReturnType<typeof memoryStorage>; upload?: UploadAgentFile } = {}) {
  const state = createConsoleState();
  const sockets: FakeSocket[] = [];
  const tokens: string[] = [];
  const storage = options.storage ?? memoryStorage();
  const beep = vi.fn();
  const controller = createConsoleController({
    server: 'http://confab.test',
    state,
    storage,
    beep,
    visible: () => true,
    ...(options.upload ? { upload: options.upload } : {}),
    openSocket: (_server, token) => {
      tokens.push(token);
      const socket = new FakeSocket(() => {});
      sockets.push(socket);
      return socket as unknown as AgentSocket;
    },
  });
  const view = render(
    <ConsoleContext.Provider value={{ state, controller }}>
      <ConsoleApp server="http://confab.test" />
    </ConsoleContext.Provider>,
  );
  const socket = (): FakeSocket => {
    const s = sockets.at(-1);
    if (!s) throw new Error('no socket opened yet');
    return s;
  };
  return {
    ...view,
    state,
    controller,
    storage,
    beep,
    tokens,
    socket,
    /** Acks the newest request of this event, as the server would. */
    answer<E extends keyof AgentClientEvents>(event: E, res: Answer<E>) {
      const sent = socket().sent(event).at(-1);
      if (!sent) throw new Error(`no ${event} was sent`);
      sent.ack(res);
    },
    /** What the console sent with this event, oldest first. */
    payloads(event: keyof AgentClientEvents) {
      return socket()
        .sent(event)
        .map((e) => e.payload);
    },
  };
}
