/**
 * confab/client: the widget's realtime chat without its UI, for apps that draw their own. It
 * is the panel's own machinery (transport/chat-connection.ts, state/outbox.ts,
 * state/visitor-record.ts, state/chat-actions.ts), so it speaks the same typed Socket.IO
 * protocol: a visitor created on first use and kept in the chosen storage, the conversation's
 * history, an outbox that keeps unsent messages across reconnects (and reloads, with storage),
 * and Socket.IO's reconnects. Runs in browsers and in Node.js (storage "none" there).
 */
import { effect } from '@preact/signals-core';
import type { AnswerDraft, BotMessage, ChoiceOption, ConversationView, MessageRecord, VisitorProfile } from '../../shared/index.js';
import type { StorageKind } from '../contract.js';
import { createChatActions } from '../state/chat-actions.js';
import { createChatState, resetConversation, type ConnectionStatus, type PendingMessage } from '../state/chat-state.js';
import { createOutbox } from '../state/outbox.js';
import { createVisitorRecord } from '../state/visitor-record.js';
import { createChatConnection } from '../transport/chat-connection.js';

export type { ConnectionStatus, PendingMessage } from '../state/chat-state.js';
export type { StorageKind } from '../contract.js';
export type * from '../../shared/index.js';

export interface ClientOptions {
  /** The Confab server's origin, e.g. "https://chat.example.com". */
  server: string;
  botKey: string;
  /** Where the visitor's identity, conversation and outbox are kept: "local" (default in browsers), "session" or "none" (memory; Node.js). */
  storage?: StorageKind;
}

/** Events of client.on/off and their payloads. */
export interface ClientEventMap {
  /** A message that reached the conversation after its history: the bot's, an agent's, or the visitor's own once stored. */
  message: MessageRecord;
  /** The history changed (loaded, a new message, a reaction): every stored message, in order. */
  history: MessageRecord[];
  /** The visitor's messages not stored yet, with their status (sending, failed). */
  pending: PendingMessage[];
  status: ConnectionStatus;
  /** The bot or an agent is typing. */
  typing: boolean;
  /** AI answers as they stream (the whole text so far), until their message arrives. */
  drafts: AnswerDraft[];
  conversation: ConversationView | null;
  /** Why the chat cannot go on (unknown bot, server unreachable), or null once it can. */
  notice: string | null;
}

export type ClientEventName = keyof ClientEventMap;
export type ClientListener<E extends ClientEventName> = (payload: ClientEventMap[E]) => void;

export interface ConfabClient {
  /** Creates or restores the visitor and connects; later calls do nothing. send() connects too. */
  connect(): void;
  /** Sends text as the visitor; false (nothing sent) when it is empty or over the length limit. */
  send(text: string): boolean;
  /** Answers a bot message's choice (buttons, quick replies) with one of its options. */
  choose(message: BotMessage, option: ChoiceOption): void;
  /** Sends a failed message again, under its clientId. */
  retry(clientId: string): void;
  /** Tells the server who the signed-in visitor is, once connected. */
  identify(profile: VisitorProfile): void;
  /** The stored messages of the conversation, in order. */
  history(): MessageRecord[];
  pending(): PendingMessage[];
  status(): ConnectionStatus;
  conversation(): ConversationView | null;
  /** Listens; returns the function that stops it. */
  on<E extends ClientEventName>(event: E, listener: ClientListener<E>): () => void;
  off<E extends ClientEventName>(event: E, listener: ClientListener<E>): void;
  /** Forgets the visitor (logout): identity, conversation, outbox; the next connect() is a new visitor. */
  reset(): void;
  /** Disconnects and stops every listener; the outbox stays for the next client. */
  close(): void;
}

type AnyListener = (payload: unknown) => void;

export function createClient(options: ClientOptions): ConfabClient {
  const server = options.server.replace(/\/+$/, '');
  const { botKey } = options;
  const storage = options.storage ?? (typeof window === 'undefined' ? 'none' : 'local');
  const listeners = new Map<ClientEventName, Set<AnyListener>>();
  const emit = <E extends ClientEventName>(event: E, payload: ClientEventMap[E]): void => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error('[confab] listener failed', error);
      }
    }
  };

  const state = createChatState();
  const visitorRecord = createVisitorRecord(botKey, storage);
  const outbox = createOutbox(botKey, storage);
  const connection = createChatConnection({ server, botKey, state, visitorRecord, outbox, onNewMessage: (message) => emit('message', message) });
  const actions = createChatActions(state, connection);

  // Each signal's changes become an event; the first run only subscribes.
  const watch = <E extends ClientEventName>(event: E, read: () => ClientEventMap[E]): (() => void) => {
    let first = true;
    return effect(() => {
      const value = read();
      if (first) first = false;
      else emit(event, value);
    });
  };
  const stops = [
    watch('history', () => state.messages.value),
    watch('pending', () => state.pending.value),
    watch('status', () => state.connection.value),
    watch('typing', () => state.typing.value),
    watch('drafts', () => state.answers.value),
    watch('conversation', () => state.conversation.value),
    watch('notice', () => state.notice.value),
  ];
  let closed = false;

  return {
    connect: () => !closed && connection.start(),
    send: (text) => !closed && typeof text === 'string' && actions.sendText(text),
    choose: (message, option) => !closed && actions.choose(message, option),
    retry: (clientId) => !closed && connection.retry(clientId),
    identify: (profile) => !closed && connection.identify(profile),
    history: () => state.messages.value,
    pending: () => state.pending.value,
    status: () => state.connection.value,
    conversation: () => state.conversation.value,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(event, set);
      return () => set.delete(listener as AnyListener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as AnyListener);
    },
    reset() {
      connection.stop();
      // A signed-out visitor's unsent words must not go out as the next visitor's.
      outbox.clear();
      visitorRecord.forgetIdentity();
      resetConversation(state);
      state.pending.value = [];
      state.notice.value = null;
    },
    close() {
      if (closed) return;
      closed = true;
      connection.stop();
      for (const stop of stops) stop();
      listeners.clear();
    },
  };
}
