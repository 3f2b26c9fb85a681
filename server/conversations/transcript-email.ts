import type { ConversationView, MessageRecord } from '../../shared/index.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/logger.js';
import type { Mailer } from '../lib/mailer.js';
import type { Conversation, DispatchResult, Store } from '../store/index.js';
import { messageText } from './message-text.js';
import type { ConversationPublisher } from './publisher.js';

export interface TranscriptEmailDeps {
  store: Store;
  clock: Clock;
  /** Absent when no SMTP server is configured: dispatches are recorded as not sent. */
  mailer: Mailer | undefined;
  log: Log;
}

const AUTHOR: Record<MessageRecord['author'], string> = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent', system: 'Note' };

/** The conversation as plain text, one message a line, as an email body. */
export function transcriptText(botName: string, conversation: Conversation, messages: readonly MessageRecord[]): string {
  const lines = messages
    .map((m) => ({ m, text: messageText(m).trim() }))
    .filter(({ text }) => text !== '')
    .map(({ m, text }) => `[${m.createdAt.slice(0, 16).replace('T', ' ')}] ${m.author === 'agent' && m.sender ? m.sender.name : AUTHOR[m.author]}: ${text}`);
  return [`Your conversation with ${botName}, started ${conversation.createdAt.slice(0, 10)}.`, '', ...lines, ''].join('\n');
}

/**
 * 003's email_dispatch, done when the conversation ends: the transcript goes by SMTP to the
 * contact (their email) or the operator (the agent who took the conversation last). Each
 * dispatch is claimed before it is tried, so it is sent at most once; what became of it (sent,
 * or not and why) is recorded on it, shown by GET /api/chatbot/sessions/{id}.
 */
export function transcriptEmails(deps: TranscriptEmailDeps): ConversationPublisher & { done: () => Promise<void> } {
  const { store } = deps;
  let running = Promise.resolve();
  const now = () => deps.clock.now().toISOString();

  async function recipient(conversation: Conversation, to: unknown): Promise<{ to: string } | { reason: string }> {
    if (to === 'contact') {
      const contact = await store.visitors.find(conversation.visitorId);
      return contact?.email ? { to: contact.email } : { reason: 'the contact has no email address' };
    }
    const agentId = await store.transfers.lastAgentOfConversation(conversation.id);
    const agent = agentId ? await store.agents.get(conversation.botId, agentId) : undefined;
    if (!agent) return { reason: 'no agent took this conversation' };
    return agent.body.email ? { to: agent.body.email } : { reason: `the agent ${agent.body.name} has no email address` };
  }

  async function settle(conversationId: string, index: number, result: DispatchResult): Promise<void> {
    await store.conversations.updateMeta(conversationId, (meta) => ({
      ...meta,
      dispatches: (meta.dispatches ?? []).map((d, i) => (i === index ? { ...d, result } : d)),
    }));
  }

  async function dispatch(conversationId: string): Promise<void> {
    const claimed: number[] = [];
    const at = now();
    await store.conversations.updateMeta(conversationId, (meta) => ({
      ...meta,
      dispatches: (meta.dispatches ?? []).map((d, i) => {
        if (d.name !== 'email_dispatch' || d.result) return d;
        claimed.push(i);
        return { ...d, result: { status: 'sending', at } };
      }),
    }));
    if (claimed.length === 0) return;
    const conversation = (await store.conversations.find(conversationId))!;
    const bot = await store.bots.findById(conversation.botId);
    const messages = await store.conversations.messages(conversationId, { limit: 10_000 });
    for (const index of claimed) {
      const { mailer } = deps;
      const found = mailer
        ? await recipient(conversation, conversation.meta.dispatches?.[index]?.payload.recipient)
        : { reason: 'no SMTP server is configured (SMTP_URL or SMTP_HOST)' };
      if (!mailer || 'reason' in found) {
        const reason = 'reason' in found ? found.reason : 'no SMTP server';
        deps.log(`email_dispatch not sent: ${reason}`, undefined, { conversationId });
        await settle(conversationId, index, { status: 'not_sent', at: now(), reason });
        continue;
      }
      try {
        await mailer.send({ to: found.to, subject: `Your conversation with ${bot?.name ?? 'us'}`, text: transcriptText(bot?.name ?? 'us', conversation, messages) });
        await settle(conversationId, index, { status: 'sent', at: now(), to: found.to });
      } catch (err) {
        deps.log('email_dispatch failed', err, { conversationId });
        await settle(conversationId, index, { status: 'not_sent', at: now(), to: found.to, reason: `the SMTP server refused it: ${(err as Error).message}` });
      }
    }
  }

  return {
    message: () => undefined,
    messageUpdate: () => undefined,
    typing: () => undefined,
    conversation(view: ConversationView) {
      if (view.status !== 'ended') return;
      // One at a time: a burst of endings never opens a burst of SMTP connections.
      running = running.then(() => dispatch(view.id)).catch((err: unknown) => deps.log('email_dispatch failed', err, { conversationId: view.id }));
    },
    done: () => running,
  };
}
