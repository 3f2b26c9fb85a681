import type { VisitorEvent } from './visitor-events.js';
import type { AgentBadge, ConversationView, MessageRecord, Reaction } from './messages.js';
import type { WidgetLanguage, WidgetStringKey } from './widget-strings.js';

/** Closed list of the reasons an ack or a connection is refused. */
export type ErrorCode =
  | 'bad_request'
  | 'empty_message'
  | 'message_too_long'
  | 'not_found'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'unknown_bot'
  | 'invalid_token'
  | 'conversation_ended'
  | 'conflict'
  /** The bot asks who the visitor is before it starts (its registration card): open again with `registration`. */
  | 'registration_required'
  | 'rate_limited'
  /** The server's database is unreachable or read-only for now: the same request again later works. */
  | 'unavailable'
  /** The server's disk (or database) is full: nothing was stored. */
  | 'storage_full'
  | 'internal';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With rate_limited: how long until the budget that refused it has room again. */
  retryAfterMs?: number;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Sent in the Socket.IO handshake (`auth`). */
export interface VisitorAuth {
  botKey: string;
  token: string;
  /**
   * The conversation to open with the handshake (what conversation:open takes): the server
   * answers with `conversation:opened` right after the connect, one round trip sooner.
   */
  open?: OpenConversationRequest;
}

export interface OpenConversationRequest {
  /** Reopen this conversation; omitted: the visitor's newest open one, or a new one. */
  conversationId?: string;
  /** Return only the messages after this sequence number (reconnects). */
  after?: number;
  /** Start a new conversation even when one is open. */
  fresh?: boolean;
  /** The panel opened by itself (data-open), not at the visitor's request: a conversation started now is 003's "proactive". */
  proactive?: boolean;
  /** The registration card's answers (003 registration mode): the contact's unverified profile, stored before the bot starts. */
  registration?: RegistrationValues;
}

/** What a bot in registration mode asks for, and what its card gives. */
export const REGISTRATION_FIELDS = ['name', 'email', 'phone'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];
export type RegistrationValues = Partial<Record<RegistrationField, string>>;

export interface ConversationSnapshot {
  conversation: ConversationView;
  messages: MessageRecord[];
  /** AI answers being written right now: a reload mid-answer shows the text so far. */
  drafts?: AnswerDraft[];
}

/**
 * An AI answer while it streams: the text so far, as one message that grows. The stored
 * message (message:new, its packet's ai.draftId naming this draft) replaces it; "ended"
 * without one means the answer gave way to the fallback.
 */
export interface AnswerDraft {
  conversationId: string;
  draftId: string;
  /** The whole text so far (markdown), not a delta: a lost update costs nothing. */
  text: string;
  state: 'streaming' | 'ended';
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
  /** An agent is typing (absent: the bot). */
  agent?: AgentBadge;
}

/** What a site tells about its signed-in visitor (window.Confab.identify). */
export interface VisitorProfile {
  name?: string;
  email?: string;
  phone?: string;
  external_id?: string;
  /**
   * Proves external_id: HMAC-SHA256 of it with the bot's identity secret, as hex, computed by
   * the site's server. Without it the external id is an unproven claim and is not kept.
   */
  user_hash?: string;
}

/** What the server keeps of an identify: the profile as stored, and whether who it is was proven. */
export interface IdentifiedProfile {
  name?: string;
  email?: string;
  phone?: string;
  /** Only a proven external id is kept. */
  external_id?: string;
  verified: boolean;
}

export interface ClientToServerEvents {
  'conversation:open': (req: OpenConversationRequest, ack: (res: Ack<ConversationSnapshot>) => void) => void;
  'visitor:event': (req: VisitorEventRequest, ack: (res: Ack<{ message: MessageRecord }>) => void) => void;
  'visitor:identify': (profile: VisitorProfile, ack: (res: Ack<{ profile: IdentifiedProfile }>) => void) => void;
  /** Thumbs up (POSITIVE), down (NEGATIVE) or neutral on a bot message; answered with the updated message. */
  'message:react': (req: ReactionRequest, ack: (res: Ack<{ message: MessageRecord }>) => void) => void;
  /** The visitor picked one of the bot's personas. */
  'persona:select': (req: { conversationId: string; personaId: string }, ack: (res: Ack<{ personaId: string }>) => void) => void;
  /** Stops an AI answer while it streams; the text so far is stored, marked as stopped. */
  'answer:stop': (req: { conversationId: string; draftId: string }, ack: (res: Ack<{ stopped: boolean }>) => void) => void;
  /** The visitor has seen the messages up to this sequence number (the thread's read count). */
  'conversation:read': (req: { conversationId: string; seq: number }, ack: (res: Ack<{ seq: number }>) => void) => void;
  /** The visitor is typing (true, again every few seconds) or stopped; agents watching see it. */
  'visitor:typing': (req: { conversationId: string; typing: boolean }, ack: (res: Ack<Record<string, never>>) => void) => void;
}

export interface ReactionRequest {
  conversationId: string;
  messageId: string;
  reaction: Reaction;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageRecord) => void;
  /** A stored message changed (a reaction). */
  'message:update': (message: MessageRecord) => void;
  'conversation:update': (conversation: ConversationView) => void;
  typing: (signal: TypingSignal) => void;
  /** An AI answer as it streams (see AnswerDraft). */
  'message:draft': (draft: AnswerDraft) => void;
  /** A refusal that had no ack to go on: an unknown event, or a refused event sent without an ack. */
  'event:refused': (refusal: EventRefusal) => void;
  /** The answer to the handshake's `open` (VisitorAuth), as conversation:open would ack it. */
  'conversation:opened': (res: Ack<ConversationSnapshot>) => void;
}

export interface EventRefusal {
  /** The event as the client named it (at most 100 characters of it in the message). */
  event: string;
  error: ErrorBody;
}

/** POST /api/widget/visitors: a new visitor's identity. */
export interface VisitorIdentity {
  visitorId: string;
  token: string;
}

/** GET /api/widget/config?botKey=: the bot's public look and limits, for what the page did not set. */
export interface WidgetConfig {
  botKey: string;
  name: string;
  appearance: {
    title?: string;
    subtitle?: string;
    avatar?: string;
    primaryColor?: string;
    textColor?: string;
    /** The first thing the bot says, for the preview bubble next to the closed launcher. */
    greetingPreview?: string;
  };
  /** Origins a navigate action may send the host page to, besides the page's own. */
  navigateOrigins: string[];
  /** Visitor uploads: accepted MIME types and the largest size in bytes (0: uploads are off). */
  uploads: { maxBytes: number; types: string[] };
  /** Offered on an empty conversation: a description is sent as the visitor's message, a link opened instead. */
  quickPrompts: QuickPrompt[];
  /** Characters the bot can speak as; picking one is recorded on the conversation. */
  personas: Array<{ id: string; name: string; avatar?: string }>;
  /** Thumbs up and down on bot messages. */
  reactions: boolean;
  /** 003 registration mode: the fields the card asks before a new conversation starts; null when off. */
  registration?: { fields: RegistrationField[] } | null;
  /** 002 sections: links and markdown blocks for a new conversation, chips after bot answers, pictures, own texts per language. */
  links?: Array<{ id: string; title: string; url: string; icon?: string }>;
  customContent?: Array<{ id: string; title?: string; body: string }>;
  followUpPrompts?: QuickPrompt[];
  icons?: { launcher?: string; botAvatar?: string; agentAvatar?: string };
  messages?: Partial<Record<WidgetLanguage, Partial<Record<WidgetStringKey, string>>>>;
}

export interface QuickPrompt {
  id: string;
  title: string;
  description: string | null;
  link: string | null;
}

/** POST /api/widget/uploads answers with the stored file, ready to send as a media event. */
export interface UploadedFile {
  link: string;
  type: 'image' | 'file';
  name: string;
  size: number;
}
