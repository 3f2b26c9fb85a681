import { batch, signal, type Signal } from '@preact/signals';
import type { ConversationView, MessageRecord, VisitorEvent } from '../../shared/index.js';
import { mergeMessages } from './merge-messages.js';
import { spokenText } from './spoken-text.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A visitor event shown before the server has stored it. */
export interface PendingMessage {
  clientId: string;
  packet: VisitorEvent;
  replyTo?: string;
  status: 'sending' | 'failed';
  error?: string;
}

export interface Announcement {
  id: string;
  text: string;
}

export interface ChatState {
  open: Signal<boolean>;
  connection: Signal<ConnectionStatus>;
  conversation: Signal<ConversationView | null>;
  /** Stored messages, deduplicated and in seq order. */
  messages: Signal<MessageRecord[]>;
  pending: Signal<PendingMessage[]>;
  /** An error the panel shows instead of failing silently (unknown bot, server unreachable). */
  notice: Signal<string | null>;
  /** What the live region reads out: new messages only, never the history. */
  announcements: Signal<Announcement[]>;
}

export function createChatState(): ChatState {
  return {
    open: signal(false),
    connection: signal<ConnectionStatus>('idle'),
    conversation: signal<ConversationView | null>(null),
    messages: signal<MessageRecord[]>([]),
    pending: signal<PendingMessage[]>([]),
    notice: signal<string | null>(null),
    announcements: signal<Announcement[]>([]),
  };
}

/**
 * Merges arrived messages, drops the pending copies they replace (same clientId) and,
 * with `announce`, queues what is new for the live region. Returns the new messages.
 */
export function receiveMessages(state: ChatState, incoming: readonly MessageRecord[], announce: boolean): MessageRecord[] {
  const known = new Set(state.messages.value.map((m) => m.id));
  const added = incoming.filter((m) => !known.has(m.id));
  const stored = new Set(incoming.flatMap((m) => (m.author === 'visitor' ? [m.clientId] : [])));
  batch(() => {
    state.messages.value = mergeMessages(state.messages.value, incoming);
    if (stored.size) state.pending.value = state.pending.value.filter((p) => !stored.has(p.clientId));
    if (announce) {
      const spoken = added
        .filter((m) => m.author !== 'visitor')
        .map((m) => ({ id: m.id, text: spokenText(m) }))
        .filter((a) => a.text);
      // A few recent lines are enough; the region is not a second history.
      if (spoken.length) state.announcements.value = [...state.announcements.value, ...spoken].slice(-3);
    }
  });
  return added;
}

export function addPending(state: ChatState, pending: PendingMessage): void {
  state.pending.value = [...state.pending.value, pending];
}

export function failPending(state: ChatState, clientId: string, error: string): void {
  state.pending.value = state.pending.value.map((p) => (p.clientId === clientId ? { ...p, status: 'failed', error } : p));
}

/** The conversation changed (new visitor, ended conversation): forget its messages. */
export function resetConversation(state: ChatState): void {
  batch(() => {
    state.conversation.value = null;
    state.messages.value = [];
  });
}
