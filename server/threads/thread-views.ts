import type { BotAction, MessageRecord, MessageSource, Reaction, VisitorEvent } from '../../shared/index.js';
import { isEscalation, messageText } from '../conversations/message-text.js';
import type { Bot, Conversation, SystemEvent, SystemEventKind, Visitor } from '../store/index.js';

/** A message as the thread API (002) shows it. */
export interface ThreadMessage {
  id: string;
  type: 'NORMAL_MESSAGE' | 'USER_MESSAGE' | 'AGENT_MESSAGE' | 'SYSTEM_MESSAGE';
  message: string;
  createdAt: string;
  escalated: boolean;
  gptModel: string | null;
  iconUrl: string | null;
  /**
   * The first bot message (the greeting): the owner's quick prompts (settings.quick_prompts);
   * an AI answer: its follow-up questions. A description is what a click sends, a link is opened.
   */
  quickPrompts: ThreadQuickPrompt[];
  reaction: Reaction | null;
  sources: MessageSource[];
  systemMessageType: SystemEventKind | null;
  /** Confab's additions: the message's place in the conversation and its full 003 packet. */
  seq: number | null;
  packet: BotAction | VisitorEvent | null;
}

export interface ThreadQuickPrompt {
  id: string;
  title: string;
  description: string | null;
  link: string | null;
}

export function threadMessage(m: MessageRecord): ThreadMessage {
  const type = m.author === 'visitor' ? 'USER_MESSAGE' : m.author === 'agent' ? 'AGENT_MESSAGE' : 'NORMAL_MESSAGE';
  const payload = m.author !== 'visitor' && m.packet.name === 'message' ? m.packet.payload : undefined;
  const sources = payload?.sources ?? [];
  const followUps = payload?.follow_ups ?? [];
  return {
    id: m.id,
    type,
    message: messageText(m),
    createdAt: m.createdAt,
    escalated: isEscalation(m),
    gptModel: payload?.ai?.model ?? null,
    iconUrl: null,
    quickPrompts: followUps.map((text, i) => ({ id: `${m.id}-${i + 1}`, title: text, description: text, link: null })),
    reaction: (m.author !== 'visitor' && m.reaction) || null,
    sources,
    systemMessageType: null,
    seq: m.seq,
    packet: m.packet,
  };
}

const systemText: Record<SystemEventKind, string> = {
  CONVERSATION_ESCALATED: 'The conversation was escalated to a person',
  EXCEEDED_USAGE_LIMITS: 'A usage limit was reached',
  EMAIL_VERIFIED: 'The email address was verified',
  ENTERED_WRONG_OTP: 'A wrong one-time code was entered',
  PROVIDED_EMAIL: 'The visitor provided an email address',
  PERSONA_SELECTED: 'A persona was selected',
  PROBLEMS_WITH_UPSTREAM_PROVIDER: 'The bot or its AI provider could not be reached',
};

export function systemMessage(e: SystemEvent): ThreadMessage {
  return {
    id: e.id,
    type: 'SYSTEM_MESSAGE',
    message: systemText[e.kind],
    createdAt: e.createdAt,
    escalated: e.kind === 'CONVERSATION_ESCALATED',
    gptModel: null,
    iconUrl: null,
    quickPrompts: [],
    reaction: null,
    sources: [],
    systemMessageType: e.kind,
    seq: null,
    packet: null,
  };
}

/**
 * Messages and system events in the order they happened. The bot's first message offers the
 * owner's quick prompts, as the widget does on a new conversation.
 */
export function threadMessages(messages: MessageRecord[], events: SystemEvent[], quickPrompts: readonly ThreadQuickPrompt[] = []): ThreadMessage[] {
  const first = messages.find((m) => m.author === 'bot');
  const views = messages.map((m) => {
    const view = threadMessage(m);
    return m === first && view.quickPrompts.length === 0 ? { ...view, quickPrompts: [...quickPrompts] } : view;
  });
  const all = [...views, ...events.map(systemMessage)];
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.seq ?? Infinity) - (b.seq ?? Infinity));
}

export function chatUser(v: Visitor | undefined) {
  if (!v || (!v.email && !v.name && !v.phone && !v.externalId)) return null;
  return {
    id: v.id,
    email: v.email ?? null,
    name: v.name ?? null,
    phone: v.phone ?? null,
    // Proven by the site's user_hash or given by the owner's server (001); isVerified is the
    // 002 name, verified the one earlier Confab versions answered with.
    isVerified: v.verified ?? false,
    verified: v.verified ?? false,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt ?? v.createdAt,
  };
}

/**
 * A thread; `escalated` comes from its messages when they are given, else from the caller
 * (the list, which reads no messages, asks the system events).
 */
export function threadView(bot: Bot, c: Conversation, visitor: Visitor | undefined, messages: ThreadMessage[], escalated = messages.some((m) => m.escalated)) {
  const user = chatUser(visitor);
  return {
    threadId: c.id,
    mode: c.session.handover ? ('AGENT' as const) : ('AI' as const),
    messages,
    startedAt: c.createdAt,
    updatedAt: c.updatedAt,
    endedAt: c.meta.endedAt ?? null,
    escalated,
    // Sequence numbers count a conversation's messages from 1: those read are the first readSeq.
    readCount: Math.min(c.readSeq, c.lastSeq),
    chatUserId: user?.id ?? null,
    chatbotId: bot.id,
    chatUser: user,
  };
}
