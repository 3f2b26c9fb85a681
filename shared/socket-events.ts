import type { VisitorEvent } from './visitor-events.js';
import type { ConversationView, MessageRecord } from './messages.js';

/** Closed list of the reasons an ack or a connection is refused. */
export type ErrorCode =
  | 'bad_request'
  | 'empty_message'
  | 'message_too_long'
  | 'not_found'
  | 'forbidden'
  | 'unknown_bot'
  | 'invalid_token'
  | 'conversation_ended'
  | 'conflict'
  | 'internal';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Sent in the Socket.IO handshake (`auth`). */
export interface VisitorAuth {
  botKey: string;
  token: string;
}

export interface OpenConversationRequest {
  /** Reopen this conversation; omitted: the visitor's newest open one, or a new one. */
  conversationId?: string;
  /** Return only the messages after this sequence number (reconnects). */
  after?: number;
  /** Start a new conversation even when one is open. */
  fresh?: boolean;
}

export interface ConversationSnapshot {
  conversation: ConversationView;
  messages: MessageRecord[];
}

export interface VisitorEventRequest {
  conversationId: string;
  clientId: string;
  packet: VisitorEvent;
  /** For a click: the id of the choice message it answers. */
  replyTo?: string;
}

export interface TypingSignal {
  conversationId: string;
  /** When the indicator goes away (ISO time), or null to hide it now. */
  until: string | null;
}

export interface ClientToServerEvents {
  'conversation:open': (req: OpenConversationRequest, ack: (res: Ack<ConversationSnapshot>) => void) => void;
  'visitor:event': (req: VisitorEventRequest, ack: (res: Ack<{ message: MessageRecord }>) => void) => void;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageRecord) => void;
  'conversation:update': (conversation: ConversationView) => void;
  typing: (signal: TypingSignal) => void;
}

/** POST /api/widget/visitors: a new visitor's identity. */
export interface VisitorIdentity {
  visitorId: string;
  token: string;
}

/** GET /api/widget/config?bot_key=: what the widget shows before the first message. */
export interface WidgetConfig {
  botKey: string;
  name: string;
  appearance: {
    title?: string;
    subtitle?: string;
    avatar?: string;
    primaryColor?: string;
    textColor?: string;
    greetingPreview?: string;
  };
}
