import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSnapshot, MessageRecord, VisitorEventRequest } from '../../shared/index.js';
import { createChatState, type ChatState } from '../state/chat-state.js';
import { createOutbox } from '../state/outbox.js';
import { createVisitorRecord } from '../state/visitor-record.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { CONVERSATION_ID, visitorMessage } from '../testing/messages.js';
import { ACK_TIMEOUT_MS, createChatConnection, IDENTITY_RETRY_MS } from './chat-connection.js';
import type { HttpResult } from './http.js';

const snapshot = (messages: MessageRecord[]): { ok: true; data: ConversationSnapshot } => ({
  ok: true,
  data: { conversation: { id: CONVERSATION_ID, status: 'open', createdAt: '2026-01-01T00:00:00Z', lastSeq: messages.length }, messages },
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const message = (body: string) => ({ name: 'message' as const, payload: { body } });
const storedOutbox = () => JSON.parse(localStorage.getItem('confab:demo:outbox') ?? '[]') as Array<{ clientId: string; status: string }>;

let state: ChatState;
let sockets: FakeSocket[];

/** One page view of the widget: its state, its connection, the sockets it opens. */
function pageView(requestVisitor?: () => Promise<HttpResult<{ visitorId: string; token: string }>>) {
  state = createChatState();
  sockets = [];
  const connection = createChatConnection({
    server: 'http://confab.test',
    botKey: 'demo',
    state,
    visitorRecord: createVisitorRecord('demo', 'local'),
    outbox: createOutbox('demo', 'local'),
    onNewMessage: () => {},
    requestVisitor: requestVisitor ?? (async () => ({ data: { visitorId: 'v', token: 't' } })),
    openSocket: (_server, auth) => {
      const socket = new FakeSocket(auth as (cb: (data: unknown) => void) => void);
      sockets.push(socket);
      return socket.asChatSocket();
    },
  });
  return connection;
}

async function connected(messages: MessageRecord[] = []) {
  await tick();
  const socket = sockets.at(-1)!;
  socket.fire('connect');
  socket.sent('conversation:open').at(-1)?.ack(snapshot(messages));
  await tick();
  return socket;
}

const sentRequests = (socket: FakeSocket) => socket.sent('visitor:event').map((e) => e.payload as VisitorEventRequest);
const ackStored = async (socket: FakeSocket, index: number, seq: number) => {
  const { ack, payload } = socket.sent('visitor:event')[index]!;
  const req = payload as VisitorEventRequest;
  ack({ ok: true, data: { message: visitorMessage(seq, req.packet, { clientId: req.clientId }) } });
  await tick();
};
const noAck = async (socket: FakeSocket, index: number, error = 'operation has timed out') => {
  socket.sent('visitor:event')[index]!.reject!(new Error(error));
  await tick();
};

beforeEach(() => {
  localStorage.clear();
  vi.useRealTimers();
});

describe('the outbox', () => {
  it('keeps what is sent while offline across a reload, shows it pending and sends it in order once connected', async () => {
    let connection = pageView();
    connection.send(message('one'));
    connection.send(message('two'));
    expect(storedOutbox().map((e) => e.status)).toEqual(['sending', 'sending']);
    const ids = storedOutbox().map((e) => e.clientId);

    // The page reloads before the connection was ever up.
    connection.stop();
    connection = pageView();
    expect(state.pending.value.map((p) => [p.clientId, p.status])).toEqual([
      [ids[0], 'sending'],
      [ids[1], 'sending'],
    ]);
    connection.start();
    const socket = await connected();
    expect(sentRequests(socket).map((r) => [r.clientId, r.packet])).toEqual([
      [ids[0], message('one')],
      [ids[1], message('two')],
    ]);
    await ackStored(socket, 0, 1);
    await ackStored(socket, 1, 2);
    expect(state.pending.value).toEqual([]);
    expect(state.messages.value.map((m) => m.author === 'visitor' && m.clientId)).toEqual(ids);
    expect(localStorage.getItem('confab:demo:outbox')).toBeNull(); // the loader's peek finds nothing to send
  });

  it('sends again after a reconnect what had no ack, under the same clientId, and shows the stored one once', async () => {
    const connection = pageView();
    connection.start();
    const socket = await connected();
    connection.send(message('into the dead socket'));
    await tick();
    const [first] = sentRequests(socket);
    socket.fire('disconnect');
    await noAck(socket, 0, 'socket has been disconnected');
    expect(sentRequests(socket)).toHaveLength(1); // not while disconnected
    expect(state.pending.value).toMatchObject([{ status: 'sending' }]);

    // The server had stored it: the catch-up brings it, and the resend acks the same message.
    socket.fire('connect');
    socket.sent('conversation:open').at(-1)!.ack(snapshot([visitorMessage(1, first!.packet, { clientId: first!.clientId })]));
    await tick();
    expect(state.pending.value).toEqual([]);
    const resent = sentRequests(socket)[1];
    expect(resent?.clientId).toBe(first!.clientId);
    await ackStored(socket, 1, 1);
    expect(state.messages.value).toHaveLength(1);
    expect(storedOutbox()).toEqual([]);
  });

  it('keeps a refused message as failed (after a reload too) until Retry sends it again under its clientId', async () => {
    let connection = pageView();
    connection.start();
    let socket = await connected();
    connection.send(message('too soon'));
    await tick();
    socket.sent('visitor:event')[0]!.ack({ ok: false, error: { code: 'rate_limited', message: 'Slow down.' } });
    await tick();
    expect(state.pending.value).toMatchObject([{ status: 'failed', error: 'Slow down.', retryable: true }]);

    connection.stop();
    connection = pageView();
    expect(state.pending.value).toMatchObject([{ status: 'failed', error: 'Slow down.' }]);
    connection.start();
    socket = await connected();
    expect(sentRequests(socket)).toEqual([]); // failed ones wait for the visitor

    const { clientId } = state.pending.value[0]!;
    connection.retry(clientId);
    await tick();
    expect(state.pending.value).toMatchObject([{ status: 'sending' }]);
    expect(sentRequests(socket).map((r) => r.clientId)).toEqual([clientId]);
  });

  it('gives up after six tries without an ack and offers Retry', async () => {
    const connection = pageView();
    connection.start();
    const socket = await connected();
    connection.send(message('hello'));
    await tick();
    for (let i = 0; i < 6; i += 1) await noAck(socket, i);
    expect(socket.sent('visitor:event')).toHaveLength(6);
    expect(socket.sent('visitor:event')[0]!.timeout).toBe(ACK_TIMEOUT_MS);
    expect(state.pending.value).toMatchObject([{ status: 'failed', error: state.strings.value.notDelivered, retryable: true }]);
  });

  it("delivers another tab's queued messages too (a tab that closed before it could)", async () => {
    const connection = pageView();
    connection.start();
    const socket = await connected();
    const clientId = 'from-a-closed-tab';
    localStorage.setItem('confab:demo:outbox', JSON.stringify([{ clientId, packet: message('hi from tab 2'), status: 'sending' }]));
    connection.send(message('and mine'));
    await tick();
    expect(sentRequests(socket).map((r) => r.clientId)).toEqual([clientId, expect.any(String)]);
  });

  it('tries again by itself when the visitor cannot be created and messages wait', async () => {
    vi.useFakeTimers();
    const requestVisitor = vi.fn(async (): Promise<HttpResult<{ visitorId: string; token: string }>> => ({ error: 'unreachable' }));
    const connection = pageView(requestVisitor);
    connection.send(message('first words, offline'));
    await vi.advanceTimersByTimeAsync(0);
    expect(requestVisitor).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(IDENTITY_RETRY_MS);
    expect(requestVisitor).toHaveBeenCalledTimes(2);
    requestVisitor.mockResolvedValue({ data: { visitorId: 'v', token: 't' } });
    await vi.advanceTimersByTimeAsync(IDENTITY_RETRY_MS);
    expect(requestVisitor).toHaveBeenCalledTimes(3);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(IDENTITY_RETRY_MS);
    expect(requestVisitor).toHaveBeenCalledTimes(3); // created: no more tries
  });
});
