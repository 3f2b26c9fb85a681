import type { BotAction } from './actions.js';
import type { VisitorEvent } from './visitor-events.js';

export type ConversationStatus = 'open' | 'ended';

export interface ConversationView {
  id: string;
  status: ConversationStatus;
  createdAt: string;
  /** Sequence number of the newest message stored in the conversation (0 when empty). */
  lastSeq: number;
  /** Where people stand in the conversation once it is handed over; absent while the bot has it. */
  people?: PeopleState;
  /** An agent has read the visitor's messages up to this sequence number (read receipts). */
  agentReadSeq?: number;
}

/** A person of the team as the visitor sees them. */
export interface AgentBadge {
  name: string;
  avatar: string | null;
}

/** A handed-over conversation: waiting in line (with its place), or with an agent. */
export interface PeopleState {
  state: 'queued' | 'assigned';
  /** 1 = next, while queued. */
  position: number | null;
  /** Whether any agent who could take it is online now (false: offer to leave a message). */
  agentsOnline: boolean;
  agent: AgentBadge | null;
}

/** A system line about people: an agent joined or left, or the chat went back to the queue. */
export interface PeopleNotice {
  kind: 'agent_joined' | 'agent_left' | 'requeued' | 'bot_resumed';
  agent: string | null;
}

interface MessageBase {
  id: string;
  conversationId: string;
  /** Per-conversation order, 1, 2, 3...: the cursor for history and reconnects. */
  seq: number;
  createdAt: string;
}

export interface VisitorMessage extends MessageBase {
  author: 'visitor';
  packet: VisitorEvent;
  /** The id the widget made for it, so a resend is stored once. */
  clientId: string;
  /** The choice message a click answers. */
  replyTo?: string;
}

/** A visitor's verdict on a bot message (the thread API's reactions). */
export const REACTIONS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface BotMessage extends MessageBase {
  author: 'bot' | 'agent' | 'system';
  packet: BotAction;
  reaction?: Reaction;
  /** Who wrote an agent's message. */
  sender?: AgentBadge;
  /**
   * A system line about people; the packet then carries the same line as plain text for
   * text-only views (threads, the API channel, webhooks).
   */
  notice?: PeopleNotice;
}

export type MessageRecord = VisitorMessage | BotMessage;
export type MessageAuthor = MessageRecord['author'];
