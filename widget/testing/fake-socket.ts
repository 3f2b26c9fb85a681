// A stand-in for the Socket.IO client socket: records what the widget emits and lets a test
// play the server (connect, acks, message:new, connect_error).
import type { ChatSocket } from '../transport/chat-connection.js';

type Handler = (...args: unknown[]) => void;

export interface Emitted {
  event: string;
  payload: unknown;
  ack: Handler;
  timeout?: number;
  /** emitWithAck only: what a timeout does to the promise. */
  reject?: (error: Error) => void;
}

export class FakeSocket {
  connected = false;
  active = true;
  connectCalls = 0;
  readonly emitted: Emitted[] = [];
  private readonly handlers = new Map<string, Handler[]>();

  constructor(readonly auth: (cb: (data: unknown) => void) => void) {}

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  emit(event: string, payload: unknown, ack: Handler): this {
    this.emitted.push({ event, payload, ack });
    return this;
  }

  timeout(ms: number): { emit: (event: string, payload: unknown, ack: Handler) => void; emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return {
      emit: (event, payload, ack) => void this.emitted.push({ event, payload, ack, timeout: ms }),
      emitWithAck: (event, payload) =>
        new Promise((resolve, reject) => void this.emitted.push({ event, payload, ack: resolve, timeout: ms, reject })),
    };
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  /** The server side: fire an event at the widget's handlers. */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  /** The emits of one event, oldest first. */
  sent(event: string): Emitted[] {
    return this.emitted.filter((e) => e.event === event);
  }

  asChatSocket(): ChatSocket {
    return this as unknown as ChatSocket;
  }
}
