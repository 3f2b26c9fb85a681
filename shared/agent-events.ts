/**
 * The agent console's protocol: Socket.IO namespace `/agents`, signed in with an agent's own
 * credential (never a visitor token). The console and the server both build against these
 * types; every request is acknowledged with an Ack, every change is stored before it is
 * emitted.
 */
import type { MessageRecord } from './messages.js';
import type { Ack } from './socket-events.js';

/** The Socket.IO namespace of agent sockets. */
export const AGENT_NAMESPACE = '/agents';

/** A file in an agent's reply: a link POST /api/console/uploads answered with. */
export interface AgentAttachment {
  link: string;
  type: 'image' | 'file';
  name?: string;
}

/** Sent in the handshake (`auth`) of the `/agents` namespace. */
export interface AgentAuth {
  token: string;
}

/** Chosen by the agent; "offline" is what the server says when no console tab is connected. */
export type AgentStatus = 'online' | 'away' | 'offline';
export type ChosenStatus = Exclude<AgentStatus, 'offline'>;

export interface AgentProfile {
  id: string;
  botId: string;
  botName: string;
  name: string;
  email: string | null;
  avatar: string | null;
  teams: string[];
  skills: string[];
  maxChats: number;
}

export interface AgentPresenceView {
  id: string;
  name: string;
  avatar: string | null;
  teams: string[];
  status: AgentStatus;
  /** Open conversations assigned to this agent. */
  chats: number;
}

export interface TeamView {
  id: string;
  name: string;
}

export interface CannedResponse {
  id: string;
  /** Typed after "/" in the composer. */
  shortCode: string;
  content: string;
}

export interface TransferView {
  id: string;
  status: 'active' | 'resumed';
  source: string;
  teamId: string | null;
  teamName: string | null;
  agentId: string | null;
  agentName: string | null;
  notes: string;
  transferredAt: string;
  assignedAt: string | null;
}

/**
 * Where a conversation stands for people: the bot has it, it waits in the queue, an agent
 * has it, or it has ended.
 */
export type ConversationState = 'bot' | 'queued' | 'assigned' | 'ended';

export interface ContactView {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  /** The external id is proven (the site's user_hash, or the API channel); name and email never are. */
  verified: boolean;
}

/** One row of the console's lists. */
export interface ConversationSummary {
  id: string;
  state: ConversationState;
  contact: ContactView;
  createdAt: string;
  lastSeq: number;
  /** When the newest message was stored, and a one-line plain-text preview of it. */
  lastMessageAt: string | null;
  preview: string;
  /** Visitor messages after this agent's read mark. */
  unread: number;
  transfer: TransferView | null;
  /** The visitor's position in the queue (1 = next), while queued. */
  queuePosition: number | null;
}

export interface NoteView {
  id: string;
  body: string;
  /** "bot" for a bot's note_create, "transfer" for a transfer's notes, else the agent's name. */
  author: string;
  createdAt: string;
  /** A note about the contact (003 note_create with contact_identity_id), not only about this conversation. */
  aboutContact?: true;
  /** A note about the contact made in an earlier conversation of theirs: that conversation's id. */
  earlierConversationId?: string;
}

/** The 000 contact panel: a flow's panel_config, with the session variables filled in. */
export interface PanelSection {
  id: string;
  label: string;
  columns: 1 | 2;
  collapsible: boolean;
  defaultCollapsed: boolean;
  fields: Array<{
    key: string;
    label: string;
    value: string | null;
    displayType: 'text' | 'badge' | 'tag';
    color: 'default' | 'success' | 'warning' | 'error' | 'info';
  }>;
}

export interface ConversationDetail {
  summary: ConversationSummary;
  /** The whole history (or the messages after `after`), oldest first. */
  messages: MessageRecord[];
  /** The flow's session variables. */
  variables: Record<string, string>;
  /** Sections in order (fields in order); empty when the flow has no panel_config. */
  panel: PanelSection[];
  notes: NoteView[];
  /** Whether the visitor is typing now. */
  visitorTyping: boolean;
}

export interface InboxSnapshot {
  me: AgentProfile;
  status: AgentStatus;
  /** Waiting transfers, oldest first. */
  queue: ConversationSummary[];
  /** Open conversations assigned to me. */
  mine: ConversationSummary[];
  /** Every open conversation of the bot, newest activity first (at most 200). */
  open: ConversationSummary[];
  agents: AgentPresenceView[];
  teams: TeamView[];
  canned: CannedResponse[];
}

export interface AgentClientEvents {
  /** Everything the console's lists need; call on (re)connect. */
  'inbox:get': (req: Record<string, never>, ack: (res: Ack<InboxSnapshot>) => void) => void;
  'agent:status': (req: { status: ChosenStatus }, ack: (res: Ack<{ status: AgentStatus }>) => void) => void;
  /** Opens a conversation: its detail, and its live events until unwatched. */
  'conversation:watch': (req: { conversationId: string; after?: number }, ack: (res: Ack<ConversationDetail>) => void) => void;
  'conversation:unwatch': (req: { conversationId: string }, ack: (res: Ack<Record<string, never>>) => void) => void;
  /** The 000 pickup: the oldest waiting transfer (of a team, or any of mine), atomically; null when none. */
  'transfer:pick-next': (req: { teamId?: string }, ack: (res: Ack<{ conversation: ConversationSummary | null }>) => void) => void;
  /** Gives a conversation to an agent (myself to take it from the queue). */
  'conversation:assign': (req: { conversationId: string; agentId: string }, ack: (res: Ack<{ conversation: ConversationSummary }>) => void) => void;
  /** Back to the queue of a team (or the general queue with teamId null). */
  'conversation:transfer': (
    req: { conversationId: string; teamId: string | null; notes?: string },
    ack: (res: Ack<{ conversation: ConversationSummary }>) => void,
  ) => void;
  /** The 000 resume: the bot answers again. */
  'conversation:resume-bot': (req: { conversationId: string }, ack: (res: Ack<{ conversation: ConversationSummary }>) => void) => void;
  'conversation:end': (req: { conversationId: string }, ack: (res: Ack<{ conversation: ConversationSummary }>) => void) => void;
  /** A markdown reply to the visitor; only in a conversation assigned to me (else forbidden). */
  'agent:message': (
    req: { conversationId: string; clientId: string; body: string; attachment?: AgentAttachment },
    ack: (res: Ack<{ message: MessageRecord }>) => void,
  ) => void;
  /** A private note, never shown to the visitor. */
  'agent:note': (req: { conversationId: string; body: string }, ack: (res: Ack<{ note: NoteView }>) => void) => void;
  /** Shown to the visitor as the agent typing; send true while typing (again every few seconds), false to stop. */
  'agent:typing': (req: { conversationId: string; typing: boolean }, ack: (res: Ack<Record<string, never>>) => void) => void;
  /** The agent has read up to this message; the visitor sees read receipts. */
  'conversation:read': (req: { conversationId: string; seq: number }, ack: (res: Ack<{ seq: number }>) => void) => void;
}

export interface AgentServerEvents {
  /** A conversation's row changed (a message, a transfer, an assignment, an end): replace it in every list. */
  'inbox:update': (summary: ConversationSummary) => void;
  /** Someone's presence or load changed. */
  'presence:update': (agent: AgentPresenceView) => void;
  /** A message in a watched conversation (visitor, bot, agent or system). */
  'message:new': (message: MessageRecord) => void;
  'message:update': (message: MessageRecord) => void;
  /** A note was added to a watched conversation. */
  'note:new': (note: NoteView & { conversationId: string }) => void;
  /** The visitor of a watched conversation is typing (or stopped). */
  'visitor:typing': (signal: { conversationId: string; typing: boolean }) => void;
  /** A refusal that had no ack to go on. */
  'event:refused': (refusal: { event: string; error: { code: string; message: string } }) => void;
}
