import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import type {
  ConversationSnapshot,
  MessageRecord,
  OpenConversationRequest,
  VisitorEventRequest,
  VisitorIdentity,
} from '../../shared/index.js';
import { createChatState, type ChatState } from '../state/chat-state.js';
import { createVisitorRecord, type VisitorRecord } from '../state/visitor-record.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { CONVERSATION_ID, ids, text, visitorMessage } from '../testing/messages.js';
import { ACK_TIMEOUT_MS, createChatConnection } from './chat-connection.js';
import type { HttpResult } from './http.js';

const conversation = (lastSeq: number) => ({ id: CONVERSATION_ID, status: 'open' as const, createdAt: '2026-01-01T00:00:00Z', lastSeq });
const snapshot = (messages: MessageRecord[]): { ok: true; data: ConversationSnapshot } => ({
  ok: true,
  data: { conversation: conversation(messages.at(-1)?.seq ?? 0), messages },
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let state: ChatState;
let visitorRecord: VisitorRecord;
let sockets: FakeSocket[];
let tokens: string[];
let requestVisitor: Mock<(server: string, botKey: string) => Promise<HttpResult<VisitorIdentity>>>;
let onNewMessage: Mock<(message: MessageRecord) => void>;

function connect() {
  const connection = createChatConnection({
    server: 'http://confab.test',
    botKey: 'demo',
    state,
    visitorRecord,
    onNewMessage,
    requestVisitor,
    openSocket: (_server, auth) => {
      const socket = new FakeSocket(auth as (cb: (data: unknown) => void) => void);
      sockets.push(socket);
      return socket.asChatSocket();
    },
  });
  return connection;
}

/** Starts, connects and opens the conversation with these messages: where most tests begin. */
async function opened(messages: MessageRecord[] = []) {
  const connection = connect();
  connection.start();
  await flush();
  const socket = sockets[0]!;
  socket.fire('connect');
  socket.sent('conversation:open')[0]?.ack(snapshot(messages));
  return { connection, socket };
}

/** The handshake's auth as Socket.IO would send it on the next connect attempt. */
function handshake(socket: FakeSocket): { token: string; open?: OpenConversationRequest } {
  let auth = { token: '' };
  socket.auth((data) => (auth = data as typeof auth));
  return auth;
}

function currentToken(socket: FakeSocket): string {
  return handshake(socket).token;
}

beforeEach(() => {
  localStorage.clear();
  state = createChatState();
  visitorRecord = createVisitorRecord('demo', 'local');
  sockets = [];
  tokens = ['t1', 't2', 't3'];
  requestVisitor = vi.fn(async () => ({ data: { visitorId: `v-${tokens[0]}`, token: tokens.shift() ?? 'tx' } }));
  onNewMessage = vi.fn<(message: MessageRecord) => void>();
});

describe('chat connection', () => {
  it('creates a visitor, connects with its token and opens a conversation', async () => {
    connect().start();
    await flush();
    expect(requestVisitor).toHaveBeenCalledWith('http://confab.test', 'demo');
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}')).toMatchObject({ visitorId: 'v-t1', token: 't1' });
    const socket = sockets[0]!;
    // The first handshake names the conversation to open: its snapshot comes with the connect.
    expect(handshake(socket)).toEqual({ botKey: 'demo', token: 't1', open: {} });

    socket.fire('connect');
    expect(socket.sent('conversation:open')).toEqual([]);
    socket.fire('conversation:opened', snapshot([text(1, 'Hi!'), text(2, 'How can I help?')]));
    expect(ids(state.messages.value)).toEqual(['m1', 'm2']);
    expect(state.connection.value).toBe('connected');
    expect(visitorRecord.read().conversationId).toBe(CONVERSATION_ID);
    expect(onNewMessage).not.toHaveBeenCalled(); // history is not news
  });

  it('reconnects with conversation:open; asks with it too when the handshake’s open goes unanswered', async () => {
    vi.useFakeTimers();
    try {
      connect().start();
      await vi.advanceTimersByTimeAsync(0);
      const socket = sockets[0]!;
      handshake(socket);
      socket.fire('connect');
      // An older server: no conversation:opened. The widget asks the usual way.
      await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
      const [open] = socket.sent('conversation:open');
      expect(open?.payload).toEqual({});
      open?.ack(snapshot([text(1, 'Hi!')]));
      expect(ids(state.messages.value)).toEqual(['m1']);
      // A reconnect: the handshake carries no open; conversation:open asks for what was missed.
      socket.fire('disconnect');
      expect(handshake(socket)).toEqual({ botKey: 'demo', token: 't1' });
      socket.fire('connect');
      expect(socket.sent('conversation:open')[1]?.payload).toEqual({ conversationId: CONVERSATION_ID, after: 1 });
      // A late answer to the first handshake changes nothing.
      socket.fire('conversation:opened', snapshot([text(1, 'Hi!'), text(2, 'stale')]));
      expect(ids(state.messages.value)).toEqual(['m1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a conversation it starts for a widget that opened by itself is proactive, once', async () => {
    connect().start({ proactive: true });
    await flush();
    const socket = sockets[0]!;
    socket.fire('connect');
    const [open] = socket.sent('conversation:open');
    expect(open?.payload).toEqual({ proactive: true });
    open?.ack(snapshot([text(1, 'Hi!')]));
    // A reconnect reopens that conversation: nothing more to say about how it started.
    socket.fire('disconnect');
    socket.fire('connect');
    expect(socket.sent('conversation:open')[1]?.payload).toEqual({ conversationId: CONVERSATION_ID, after: 1 });
  });

  it('shows the registration card when the bot asks, then opens again with its answers', async () => {
    const connection = connect();
    connection.start();
    await flush();
    const socket = sockets[0]!;
    socket.fire('connect');
    socket.sent('conversation:open')[0]?.ack({ ok: false, error: { code: 'registration_required', message: 'registration: name, email first' } });
    expect(state.registration.value).toBe(true);
    expect(state.notice.value).toBeNull();

    connection.register({ name: 'Zoe', email: 'zoe@example.com' });
    const again = socket.sent('conversation:open')[1];
    expect(again?.payload).toEqual({ registration: { name: 'Zoe', email: 'zoe@example.com' } });
    again?.ack(snapshot([text(1, 'Hi Zoe!')]));
    expect(state.registration.value).toBe(false);
    expect(ids(state.messages.value)).toEqual(['m1']);
  });

  it('reuses a stored identity and conversation', async () => {
    visitorRecord.update({ visitorId: 'v0', token: 'stored', conversationId: CONVERSATION_ID });
    connect().start();
    await flush();
    expect(requestVisitor).not.toHaveBeenCalled();
    sockets[0]!.fire('connect');
    expect(sockets[0]!.sent('conversation:open')[0]?.payload).toEqual({ conversationId: CONVERSATION_ID });
  });

  it('asks only for what it missed after a reconnect and merges without duplicates', async () => {
    const { socket } = await opened([text(1, 'a'), text(2, 'b')]);

    socket.fire('disconnect');
    expect(state.connection.value).toBe('reconnecting');
    socket.fire('message:new', text(4, 'd')); // raced ahead of the reconnect snapshot
    socket.fire('connect');
    const reopen = socket.sent('conversation:open')[1];
    expect(reopen?.payload).toEqual<OpenConversationRequest>({ conversationId: CONVERSATION_ID, after: 4 });
    reopen?.ack(snapshot([text(3, 'c'), text(4, 'd')]));
    expect(ids(state.messages.value)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(onNewMessage.mock.calls.map(([m]) => m.id)).toEqual(['m4', 'm3']);
  });

  it('shows a message as pending, then replaces it with the stored one', async () => {
    const { connection, socket } = await opened();

    connection.send({ name: 'message', payload: { body: 'hello' } });
    expect(state.pending.value).toHaveLength(1);
    await flush();
    const [sent] = socket.sent('visitor:event');
    const request = sent?.payload as VisitorEventRequest;
    expect(request).toMatchObject({ conversationId: CONVERSATION_ID, packet: { name: 'message', payload: { body: 'hello' } } });
    expect(sent?.timeout).toBe(ACK_TIMEOUT_MS);

    sent?.ack({ ok: true, data: { message: visitorMessage(1, request.packet, { clientId: request.clientId }) } });
    await flush();
    expect(state.pending.value).toEqual([]);
    expect(ids(state.messages.value)).toEqual(['m1']);
  });

  it('resends with the same clientId when no ack arrives in time', async () => {
    const { connection, socket } = await opened();

    connection.send({ name: 'message', payload: { body: 'hello' } });
    await flush();
    socket.sent('visitor:event')[0]?.reject?.(new Error('operation has timed out'));
    await flush();
    const [first, second] = socket.sent('visitor:event').map((e) => e.payload as VisitorEventRequest);
    expect(second?.clientId).toBe(first?.clientId);
    expect(state.pending.value[0]?.status).toBe('sending');
  });

  it('holds messages sent while offline and delivers them once the conversation is open', async () => {
    const connection = connect();
    connection.send({ name: 'message', payload: { body: 'early' } });
    await flush();
    const socket = sockets[0]!;
    expect(socket.sent('visitor:event')).toEqual([]);
    socket.fire('connect');
    socket.sent('conversation:open')[0]?.ack(snapshot([]));
    await flush();
    expect((socket.sent('visitor:event')[0]?.payload as VisitorEventRequest).packet).toEqual({
      name: 'message',
      payload: { body: 'early' },
    });
  });

  it('shows a refused message as failed', async () => {
    const { connection, socket } = await opened();
    connection.send({ name: 'message', payload: { body: 'x' } });
    await flush();
    socket.sent('visitor:event')[0]?.ack({ ok: false, error: { code: 'conversation_ended', message: 'This conversation has ended.' } });
    await flush();
    expect(state.pending.value[0]).toMatchObject({ status: 'failed', error: 'This conversation has ended.' });
  });

  it('becomes a new visitor when the server refuses the token', async () => {
    visitorRecord.update({ visitorId: 'v0', token: 'expired', conversationId: CONVERSATION_ID });
    connect().start();
    await flush();
    const socket = sockets[0]!;
    socket.active = false; // a middleware refusal: Socket.IO does not retry by itself
    socket.fire('connect_error', new Error('invalid_token'));
    await flush();
    expect(requestVisitor).toHaveBeenCalledOnce();
    expect(visitorRecord.read()).toMatchObject({ visitorId: 'v-t1', token: 't1' });
    expect(visitorRecord.read().conversationId).toBeUndefined();
    expect(currentToken(socket)).toBe('t1');
    expect(socket.connectCalls).toBe(1);
    socket.fire('connect');
    // The handshake that got through asked to open (a new visitor's newest conversation).
    socket.fire('conversation:opened', snapshot([text(1, 'Hi!')]));
    expect(visitorRecord.read().conversationId).toBe(CONVERSATION_ID);
  });

  it('connects again when the server closes the socket (a revoked token), and so becomes a new visitor', async () => {
    visitorRecord.update({ visitorId: 'v0', token: 'revoked', conversationId: CONVERSATION_ID });
    connect().start();
    await flush();
    const socket = sockets[0]!;
    socket.fire('connect');
    socket.fire('disconnect', 'io server disconnect');
    expect(socket.connectCalls).toBe(1);
    socket.active = false;
    socket.fire('connect_error', new Error('invalid_token'));
    await flush();
    expect(requestVisitor).toHaveBeenCalledOnce();
    expect(visitorRecord.read()).toMatchObject({ visitorId: 'v-t1', token: 't1' });
    expect(socket.connectCalls).toBe(2);
  });

  it('leaves a lost connection to Socket.IO, which reconnects by itself', async () => {
    const { socket } = await opened();
    socket.fire('disconnect', 'transport close');
    expect(socket.connectCalls).toBe(0);
    expect(state.connection.value).toBe('reconnecting');
  });

  it('starts a new conversation when the stored one cannot be reopened', async () => {
    visitorRecord.update({ visitorId: 'v0', token: 'ok', conversationId: 'gone' });
    connect().start();
    await flush();
    const socket = sockets[0]!;
    socket.fire('connect');
    socket.sent('conversation:open')[0]?.ack({ ok: false, error: { code: 'not_found', message: 'No such conversation' } });
    expect(socket.sent('conversation:open')[1]?.payload).toEqual({});
  });

  it('shows an HTTP error instead of connecting', async () => {
    requestVisitor.mockResolvedValueOnce({ error: 'Unknown bot' });
    connect().start();
    await flush();
    expect(sockets).toEqual([]);
    expect(state.notice.value).toBe('Unknown bot');
    expect(state.connection.value).toBe('offline');
  });

  it('shows typing until the time the server names, or until the next bot message', async () => {
    vi.useFakeTimers();
    try {
      connect().start();
      await vi.runAllTimersAsync();
      const socket = sockets[0]!;
      socket.fire('connect');
      socket.sent('conversation:open')[0]?.ack(snapshot([]));
      socket.fire('typing', { conversationId: CONVERSATION_ID, until: new Date(Date.now() + 2000).toISOString() });
      expect(state.typing.value).toBe(true);
      vi.advanceTimersByTime(2100);
      expect(state.typing.value).toBe(false);

      socket.fire('typing', { conversationId: CONVERSATION_ID, until: new Date(Date.now() + 5000).toISOString() });
      socket.fire('message:new', text(1, 'Here it is'));
      expect(state.typing.value).toBe(false);

      socket.fire('typing', { conversationId: 'another', until: new Date(Date.now() + 5000).toISOString() });
      expect(state.typing.value).toBe(false);
      socket.fire('typing', { conversationId: CONVERSATION_ID, until: new Date(Date.now() + 5000).toISOString() });
      socket.fire('typing', { conversationId: CONVERSATION_ID, until: null });
      expect(state.typing.value).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows conversation:update (an ended conversation) and starts a fresh one on request', async () => {
    const { connection, socket } = await opened([text(1, 'Bye')]);
    socket.fire('conversation:update', { ...conversation(2), status: 'ended' });
    expect(state.conversation.value?.status).toBe('ended');

    connection.startNewConversation();
    const [, fresh] = socket.sent('conversation:open');
    expect(fresh?.payload).toEqual({ fresh: true });
    const next = { id: 'conv-2', status: 'open' as const, createdAt: '2026-01-01T00:10:00Z', lastSeq: 1 };
    fresh?.ack({ ok: true, data: { conversation: next, messages: [{ ...text(1, 'Hi again'), conversationId: 'conv-2' }] } });
    expect(state.conversation.value?.id).toBe('conv-2');
    expect(state.messages.value.map((m) => m.conversationId)).toEqual(['conv-2']);
    expect(visitorRecord.read().conversationId).toBe('conv-2');
    // A new conversation's greeting is news.
    expect(onNewMessage).toHaveBeenCalledOnce();
  });

  it('stops: disconnects, forgets what was queued, and starts from scratch after', async () => {
    const connection = connect();
    connection.start();
    await flush();
    const socket = sockets[0]!;
    connection.identify({ name: 'Ada' });
    connection.stop();
    expect(socket.connected).toBe(false);
    expect(state.connection.value).toBe('idle');
    socket.fire('disconnect');
    expect(state.connection.value).toBe('idle'); // a stale socket changes nothing
    connection.start();
    await flush();
    expect(sockets).toHaveLength(2);
    sockets[1]!.fire('connect');
    expect(sockets[1]!.sent('visitor:identify')).toEqual([]);
  });

  it("keeps a new conversation's messages and typing that arrive before the open ack", async () => {
    connect().start();
    await flush();
    const socket = sockets[0]!;
    socket.fire('connect');
    // The server subscribed the socket and the bot spoke before the ack came back.
    socket.fire('message:new', text(2, 'after the snapshot'));
    socket.fire('typing', { conversationId: CONVERSATION_ID, until: new Date(Date.now() + 3000).toISOString() });
    socket.sent('conversation:open')[0]?.ack(snapshot([text(1, 'Hi!')]));
    expect(ids(state.messages.value)).toEqual(['m1', 'm2']);
    expect(state.typing.value).toBe(true);
    expect(onNewMessage.mock.calls.map(([m]) => m.id)).toEqual(['m2']);
  });
});

describe('thread requests and updates', () => {

  it('replaces a message when the server says it changed (a reaction from any tab)', async () => {
    const { socket } = await opened([text(1, 'Hi'), text(2, 'Mon–Fri')]);
    socket.fire('message:update', { ...text(2, 'Mon–Fri'), reaction: 'POSITIVE' });
    expect(state.messages.value.map((m) => ('reaction' in m ? m.reaction : undefined))).toEqual([undefined, 'POSITIVE']);
    expect(ids(state.messages.value)).toEqual(['m1', 'm2']);
    // Another conversation's update is not this one's.
    socket.fire('message:update', { ...text(1, 'Hi'), conversationId: 'other', reaction: 'NEGATIVE' });
    expect(state.messages.value[0]).not.toHaveProperty('reaction');
    // Nor is one of a message older than the history the widget holds.
    socket.fire('message:update', { ...text(0, 'Long ago'), id: 'm0', reaction: 'NEGATIVE' });
    expect(ids(state.messages.value)).toEqual(['m1', 'm2']);
    expect(onNewMessage).not.toHaveBeenCalled();
  });

  it('sends a request with the ack timeout and resolves to its ack', async () => {
    const { connection, socket } = await opened();
    const result = connection.request('conversation:read', { conversationId: CONVERSATION_ID, seq: 3 });
    const [sent] = socket.sent('conversation:read');
    expect(sent).toMatchObject({ payload: { conversationId: CONVERSATION_ID, seq: 3 }, timeout: ACK_TIMEOUT_MS });
    sent?.ack({ ok: true, data: { seq: 3 } });
    expect(await result).toEqual({ ok: true, data: { seq: 3 } });
  });

  it('resolves a request to null when no ack comes in time, or when not connected', async () => {
    const { connection, socket } = await opened();
    const late = connection.request('persona:select', { conversationId: CONVERSATION_ID, personaId: 'bo' });
    socket.sent('persona:select')[0]?.reject?.(new Error('operation has timed out'));
    expect(await late).toBeNull();
    socket.fire('disconnect');
    expect(await connection.request('persona:select', { conversationId: CONVERSATION_ID, personaId: 'bo' })).toBeNull();
    expect(socket.sent('persona:select')).toHaveLength(1);
  });
});

