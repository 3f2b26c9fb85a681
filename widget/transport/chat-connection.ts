import { Manager, type Socket } from 'socket.io-client';
import {
  hasRole,
  type Ack,
  type ConversationSnapshot,
  type ConversationView,
  HISTORY_PAGE_SIZE,
  type ClientToServerEvents,
  type ErrorCode,
  type MessageRecord,
  type OpenConversationRequest,
  type RegistrationValues,
  type ServerToClientEvents,
  type TypingSignal,
  type VisitorAuth,
  type VisitorEvent,
  type VisitorEventRequest,
  type VisitorIdentity,
  type VisitorProfile,
} from '../../shared/index.js';
import {
  applyDraft,
  receiveMessages,
  resetConversation,
  updateMessage,
  type ChatState,
} from '../state/chat-state.js';
import { lastSeq } from '../rules/merge-messages.js';
import type { VisitorRecord } from '../state/visitor-record.js';
import { createOutbox, type Outbox, type OutboxEntry } from '../state/outbox.js';
import { createVisitor, type HttpResult } from './http.js';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An open request and what it was asked from: the conversation shown then, and whether it asked for a fresh one. */
interface OpenAsked {
  request: OpenConversationRequest;
  current: ConversationView | null;
  fresh: boolean;
}
export type OpenSocket = (server: string, auth: (cb: (data: VisitorAuth) => void) => void) => ChatSocket;

/** Requests of the thread features: sent once, not queued nor retried (a lost one costs little). */
export type ThreadRequest = 'message:react' | 'persona:select' | 'conversation:read' | 'visitor:typing' | 'answer:stop';
export type RequestOf<E extends ThreadRequest> = Parameters<ClientToServerEvents[E]>[0];
export type AckOf<E extends ThreadRequest> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** The same emitWithAck, typed for a generic event name, which socket.io's own types cannot follow. */
interface ThreadRequester {
  emitWithAck<E extends ThreadRequest>(event: E, req: RequestOf<E>): Promise<AckOf<E>>;
}

/** Without an ack by then the event is sent again, under the same clientId. */
export const ACK_TIMEOUT_MS = 10_000;
/** The longest a typing indicator stays up without a message (clock skew, lost events). */
export const MAX_TYPING_MS = 60_000;
/** Tries while connected before a message is shown as not delivered (then the visitor's Retry). */
const MAX_ATTEMPTS = 6;
/** Creating the visitor failed (no network) with messages waiting: tried again this much later. */
export const IDENTITY_RETRY_MS = 5_000;
/** A stored conversation the server refuses to reopen: start over with a new one. */
const REOPEN_REFUSED = new Set<ErrorCode>(['not_found', 'forbidden', 'conversation_ended']);

export interface ChatConnectionOptions {
  server: string;
  botKey: string;
  state: ChatState;
  visitorRecord: VisitorRecord;
  /** A message that reached the conversation after the history was loaded. */
  onNewMessage(message: MessageRecord): void;
  /** The unsent messages (persisted by the panel); memory only when not given. */
  outbox?: Outbox;
  openSocket?: OpenSocket;
  requestVisitor?: (server: string, botKey: string) => Promise<HttpResult<VisitorIdentity>>;
}

export interface ChatConnection {
  /** Connects once; later calls do nothing. Called when the panel opens or something is sent. */
  /** The registration card's answers: the conversation starts with them (003 registration mode). */
  register(values: RegistrationValues): void;
  /** `proactive`: the widget opened by itself; a conversation this starts says so (003 approach_mode). */
  start(options?: { proactive?: boolean }): void;
  /** Shows the event as pending at once, keeps it in the outbox and delivers it as soon as a conversation is open. */
  send(packet: VisitorEvent, replyTo?: string): void;
  /** Sends a failed message again, under its clientId (the server stores it once). */
  retry(clientId: string): void;
  /** Tells the server who the visitor is, as soon as (and every time) a connection is up, until it is acknowledged. */
  identify(profile: VisitorProfile): void;
  /** Leaves an ended conversation for a new one (conversation:open with fresh). */
  startNewConversation(): void;
  /** The visitor's identity, created on the server when there is none yet (uploads need its token). */
  identity(): Promise<VisitorIdentity | null>;
  /** Sends a request now; its ack, or null when not connected or no ack came in time. */
  request<E extends ThreadRequest>(event: E, req: RequestOf<E>): Promise<AckOf<E> | null>;
  /** Disconnects; start() connects again from scratch. The outbox stays (reset clears it). */
  stop(): void;
}

// Websocket only: the Confab server speaks it, and it keeps the handshake to one request.
// A Manager of its own rather than io(): one connection to one server needs neither io()'s
// URL parsing (namespaces) nor its cache of managers, and the bundle leaves them out.
const defaultOpenSocket: OpenSocket = (server, auth) => new Manager(server, { transports: ['websocket'] }).socket('/', { auth });

export function createChatConnection(options: ChatConnectionOptions): ChatConnection {
  const { server, botKey, state, visitorRecord, onNewMessage } = options;
  const openSocket = options.openSocket ?? defaultOpenSocket;
  const requestVisitor = options.requestVisitor ?? createVisitor;
  const outbox = options.outbox ?? createOutbox(botKey, 'none');
  let socket: ChatSocket | undefined;
  let starting = false;
  let token = '';
  let tokenRenewals = 0;
  let profile: VisitorProfile | null = null;
  let wantFresh = false;
  let proactive = false;
  let registration: RegistrationValues | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  // The server subscribes the socket before the bot's first words, so a new conversation's
  // messages and typing can arrive before the conversation:open ack names it: kept until then.
  let early: { messages: MessageRecord[]; typing: TypingSignal | null } = { messages: [], typing: null };
  // Bumped by stop(): work that awaited across it belongs to a visitor that is gone.
  let epoch = 0;
  let passes: Promise<unknown> = Promise.resolve();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  showOutbox();

  async function start(): Promise<void> {
    if (socket || starting) return;
    const run = epoch;
    starting = true;
    state.connection.value = 'connecting';
    const identity = await ensureIdentity();
    starting = false;
    if (run !== epoch) return;
    if (!identity) return retryLater(); // the notice says why; the next open tries again
    token = identity.token;
    // The first connect opens the conversation with the handshake (the server answers with
    // conversation:opened, one round trip sooner); reconnects ask with conversation:open.
    let connectedOnce = false;
    let handshakeOpen: OpenAsked | undefined;
    let awaiting: { answer(res: Ack<ConversationSnapshot>): void; timer: ReturnType<typeof setTimeout> } | undefined;
    const stopAwaiting = (): void => {
      if (awaiting) clearTimeout(awaiting.timer);
      awaiting = undefined;
    };
    const s = openSocket(server, (cb) => {
      handshakeOpen = connectedOnce ? undefined : askToOpen();
      cb(handshakeOpen ? { botKey, token, open: handshakeOpen.request } : { botKey, token });
    });
    socket = s;
    const current = (): boolean => socket === s;
    s.on('connect', () => {
      tokenRenewals = 0;
      const asked = handshakeOpen;
      handshakeOpen = undefined;
      connectedOnce = true;
      stopAwaiting();
      if (!asked) openConversation(s);
      else
        awaiting = {
          answer: (res) => (stopAwaiting(), opened(s, asked, res)),
          // A server that does not answer the handshake's open (an older one) is asked again.
          timer: setTimeout(() => (stopAwaiting(), current() && openConversation(s)), ACK_TIMEOUT_MS),
        };
      sendProfile(s);
    });
    s.on('conversation:opened', (res) => awaiting?.answer(res));
    s.on('disconnect', (reason) => {
      if (!current()) return;
      state.connection.value = 'reconnecting';
      // Socket.IO does not come back by itself from this one; the handshake says why (a
      // revoked token: invalid_token, and the widget goes on as a new visitor).
      if (reason === 'io server disconnect') s.connect();
    });
    s.on('connect_error', (error) => void recover(s, error));
    s.on('message:new', (message) => {
      if (message.conversationId === state.conversation.value?.id) receive([message], true);
      else if (early.messages.length < HISTORY_PAGE_SIZE) early.messages.push(message);
    });
    // A reaction, from this tab or another one: the server sends the whole updated message.
    s.on('message:update', (message) => {
      if (message.conversationId === state.conversation.value?.id) updateMessage(state, message);
    });
    s.on('conversation:update', (conversation) => {
      if (conversation.id === state.conversation.value?.id) state.conversation.value = conversation;
    });
    // An AI answer as it streams; for another conversation it is not news (a snapshot holds it).
    s.on('message:draft', (draft) => {
      if (draft.conversationId === state.conversation.value?.id) applyDraft(state, draft);
    });
    s.on('typing', (signal) => {
      if (signal.conversationId !== state.conversation.value?.id) return void (early.typing = signal);
      state.typist.value = signal.agent?.name ?? null;
      showTyping(typingMs(signal));
    });
  }

  /** Messages wait and the server could not be reached: try again by itself. */
  function retryLater(): void {
    if (outbox.entries().some((e) => e.status === 'sending')) retryTimer = setTimeout(() => void start(), IDENTITY_RETRY_MS);
  }

  async function ensureIdentity(): Promise<VisitorIdentity | null> {
    const stored = visitorRecord.identity();
    if (stored) return stored;
    const result = await requestVisitor(server, botKey);
    if (result.error !== undefined) {
      state.notice.value = result.error;
      state.connection.value = 'offline';
      return null;
    }
    visitorRecord.update({ ...result.data, conversationId: undefined });
    return result.data;
  }

  async function recover(s: ChatSocket, error: Error): Promise<void> {
    if (socket !== s) return;
    // The server forgot the visitor (or the token expired): become a new visitor, once or twice.
    if (error.message === 'invalid_token' && tokenRenewals < 2) {
      tokenRenewals += 1;
      visitorRecord.forgetIdentity();
      resetConversation(state);
      const identity = await ensureIdentity();
      if (!identity || socket !== s) return;
      token = identity.token;
      s.connect();
      return;
    }
    if (s.active) {
      state.connection.value = 'reconnecting'; // a network error: Socket.IO retries by itself
      return;
    }
    state.connection.value = 'offline';
    // A bot that does not exist, or does not allow this page: no retry will help.
    state.notice.value = error.message === 'unknown_bot' || error.message === 'origin_not_allowed' ? state.strings.value.unavailable : state.strings.value.cannotConnect;
  }

  /** What to open now: the conversation shown or stored, a fresh one, or the visitor's newest. */
  function askToOpen(): OpenAsked {
    const current = state.conversation.value;
    const fresh = wantFresh;
    const conversationId = current?.id ?? visitorRecord.read().conversationId;
    const request: OpenConversationRequest = fresh ? { fresh: true } : conversationId ? { conversationId } : proactive ? { proactive } : {};
    // After a reconnect only the messages missed meanwhile are needed.
    if (current && !fresh) request.after = lastSeq(state.messages.value);
    if (registration && !request.conversationId) request.registration = registration;
    return { request, current, fresh };
  }

  function openConversation(s: ChatSocket): void {
    const asked = askToOpen();
    s.emit('conversation:open', asked.request, (res) => opened(s, asked, res));
  }

  /** conversation:open's answer, or conversation:opened's for the handshake's open. */
  function opened(s: ChatSocket, { request, current, fresh }: OpenAsked, res: Ack<ConversationSnapshot>): void {
    if (socket !== s) return;
    if (!res.ok) {
      if (res.error.code === 'registration_required') {
        // Not an error to show: the card asks, and register() opens again with its answers.
        state.registration.value = true;
        state.connection.value = 'connected';
      } else if (request.conversationId && REOPEN_REFUSED.has(res.error.code)) {
        visitorRecord.update({ conversationId: undefined });
        resetConversation(state);
        openConversation(s);
      } else {
        state.notice.value = res.error.message;
      }
      return;
    }
    if (fresh) wantFresh = false;
    proactive = false;
    registration = undefined;
    state.registration.value = false;
    const { conversation, messages } = res.data;
    const sameConversation = conversation.id === current?.id;
    if (!sameConversation) resetConversation(state);
    state.conversation.value = conversation;
    visitorRecord.update({ conversationId: conversation.id });
    // The first snapshot is history: it is not announced nor reported as new. A fresh
    // conversation's greeting is news, though, and so is what came before the ack.
    receive(messages, sameConversation || fresh);
    // The answers streaming now, as they stand: one that ended while away is gone.
    state.answers.value = [];
    for (const draft of res.data.drafts ?? []) applyDraft(state, draft);
    const before = early;
    early = { messages: [], typing: null };
    const late = before.messages.filter((m) => m.conversationId === conversation.id);
    if (late.length) receive(late, true);
    if (before.typing?.conversationId === conversation.id) showTyping(typingMs(before.typing));
    state.notice.value = null;
    state.connection.value = 'connected';
    void flush();
  }

  function receive(messages: readonly MessageRecord[], fresh: boolean): void {
    const added = receiveMessages(state, messages, fresh);
    // The bot said something (a delay only holds back what follows): whatever it was typing has arrived.
    if (fresh && added.some((m) => m.author !== 'visitor' && !hasRole(m.packet, 'timing'))) showTyping(0);
    if (fresh) added.forEach(onNewMessage);
  }

  function typingMs({ until }: TypingSignal): number {
    return until === null ? 0 : Date.parse(until) - Date.now();
  }

  function showTyping(ms: number): void {
    clearTimeout(typingTimer);
    state.typing.value = ms > 0;
    if (ms > 0) typingTimer = setTimeout(() => (state.typing.value = false), Math.min(ms, MAX_TYPING_MS));
  }

  /**
   * Shows the outbox as pending messages after the upload chips (which are this tab's own),
   * leaving out what is stored already (its ack and its message:new may come in either order).
   */
  function showOutbox(): void {
    const stored = new Set(state.messages.value.flatMap((m) => (m.author === 'visitor' ? [m.clientId] : [])));
    const queued = outbox.entries().filter((e) => !stored.has(e.clientId));
    state.pending.value = [...state.pending.value.filter((p) => !p.queued), ...queued.map((e) => ({ ...e, queued: true, retryable: true }))];
  }

  /**
   * Delivers the outbox, oldest first, on the open conversation; each call queues one more
   * pass. Tabs of one visitor share the outbox: the Web Lock lets one of them deliver at a
   * time, and the next one finds only what is still there, so no message goes out from two
   * tabs. Without Web Locks (old browsers, plain http) each tab delivers and the server's
   * idempotency keeps one copy.
   */
  function flush(): void {
    const pass = (): Promise<unknown> => (outbox.lock ? navigator.locks.request(outbox.lock, deliverAll) : deliverAll());
    passes = passes.then(pass, pass);
  }

  async function deliverAll(): Promise<void> {
    // Not connected yet: openConversation flushes when it is.
    for (let s = socket, batch; s?.connected && state.connection.value === 'connected' && (batch = outbox.entries().filter((e) => e.status === 'sending')).length; ) {
      // All at once on the one socket, so the server receives (and stores) them in order.
      await Promise.all(batch.map((entry) => deliver(s!, entry)));
    }
  }

  /** Sends one entry until it is stored, refused or given up, or the socket is gone (the next connect sends it again). */
  async function deliver(s: ChatSocket, { status, error, ...event }: OutboxEntry): Promise<void> {
    const request: VisitorEventRequest = { conversationId: state.conversation.value?.id ?? '', ...event };
    for (let attempt = 1; socket === s && s.connected && outbox.entries().some((e) => e.clientId === event.clientId); attempt += 1) {
      const res =
        attempt > MAX_ATTEMPTS
          ? { ok: false as const, error: { message: state.strings.value.notDelivered } }
          : // A timeout, or the socket dropped (Socket.IO fails the ack at once): the same clientId again.
            await s.timeout(ACK_TIMEOUT_MS).emitWithAck('visitor:event', request).catch(() => null);
      if (!res) continue;
      if (res.ok) {
        outbox.remove(event.clientId);
        receive([res.data.message], true);
      } else {
        outbox.update(event.clientId, { status: 'failed', error: res.error.message });
      }
      return showOutbox();
    }
  }

  function sendProfile(s: ChatSocket): void {
    const sent = profile;
    if (!sent) return;
    s.timeout(ACK_TIMEOUT_MS).emit('visitor:identify', sent, (timedOut, res) => {
      if (timedOut || profile !== sent) return; // resent on the next connect, or replaced meanwhile
      profile = null;
      if (!res.ok) console.warn(`[confab] identify() was refused: ${res.error.message}`);
    });
  }

  function send(packet: VisitorEvent, replyTo?: string): void {
    outbox.add({ clientId: crypto.randomUUID(), packet, status: 'sending', ...(replyTo ? { replyTo } : {}) });
    queued();
  }

  /** The outbox has something new to deliver. */
  function queued(): void {
    showOutbox();
    void start();
    void flush();
  }

  return {
    start(options = {}) {
      proactive ||= options.proactive === true;
      void start();
    },
    send,
    retry(clientId) {
      outbox.update(clientId, { status: 'sending', error: undefined });
      queued();
    },
    identify(next) {
      profile = next;
      if (socket?.connected) sendProfile(socket);
    },
    register(values) {
      registration = values;
      if (socket?.connected) openConversation(socket);
      else void start();
    },
    startNewConversation() {
      wantFresh = true;
      if (socket?.connected) openConversation(socket);
      else void start();
    },
    identity: () => ensureIdentity(),
    async request(event, req) {
      if (!socket?.connected) return null;
      try {
        return await (socket.timeout(ACK_TIMEOUT_MS) as unknown as ThreadRequester).emitWithAck(event, req);
      } catch {
        return null; // timed out
      }
    },
    stop() {
      epoch += 1;
      const s = socket;
      socket = undefined;
      starting = false;
      s?.disconnect();
      clearTimeout(retryTimer);
      profile = null;
      wantFresh = false;
      early = { messages: [], typing: null };
      showTyping(0);
      state.connection.value = 'idle';
    },
  };
}
