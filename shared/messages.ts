import type { BotAction } from './actions.js';
import type { VisitorEvent } from './visitor-events.js';

export type ConversationStatus = 'open' | 'ended';

export interface ConversationView {
  id: string;
  status: ConversationStatus;
  createdAt: string;
  /** Sequence number of the newest message stored in the conversation (0 when empty). */
  lastSeq: number;
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
}

export type MessageRecord = VisitorMessage | BotMessage;
export type MessageAuthor = MessageRecord['author'];
