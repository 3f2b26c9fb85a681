import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  HISTORY_PAGE_SIZE,
  isChoiceAction,
  type ConversationSnapshot,
  type MessageRecord,
  type OpenConversationRequest,
  type Reaction,
  type VisitorEventRequest,
  type VisitorEventOf,
  type VisitorProfile,
} from '../../shared/index.js';
import type { BotEvent, BotRunner } from '../bots/bot-runner.js';
import { emptySession } from '../engine/engine.js';
import { forwardAction } from '../engine/transfer.js';
import type { Clock } from '../engine/types.js';
import { AppError } from '../lib/errors.js';
import { SerialQueue } from '../lib/serial-queue.js';
import type { Conversation, Store } from '../store/index.js';
import { conversationView, createActionDelivery, NO_AGENTS, type ConversationPublisher, type Presence } from './deliver-actions.js';

export { conversationView } from './deliver-actions.js';

/** Who is asking: a visitor of a bot, as proven by their token. */
export interface VisitorPrincipal {
  botId: string;
  visitorId: string;
}

export interface ConversationServiceDeps {
  store: Store;
  /** The bot that answers a conversation (built-in or webhook), chosen per bot. */
  bots: BotRunner;
  publisher: ConversationPublisher;
  clock: Clock;
  presence?: Presence;
  /** How long opening a new conversation waits for the bot's first words before answering. */
  startWaitMs?: number;
  /** Visitor events a visitor may send a minute (default 30): beyond, they are refused. */
  visitorEventsPerMinute?: number;
  log?: (message: string, err?: unknown) => void;
}

/** Media links the widget may send: files this server stored (POST /api/widget/uploads). */
const UPLOAD_PATH = /^\/uploads\/([\w-]+\.[a-z0-9]+)$/;

/**
 * The conversation service: every message is stored first, then published. Bot turns run
 * one at a time per conversation, so replies come in the order of the visitor's messages.
 */
export function createConversationService(deps: ConversationServiceDeps) {
  const { store, clock, publisher } = deps;
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const perConversation = new SerialQueue();
  const perVisitor = new SerialQueue();
  const now = () => clock.now().toISOString();
  const visitorLimit = deps.visitorEventsPerMinute ?? 30;
  const visitorLimiter = new RateLimiterMemory({ points: visitorLimit, duration: 60 });

  /** Refuses a visitor who floods; the first refusal of a burst is recorded on the thread. */
  async function throttle(principal: VisitorPrincipal, conversationId: string): Promise<void> {
    try {
      await visitorLimiter.consume(principal.visitorId);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      if (res.consumedPoints === visitorLimit + 1) {
        await store.systemEvents.add(conversationId, 'EXCEEDED_USAGE_LIMITS', { limitPerMinute: visitorLimit }, now());
      }
      throw new AppError('rate_limited', `too many messages: at most ${visitorLimit} a minute, try again in ${Math.ceil(res.msBeforeNext / 1000)} s`);
    }
  }

  const delivery = createActionDelivery({
    store,
    clock,
    publisher,
    presence: deps.presence ?? NO_AGENTS,
    log,
    serialize: (id, task) => perConversation.run(id, task),
    onForwardFailed: (conversationId) => queueBotTurn(conversationId, { name: 'forward_failed', payload: {} }),
  });

  /** A media event names a file this visitor uploaded; its fields come from what was stored. */
  async function ownUpload(principal: VisitorPrincipal, link: string): Promise<VisitorEventOf<'media'>> {
    let path = '';
    try {
      path = new URL(link).pathname;
    } catch {
      // not a URL
    }
    const file = UPLOAD_PATH.exec(path)?.[1];
    const upload = file ? await store.uploads.byFile(file) : undefined;
    if (!upload || upload.visitorId !== principal.visitorId) {
      throw new AppError('bad_request', 'packet.payload.link: not a file you uploaded (POST /api/widget/uploads first)');
    }
    const type = upload.mime.startsWith('image/') ? 'image' : 'file';
    return { name: 'media', payload: { link, type, name: upload.name, size: upload.size } };
  }

  async function ownConversation(principal: VisitorPrincipal, id: string): Promise<Conversation> {
    const conversation = await store.conversations.find(id);
    // Someone else's conversation is answered exactly like a missing one.
    if (!conversation || conversation.visitorId !== principal.visitorId || conversation.botId !== principal.botId) {
      throw new AppError('not_found', 'no such conversation');
    }
    return conversation;
  }

  /** Runs the bot on one event and delivers what it says. Call inside the conversation's queue. */
  async function botTurn(conversationId: string, input: BotEvent): Promise<void> {
    const conversation = await store.conversations.find(conversationId);
    if (!conversation || conversation.status !== 'open') return;
    const { actions, session, transfer } = await deps.bots.respond(conversation, input);
    if (session !== conversation.session) await store.conversations.saveSession(conversation.id, session, now());
    await delivery.deliver(conversation.id, actions, transfer ? { author: 'bot', transfer } : { author: 'bot' }, conversation);
  }

  function queueBotTurn(conversationId: string, input: BotEvent): Promise<void> {
    return perConversation
      .run(conversationId, () => botTurn(conversationId, input))
      .catch((err: unknown) => log(`bot turn failed in conversation ${conversationId}`, err));
  }

  async function startConversation(principal: VisitorPrincipal, join: (conversationId: string) => Promise<void>): Promise<Conversation> {
    const conversation = await store.conversations.create({
      botId: principal.botId,
      visitorId: principal.visitorId,
      session: emptySession(),
      now: now(),
    });
    await join(conversation.id);
    // A quick bot's greeting comes with the snapshot; a slow one's arrives as message:new.
    const turn = queueBotTurn(conversation.id, { name: 'start', payload: {} });
    await Promise.race([turn, new Promise((resolve) => setTimeout(resolve, deps.startWaitMs ?? 2_000).unref())]);
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
    /**
     * Opens (or starts) the visitor's conversation and returns what the widget shows.
     * `join` subscribes the caller before the bot first speaks, so nothing is missed.
     */
    open(
      principal: VisitorPrincipal,
      req: OpenConversationRequest,
      join: (conversationId: string) => Promise<void> = async () => undefined,
    ): Promise<ConversationSnapshot> {
      return perVisitor.run(principal.visitorId, async () => {
        let conversation: Conversation | undefined;
        if (req.fresh) conversation = await startConversation(principal, join);
        else if (req.conversationId) conversation = await ownConversation(principal, req.conversationId);
        else {
          const latest = await store.conversations.latestOpenOfVisitor(principal.visitorId);
          conversation = latest ?? (await startConversation(principal, join));
        }
        await join(conversation.id);
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
      if (req.packet.name === 'media') req = { ...req, packet: await ownUpload(principal, req.packet.payload.link) };
      await throttle(principal, conversation.id);
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
        void queueBotTurn(conversation.id, event.packet);
        return message;
      });
    },

    /** What the site knows about its signed-in visitor (window.Confab.identify). */
    async identify(principal: VisitorPrincipal, profile: VisitorProfile): Promise<VisitorProfile> {
      const visitor = await store.visitors.updateProfile(
        principal.visitorId,
        {
          ...(profile.name !== undefined ? { name: profile.name } : {}),
          ...(profile.email !== undefined ? { email: profile.email } : {}),
          ...(profile.phone !== undefined ? { phone: profile.phone } : {}),
          ...(profile.external_id !== undefined ? { externalId: profile.external_id } : {}),
        },
        now(),
      );
      if (!visitor) throw new AppError('not_found', 'no such visitor');
      if (profile.email) {
        const conversation = await store.conversations.latestOpenOfVisitor(principal.visitorId);
        if (conversation) await store.systemEvents.add(conversation.id, 'PROVIDED_EMAIL', { email: profile.email, by: 'site' }, now());
      }
      const result: VisitorProfile = {};
      if (visitor.name) result.name = visitor.name;
      if (visitor.email) result.email = visitor.email;
      if (visitor.phone) result.phone = visitor.phone;
      if (visitor.externalId) result.external_id = visitor.externalId;
      return result;
    },

    /** Bot actions from outside a turn (the bot's API URL), applied in the conversation's order. */
    deliver(conversationId: string, actions: Parameters<typeof delivery.deliver>[1]) {
      return perConversation.run(conversationId, () => delivery.deliver(conversationId, actions, { author: 'bot' }));
    },

    /**
     * Hands a conversation to people from outside the bot (the transfers API, timeouts): the
     * transfer is queued, the bot falls silent, and the visitor sees the forward.
     */
    handOver(conversation: Conversation, request: { teamId: string | null; notes: string; source: string }) {
      return perConversation.run(conversation.id, async () => {
        await delivery.storeAndPublish(conversation.id, [{ author: 'bot', packet: forwardAction(request.teamId) }]);
        await delivery.handOver(conversation, request);
        return (await store.transfers.activeForConversation(conversation.id))!;
      });
    },

    /** Ends a conversation from outside the bot (timeouts, the APIs). */
    end(conversationId: string) {
      return perConversation.run(conversationId, async () => {
        await delivery.storeAndPublish(conversationId, [{ author: 'system', packet: { name: 'end', payload: {} } }]);
        await delivery.endConversation(conversationId);
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

    /**
     * A new conversation from the API channel or the thread API: optional variables for
     * the engine, an optional first message (then the bot's start carries it, 003).
     */
    async startFromApi(input: {
      botId: string;
      visitorId: string;
      id?: string;
      variables?: Record<string, string>;
      firstMessage?: string;
      mode?: 'AI' | 'AGENT';
    }): Promise<{ conversation: Conversation; firstMessage?: MessageRecord }> {
      const session = { variables: input.variables ?? {}, ...(input.mode === 'AGENT' ? { handover: true } : {}) };
      const conversation = await store.conversations.create({
        botId: input.botId,
        visitorId: input.visitorId,
        session,
        now: now(),
        channel: 'api',
        ...(input.id ? { id: input.id } : {}),
      });
      if (input.firstMessage === undefined) return { conversation };
      const body = input.firstMessage;
      const message = await perConversation.run(conversation.id, async () => {
        const { message } = await store.conversations.appendVisitorMessage(
          conversation.id,
          { author: 'visitor', clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body } } },
          now(),
        );
        publisher.message(conversation.id, message);
        return message;
      });
      void queueBotTurn(conversation.id, { name: 'start', payload: { body } });
      return { conversation, firstMessage: message };
    },

    /** A message a person on the team writes (the thread API): stored, published, the bot not asked. */
    agentMessage(conversationId: string, body: string) {
      return perConversation.run(conversationId, async () => {
        const conversation = await store.conversations.find(conversationId);
        if (!conversation) throw new AppError('not_found', 'no such conversation');
        if (conversation.status !== 'open') throw new AppError('conversation_ended', 'this conversation has ended');
        const [message] = await store.conversations.append(
          conversationId,
          [{ author: 'agent', packet: { name: 'message', payload: { body, text_format: 'markdown_v1' } } }],
          now(),
        );
        publisher.message(conversationId, message!);
        return message!;
      });
    },

    /** AI: the bot answers; AGENT: people do and the bot is silent (like an active transfer). */
    setMode(conversationId: string, mode: 'AI' | 'AGENT') {
      return perConversation.run(conversationId, async () => {
        const current = await store.conversations.find(conversationId);
        if (!current) throw new AppError('not_found', 'no such conversation');
        const handover = mode === 'AGENT';
        if (Boolean(current.session.handover) === handover) return current;
        const { handover: _handover, ...bot } = current.session;
        const { flow: _flow, ...people } = bot;
        await store.conversations.saveSession(conversationId, handover ? { ...people, handover: true } : bot, now());
        if (handover) await store.systemEvents.add(conversationId, 'CONVERSATION_ESCALATED', { source: 'mode' }, now());
        else {
          const active = await store.transfers.activeForConversation(conversationId);
          if (active) await store.transfers.resume(current.botId, active.id, now());
        }
        return (await store.conversations.find(conversationId))!;
      });
    },

    /** A reaction on a bot message, from the widget or the thread API. */
    async react(conversationId: string, messageId: string, reaction: Reaction): Promise<MessageRecord> {
      const target = await store.conversations.findMessage(conversationId, messageId);
      if (!target) throw new AppError('not_found', 'no such message in this conversation');
      if (target.author === 'visitor') throw new AppError('bad_request', 'messageId: reactions are for bot and agent messages');
      const updated = (await store.conversations.setReaction(conversationId, messageId, reaction))!;
      publisher.messageUpdate(conversationId, updated);
      return updated;
    },

    /** The visitor's reaction, through the widget: only on their own conversation. */
    async visitorReact(principal: VisitorPrincipal, conversationId: string, messageId: string, reaction: Reaction) {
      await ownConversation(principal, conversationId);
      return this.react(conversationId, messageId, reaction);
    },

    /** The visitor picked a persona: kept for the engine ({{persona}}) and recorded on the thread. */
    async selectPersona(principal: VisitorPrincipal, conversationId: string, personaId: string): Promise<string> {
      const conversation = await ownConversation(principal, conversationId);
      const bot = await store.bots.findById(conversation.botId);
      const persona = bot?.settings.personas.find((p) => p.id === personaId);
      if (!persona) throw new AppError('not_found', `no persona with id "${personaId}"`);
      await perConversation.run(conversationId, async () => {
        const current = (await store.conversations.find(conversationId))!;
        await store.conversations.saveSession(conversationId, { ...current.session, variables: { ...current.session.variables, persona: persona.name } }, now());
        await store.systemEvents.add(conversationId, 'PERSONA_SELECTED', { personaId: persona.id, name: persona.name }, now());
      });
      return persona.id;
    },

    async markRead(principal: VisitorPrincipal, conversationId: string, seq: number): Promise<number> {
      await ownConversation(principal, conversationId);
      return store.conversations.markRead(conversationId, seq);
    },

    /** Delivers delayed actions that are due (the timer calls it; tests with a fake clock too). */
    deliverDue: () => delivery.deliverDue(),

    /** Resolves when all queued bot turns have finished (tests, shutdown). */
    async idle(): Promise<void> {
      await perConversation.idle();
      await perVisitor.idle();
    },

    stop(): void {
      delivery.stop();
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
