import {
  HISTORY_PAGE_SIZE,
  isChoiceAction,
  type ConversationSnapshot,
  type ConversationView,
  type MessageRecord,
  type OpenConversationRequest,
  type VisitorEvent,
  type VisitorEventRequest,
} from '../../shared/index.js';
import type { BotRunner } from '../bots/bot-runner.js';
import { emptySession } from '../engine/engine.js';
import { forwardAction } from '../engine/transfer.js';
import type { Clock } from '../engine/types.js';
import { AppError } from '../lib/errors.js';
import { SerialQueue } from '../lib/serial-queue.js';
import type { Conversation, Store } from '../store/index.js';

/** Who is asking: a visitor of a bot, as proven by their token. */
export interface VisitorPrincipal {
  botId: string;
  visitorId: string;
}

/** Where stored messages go next: the realtime gateway's rooms. */
export interface MessagePublisher {
  message(conversationId: string, message: MessageRecord): void;
}

export interface ConversationServiceDeps {
  store: Store;
  bots: BotRunner;
  publisher: MessagePublisher;
  clock: Clock;
  log?: (message: string, err?: unknown) => void;
}

export function conversationView(c: Conversation): ConversationView {
  return { id: c.id, status: c.status, createdAt: c.createdAt, lastSeq: c.lastSeq };
}

/**
 * The conversation service: every message is stored first, then published. Bot replies run
 * one at a time per conversation, so they come in the order of the visitor's messages.
 */
export function createConversationService(deps: ConversationServiceDeps) {
  const { store, clock, publisher } = deps;
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const perConversation = new SerialQueue();
  const perVisitor = new SerialQueue();
  const now = () => clock.now().toISOString();

  async function ownConversation(principal: VisitorPrincipal, id: string): Promise<Conversation> {
    const conversation = await store.conversations.find(id);
    // Someone else's conversation is answered exactly like a missing one.
    if (!conversation || conversation.visitorId !== principal.visitorId || conversation.botId !== principal.botId) {
      throw new AppError('not_found', 'no such conversation');
    }
    return conversation;
  }

  async function storeAndPublish(conversationId: string, drafts: Parameters<Store['conversations']['append']>[1]) {
    const messages = await store.conversations.append(conversationId, drafts, now());
    for (const m of messages) publisher.message(conversationId, m);
    return messages;
  }

  /** Runs the bot on one visitor event and stores and publishes what it says. */
  async function botTurn(conversation: Conversation, input: VisitorEvent): Promise<void> {
    const current = (await store.conversations.find(conversation.id)) ?? conversation;
    const { actions, session, transfer } = await deps.bots.respond(current, input);
    if (session !== current.session) await store.conversations.saveSession(current.id, session, now());
    if (transfer) {
      await store.transfers.create({
        botId: current.botId,
        conversationId: current.id,
        contactId: current.visitorId,
        source: transfer.source,
        teamId: transfer.team_id,
        notes: transfer.notes,
        now: now(),
      });
    }
    await storeAndPublish(
      current.id,
      actions.map((packet) => ({ author: 'bot' as const, packet })),
    );
  }

  async function startConversation(principal: VisitorPrincipal): Promise<Conversation> {
    const conversation = await store.conversations.create({
      botId: principal.botId,
      visitorId: principal.visitorId,
      session: emptySession(),
      now: now(),
    });
    await perConversation.run(conversation.id, () => botTurn(conversation, { name: 'start', payload: {} }));
    return (await store.conversations.find(conversation.id)) ?? conversation;
  }

  /**
   * 003 on the web: a choice is a step answered once. A click on an unanswered choice of
   * this conversation stays a click; any other click becomes a message with its label.
   */
  async function normalizeClick(conversationId: string, req: VisitorEventRequest): Promise<Omit<VisitorEventRequest, 'conversationId'>> {
    const { packet, clientId, replyTo } = req;
    if (packet.name !== 'click') return { clientId, packet };
    const asMessage = { clientId, packet: { name: 'message' as const, payload: { body: packet.payload.value.label } } };
    if (!replyTo) return asMessage;
    const target = await store.conversations.findMessage(conversationId, replyTo);
    if (!target || target.author === 'visitor' || !isChoiceAction(target.packet)) return asMessage;
    const option = target.packet.payload.options.find((o) => o.id === packet.payload.value.id);
    if (!option || (await store.conversations.isAnswered(conversationId, replyTo))) return asMessage;
    return { clientId, replyTo, packet: { name: 'click', payload: { value: { id: option.id, label: option.label } } } };
  }

  return {
    /** Opens (or starts) the visitor's conversation and returns what the widget shows. */
    open(principal: VisitorPrincipal, req: OpenConversationRequest): Promise<ConversationSnapshot> {
      return perVisitor.run(principal.visitorId, async () => {
        let conversation: Conversation | undefined;
        if (req.fresh) conversation = await startConversation(principal);
        else if (req.conversationId) conversation = await ownConversation(principal, req.conversationId);
        else {
          conversation =
            (await store.conversations.latestOpenOfVisitor(principal.visitorId)) ?? (await startConversation(principal));
        }
        const messages = await store.conversations.messages(conversation.id, {
          after: req.after ?? 0,
          limit: HISTORY_PAGE_SIZE,
        });
        return { conversation: conversationView(conversation), messages };
      });
    },

    /** Stores a visitor's event (once per client id), publishes it, then lets the bot answer. */
    async visitorEvent(principal: VisitorPrincipal, req: VisitorEventRequest): Promise<MessageRecord> {
      const conversation = await ownConversation(principal, req.conversationId);
      if (conversation.status !== 'open') throw new AppError('conversation_ended', 'this conversation has ended');
      return perConversation.run(conversation.id, async () => {
        const event = await normalizeClick(conversation.id, req);
        const { message, duplicate } = await store.conversations.appendVisitorMessage(
          conversation.id,
          { author: 'visitor', clientId: event.clientId, packet: event.packet, replyTo: event.replyTo },
          now(),
        );
        if (duplicate) return message;
        publisher.message(conversation.id, message);
        // The bot's turn is queued behind this one; the visitor's ack does not wait for it.
        void perConversation
          .run(conversation.id, () => botTurn(conversation, event.packet))
          .catch((err: unknown) => log(`bot turn failed in conversation ${conversation.id}`, err));
        return message;
      });
    },

    /**
     * Hands a conversation to people from outside the bot (the transfers API): the transfer
     * is queued, the bot falls silent, and the visitor sees the forward.
     */
    handOver(conversation: Conversation, request: { teamId: string | null; notes: string; source: string }) {
      return perConversation.run(conversation.id, async () => {
        const current = (await store.conversations.find(conversation.id)) ?? conversation;
        const transfer = await store.transfers.create({
          botId: current.botId,
          conversationId: current.id,
          contactId: current.visitorId,
          source: request.source,
          teamId: request.teamId,
          notes: request.notes,
          now: now(),
        });
        const { flow: _flow, ...session } = current.session;
        await store.conversations.saveSession(current.id, { ...session, handover: true }, now());
        await storeAndPublish(current.id, [{ author: 'bot', packet: forwardAction(request.teamId) }]);
        return transfer;
      });
    },

    /** The bot answers this conversation again (a transfer was resumed). */
    resumeBot(conversationId: string) {
      return perConversation.run(conversationId, async () => {
        const current = await store.conversations.find(conversationId);
        if (!current?.session.handover) return;
        const { handover: _handover, ...session } = current.session;
        await store.conversations.saveSession(conversationId, session, now());
      });
    },

    /** Resolves when all queued bot turns have finished (tests, shutdown). */
    async idle(): Promise<void> {
      await perConversation.idle();
      await perVisitor.idle();
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
