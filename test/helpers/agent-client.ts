import { io as connect, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents } from '../../shared/agent-events.js';
import type { Ack, ErrorCode } from '../../shared/index.js';
import { call } from './http.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
type AgentEvent = keyof AgentClientEvents;
type AgentRequest<E extends AgentEvent> = Parameters<AgentClientEvents[E]>[0];
type AgentAckData<E extends AgentEvent> = Parameters<Parameters<AgentClientEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** An agent made with the admin API: their id and the console token shown once. */
export interface CreatedAgent {
  id: string;
  name: string;
  token: string;
}

export async function createAgent(baseUrl: string, body: Record<string, unknown>): Promise<CreatedAgent> {
  const res = await call(baseUrl, 'POST', '/api/chatbot/agents', { body });
  if (res.status !== 201) throw new Error(`agent creation answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json.data as CreatedAgent;
}

/** A console's socket on /agents, or the connect_error's message as a rejection. `headers`: the handshake's (an Origin, as a browser sends). */
export function connectAgent(baseUrl: string, auth: unknown, headers: Record<string, string> = {}): Promise<AgentSocket> {
  const socket: AgentSocket = connect(`${baseUrl}${AGENT_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: headers,
    auth: auth as Record<string, unknown>,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits a console event and resolves with its acknowledgement, success or refusal. */
export function agentAttempt<E extends AgentEvent>(socket: AgentSocket, event: E, req: AgentRequest<E>, timeoutMs = 5_000): Promise<Ack<AgentAckData<E>>> {
  // socket.io cannot follow a generic event name through .timeout(): the event map types both ends.
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: E, req: AgentRequest<E>): Promise<Ack<AgentAckData<E>>> };
  return timed.emitWithAck(event, req);
}

export class AgentRefused extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

/** Emits a console event and resolves with the acknowledged data; a refusal rejects with its code. */
export async function agentAck<E extends AgentEvent>(socket: AgentSocket, event: E, req: AgentRequest<E>): Promise<AgentAckData<E>> {
  const res = await agentAttempt(socket, event, req);
  if (!res.ok) throw new AgentRefused(res.error.code, `${event} refused: ${res.error.code}: ${res.error.message}`);
  return res.data;
}

/** Collects one server event so a test can wait for the one it expects. */
export function collect<E extends keyof AgentServerEvents>(socket: AgentSocket, event: E) {
  type Payload = Parameters<AgentServerEvents[E]>[0];
  const received: Payload[] = [];
  const waiters: Array<{ test: (p: Payload) => boolean; resolve: (p: Payload) => void }> = [];
  (socket as unknown as { on(event: string, fn: (p: Payload) => void): void }).on(event, (p) => {
    received.push(p);
    for (const w of [...waiters]) if (w.test(p)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(p));
  });
  return {
    received,
    next(test: (p: Payload) => boolean, timeoutMs = 5_000): Promise<Payload> {
      const seen = received.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching ${event} in time`)), timeoutMs);
        waiters.push({ test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
  };
}
