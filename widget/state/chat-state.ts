import { batch, signal, type Signal } from '@preact/signals-core';
import type { AnswerDraft, BotMessage, ConversationView, MessageRecord, VisitorEvent, WidgetConfig } from '../../shared/index.js';
import { en, type Strings } from '../i18n/en.js';
import { mergeMessages } from '../rules/merge-messages.js';
import { spokenText } from '../rules/spoken-text.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A visitor event shown before the server has stored it. */
export interface PendingMessage {
  clientId: string;
  packet: VisitorEvent;
  replyTo?: string;
  status: 'sending' | 'failed';
  error?: string;
  /** In the outbox (a message, persisted); otherwise an upload's chip, this tab's own. */
  queued?: boolean;
  /** Failed, and Retry may help (the network, the server): the view offers it. */
  retryable?: boolean;
}

export interface Announcement {
  id: string;
  text: string;
}

/**
 * What covers the conversation for a moment: a list template's selection sheet or an image.
 * Focus goes back to `opener` when it closes.
 */
export type Overlay = ({ kind: 'list'; message: BotMessage } | { kind: 'image'; src: string; alt: string }) & {
  opener: HTMLElement | null;
};

/** The newest message the visitor has seen, per conversation (for the unread count). */
export interface SeenMark {
  conversationId: string;
  seq: number;
}

/** The persona the visitor picked (WidgetConfig.personas), for one conversation. */
export interface PersonaChoice {
  conversationId: string;
  personaId: string;
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
  /** The composer's text; window.Confab.prefill writes it. */
  draft: Signal<string>;
  /** The bot is "typing" (a delay is running on the server), or an agent is. */
  typing: Signal<boolean>;
  /** The name of the agent typing, while one is. */
  typist: Signal<string | null>;
  /** The bot's public look and limits, once fetched. */
  config: Signal<WidgetConfig | null>;
  strings: Signal<Strings>;
  overlay: Signal<Overlay | null>;
  seen: Signal<SeenMark | null>;
  /** document.visibilityState is "visible". */
  pageVisible: Signal<boolean>;
  /** The preview bubble the visitor dismissed ("greeting" or a message id). */
  previewDismissed: Signal<string | null>;
  persona: Signal<PersonaChoice | null>;
  /** AI answers being written (message:draft), until their stored message arrives. */
  answers: Signal<AnswerDraft[]>;
  /** The bot asks who the visitor is before it starts (003 registration mode): the card shows. */
  registration: Signal<boolean>;
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
    draft: signal(''),
    typing: signal(false),
    typist: signal<string | null>(null),
    config: signal<WidgetConfig | null>(null),
    strings: signal<Strings>(en),
    overlay: signal<Overlay | null>(null),
    seen: signal<SeenMark | null>(null),
    pageVisible: signal(true),
    previewDismissed: signal<string | null>(null),
    persona: signal<PersonaChoice | null>(null),
    answers: signal<AnswerDraft[]>([]),
    registration: signal(false),
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
    if (state.answers.value.length) state.answers.value = state.answers.value.filter((a) => !answered(state, a.draftId));
    if (stored.size) state.pending.value = state.pending.value.filter((p) => !stored.has(p.clientId));
    if (announce) {
      const spoken = added.map((m) => ({ id: m.id, text: spokenText(m, state.strings.value) })).filter((a) => a.text);
      // A few recent lines are enough; the region is not a second history.
      if (spoken.length) state.announcements.value = [...state.announcements.value, ...spoken].slice(-3);
    }
  });
  return added;
}

/**
 * A stored message changed (a reaction): the new version replaces the old one. One the widget
 * does not hold (older than the history it loaded) stays out: it would show without its neighbours.
 */
export function updateMessage(state: ChatState, message: MessageRecord): void {
  const messages = state.messages.value;
  if (messages.some((m) => m.id === message.id)) state.messages.value = messages.map((m) => (m.id === message.id ? message : m));
}

/** Whether the stored message that completes a draft is here. */
const answered = (state: ChatState, draftId: string): boolean =>
  state.messages.value.some((m) => m.author !== 'visitor' && m.packet.name === 'message' && m.packet.payload.ai?.draftId === draftId);

/** A draft's new text, or its end; one whose message is here already stays gone (a reload's snapshot may hold both). */
export function applyDraft(state: ChatState, draft: AnswerDraft): void {
  const others = state.answers.value.filter((a) => a.draftId !== draft.draftId);
  state.answers.value = draft.state === 'ended' || answered(state, draft.draftId) ? others : [...others, draft];
}

/** The conversation changed (new visitor, a fresh conversation): forget its messages. */
export function resetConversation(state: ChatState): void {
  batch(() => {
    state.conversation.value = null;
    state.messages.value = [];
    state.typing.value = false;
    state.answers.value = [];
    state.overlay.value = null;
    state.announcements.value = [];
  });
}
