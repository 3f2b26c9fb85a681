import { Manager, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents } from '../../shared/agent-events.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
export type OpenAgentSocket = (server: string, token: string) => AgentSocket;

/** Requests that are acknowledged (agent:typing is fire and forget). */
export type AgentRequest = Exclude<keyof AgentClientEvents, 'agent:typing'>;
export type RequestOf<E extends AgentRequest> = Parameters<AgentClientEvents[E]>[0];
export type AckOf<E extends AgentRequest> = Parameters<Parameters<AgentClientEvents[E]>[1]>[0];

/** socket.io's emitWithAck, typed for a generic event name, which its own types cannot follow. */
export interface AgentRequester {
  timeout(ms: number): { emitWithAck<E extends AgentRequest>(event: E, req: RequestOf<E>): Promise<AckOf<E>> };
}

// Websocket only, as the widget: the Confab server speaks it, and it keeps the handshake to one request.
export const openAgentSocket: OpenAgentSocket = (server, token) =>
  new Manager(server, { transports: ['websocket'] }).socket(AGENT_NAMESPACE, { auth: { token } });
