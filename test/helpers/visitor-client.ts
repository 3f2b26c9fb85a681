import type {
  Ack,
  ClientToServerEvents,
  ConversationSnapshot,
  ErrorCode,
  MessageRecord,
  OpenConversationRequest,
  VisitorEventRequest,
  VisitorIdentity,
} from '../../shared/index.js';
import { connectVisitor, messageInbox, newVisitor, type ClientSocket } from './server.js';

/** An event the widget emits with an acknowledgement (all of them do). */
export type AckEvent = keyof ClientToServerEvents;
/** What the widget sends with the event. */
export type AckRequest<E extends AckEvent> = Parameters<ClientToServerEvents[E]>[0];
/** What the server acknowledges on success: the `data` of `{ok: true, data}`. */
export type AckData<E extends AckEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/**
 * Emits an event and resolves with its acknowledgement as the server sent it, success or
 * refusal; rejects when no acknowledgement comes within the timeout.
 */
export function emitAck<E extends AckEvent>(socket: ClientSocket, event: E, req: AckRequest<E>, timeoutMs = 5_000): Promise<Ack<AckData<E>>> {
  // The one cast. socket.io cannot follow a generic event name through .timeout(): the
  // arguments do not check and the answer is `any`. The event map types both ends instead.
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: E, req: AckRequest<E>): Promise<Ack<AckData<E>>> };
  return timed.emitWithAck(event, req);
}

/** A refusal of the server, as an error a test can catch and read the code of. */
export class AckRefused extends Error {
  constructor(
    readonly event: AckEvent,
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(`${event} refused: ${code}: ${detail}`);
  }
}

/** Emits an event and resolves with the acknowledged data; a refusal rejects with AckRefused. */
export async function ack<E extends AckEvent>(socket: ClientSocket, event: E, req: AckRequest<E>, timeoutMs = 5_000): Promise<AckData<E>> {
  const res = await emitAck(socket, event, req, timeoutMs);
  if (!res.ok) throw new AckRefused(event, res.error.code, res.error.message);
  return res.data;
}

/** The code of a refusal, undefined for a success. */
export const errorCode = (res: Ack<unknown>): ErrorCode | undefined => (res.ok ? undefined : res.error.code);

/** A visitor's text message, as the widget's composer sends it. */
export function messageEvent(conversationId: string, body: string, clientId: string = crypto.randomUUID()): VisitorEventRequest {
  return { conversationId, clientId, packet: { name: 'message', payload: { body } } };
}

/** A click on one option of a choice message (bubbles, buttons, carousel…). */
export function clickEvent(message: MessageRecord, option: { id: string; label: string }, clientId: string = crypto.randomUUID()): VisitorEventRequest {
  return {
    conversationId: message.conversationId,
    clientId,
    packet: { name: 'click', payload: { value: { id: option.id, label: option.label } } },
    replyTo: message.id,
  };
}

export interface TestVisitorOptions {
  /** The bot the widget is embedded for. */
  botKey?: string;
  /** Connect as this visitor again (another tab, a reconnect, a restarted server) instead of a new one. */
  identity?: VisitorIdentity;
  /** How long to wait for each acknowledgement. */
  timeoutMs?: number;
}

/** A visitor connected over Socket.IO, with what the widget would send. */
export interface TestVisitor {
  identity: VisitorIdentity;
  socket: ClientSocket;
  /** Every `message:new` since the connection. */
  inbox: ReturnType<typeof messageInbox>;
  /** conversation:open: the newest open conversation, a new one, or the one asked for. */
  open(req?: OpenConversationRequest): Promise<ConversationSnapshot>;
  /** A text message; the same clientId again is a resend. */
  send(conversationId: string, body: string, clientId?: string): Promise<{ message: MessageRecord }>;
  /** A click on an option of a choice message. */
  click(message: MessageRecord, option: { id: string; label: string }): Promise<{ message: MessageRecord }>;
  /** Any event, resolved with the acknowledgement as sent: for tests of refusals. */
  attempt<E extends AckEvent>(event: E, req: AckRequest<E>): Promise<Ack<AckData<E>>>;
  close(): void;
}

/** A new visitor of the bot (or a known one again), connected to the server. */
export async function testVisitor(server: { url: string }, options: TestVisitorOptions = {}): Promise<TestVisitor> {
  const { botKey = 'demo', timeoutMs = 5_000 } = options;
  const identity = options.identity ?? (await newVisitor(server.url, botKey));
  const socket = await connectVisitor(server.url, { botKey, token: identity.token });
  const inbox = messageInbox(socket);
  const visitorAck = <E extends AckEvent>(event: E, req: AckRequest<E>) => ack(socket, event, req, timeoutMs);
  return {
    identity,
    socket,
    inbox,
    open: (req = {}) => visitorAck('conversation:open', req),
    send: (conversationId, body, clientId) => visitorAck('visitor:event', messageEvent(conversationId, body, clientId)),
    click: (message, option) => visitorAck('visitor:event', clickEvent(message, option)),
    attempt: (event, req) => emitAck(socket, event, req, timeoutMs),
    close: () => void socket.close(),
  };
}
