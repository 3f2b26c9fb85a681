import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type {
  AgentPresenceView,
  AgentProfile,
  AgentStatus,
  CannedResponse,
  ConversationSummary,
  NoteView,
  PanelSection,
  TeamView,
} from '../../shared/agent-events.js';
import type { MessageRecord } from '../../shared/index.js';
import { EMPTY_LISTS, findRow, type ListName, type Lists } from '../rules/inbox.js';

/** signed-out: the sign-in form; connecting: the first connection; then connected, or reconnecting after a drop. */
export type ConnectionStatus = 'signed-out' | 'connecting' | 'connected' | 'reconnecting';

/** The conversation on screen: its history and what the side panel shows. */
export interface OpenConversation {
  id: string;
  /** Until the first watch answers: no history yet. */
  loaded: boolean;
  messages: MessageRecord[];
  notes: NoteView[];
  panel: PanelSection[];
  variables: Record<string, string>;
  visitorTyping: boolean;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

/** Phones show one of these at a time; wider screens show them side by side. */
export type Screen = 'list' | 'conversation' | 'details';

export interface ConsoleState {
  status: Signal<ConnectionStatus>;
  /** Why the last sign-in failed (wrong or revoked token), shown on the form. */
  signInError: Signal<string | null>;
  me: Signal<AgentProfile | null>;
  presence: Signal<AgentStatus>;
  lists: Signal<Lists>;
  agents: Signal<AgentPresenceView[]>;
  teams: Signal<TeamView[]>;
  canned: Signal<CannedResponse[]>;
  tab: Signal<ListName>;
  /** The row the keyboard is on in the current list. */
  cursor: Signal<string | null>;
  open: Signal<OpenConversation | null>;
  /** The open conversation's row, from the lists (null when it left all of them, e.g. ended). */
  openRow: ReadonlySignal<ConversationSummary | null>;
  /** A row kept for a conversation that left every list (ended, or transferred away) while on screen. */
  lastRow: Signal<ConversationSummary | null>;
  screen: Signal<Screen>;
  notice: Signal<Notice | null>;
  /** Spoken by the live region: new messages in the open conversation, new chats in the queue. */
  announcement: Signal<string>;
  /** Ticks every few seconds, so wait times move on. */
  now: Signal<number>;
  helpOpen: Signal<boolean>;
  sound: Signal<boolean>;
}

export function createConsoleState(now = Date.now()): ConsoleState {
  const lists = signal<Lists>(EMPTY_LISTS);
  const open = signal<OpenConversation | null>(null);
  const lastRow = signal<ConversationSummary | null>(null);
  return {
    status: signal<ConnectionStatus>('signed-out'),
    signInError: signal<string | null>(null),
    me: signal<AgentProfile | null>(null),
    presence: signal<AgentStatus>('offline'),
    lists,
    agents: signal<AgentPresenceView[]>([]),
    teams: signal<TeamView[]>([]),
    canned: signal<CannedResponse[]>([]),
    tab: signal<ListName>('queue'),
    cursor: signal<string | null>(null),
    open,
    openRow: computed(() => {
      const id = open.value?.id;
      if (!id) return null;
      return findRow(lists.value, id) ?? (lastRow.value?.id === id ? lastRow.value : null);
    }),
    lastRow,
    screen: signal<Screen>('list'),
    notice: signal<Notice | null>(null),
    announcement: signal(''),
    now: signal(now),
    helpOpen: signal(false),
    sound: signal(true),
  };
}

let noticeId = 0;

export function showNotice(state: ConsoleState, kind: Notice['kind'], text: string): void {
  noticeId += 1;
  state.notice.value = { id: noticeId, kind, text };
}
