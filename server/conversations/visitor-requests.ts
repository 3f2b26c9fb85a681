import {
  HISTORY_PAGE_SIZE,
  isChoiceAction,
  mediaTypeOf,
  type ConversationSnapshot,
  type MessageRecord,
  type OpenConversationRequest,
  type Reaction,
  type RegistrationValues,
  type VisitorEventOf,
  type VisitorEventRequest,
  type IdentifiedProfile,
  type VisitorProfile,
} from '../../shared/index.js';
import { emptySession, withVariable } from '../engine/session.js';
import { identitySecret, isUserHashOf } from '../identity/identity-verification.js';
import type { VisitorPrincipal } from '../identity/visitor-auth.js';
import type { Clock } from '../lib/clock.js';
import { NO_AGENTS, type Presence } from '../lib/presence.js';
import { AppError } from '../lib/errors.js';
import { createLimits, RateLimited, type Limits, type LimitSubject } from '../lib/limits/index.js';
import { SerialQueue } from '../lib/serial-queue.js';
import { uploadFileOf, uploadLink } from '../lib/upload-links.js';
import { profileChange, startTurnKey, type Conversation, type Store, type Visitor } from '../store/index.js';
import type { AiAnswers } from './ai-answers.js';
import { messageBody, type ConversationService } from './conversation-service.js';
import { fullConversationView } from './people-view.js';

export interface VisitorRequestsDeps {
  store: Store;
  clock: Clock;
  service: ConversationService;
  /** How long opening a new conversation waits for the bot's first words before answering. */
  startWaitMs?: number;
  /** The limits table's counters: messages and new conversations are counted here (both channels). */
  limits?: Limits;
  /** Agents' presence: the snapshot tells a waiting visitor whether anyone is online. */
  presence?: Presence;
  /** The visitor is typing (or stopped): agents watching the conversation see it. */
  onVisitorTyping?: (conversationId: string, typing: boolean) => void;
  /** AI answers streaming now: in snapshots, and stopped by the visitor. */
  aiAnswers?: Pick<AiAnswers, 'drafts' | 'stop'>;
  /** This server's public URL (PUBLIC_URL): a visitor's media link is an upload link under it. */
  publicUrl: () => string;
}

/** Whose budgets a visitor's request is counted against: the visitor, the address it came from, its bot. */
export function subjectOf(principal: VisitorPrincipal): LimitSubject {
  return principal.ip === undefined ? { visitor: principal.visitorId, bot: principal.botId } : { visitor: principal.visitorId, ip: principal.ip, bot: principal.botId };
}

/**
 * What a visitor asks for, from the widget's socket or the API channel: each request checks
 * that the conversation is the visitor's own, then calls the conversation service.
 */
export function createVisitorRequests(deps: VisitorRequestsDeps) {
  const { store, clock, service } = deps;
  const presence = deps.presence ?? NO_AGENTS;
  const perVisitor = new SerialQueue();
  const now = () => clock.now().toISOString();
  const limits = deps.limits ?? createLimits();

  /**
   * Refuses a visitor who floods, before anything else is read or written; the visitor's
   * first refusal of a window is recorded on the thread (when it is their own).
   */
  async function throttle(principal: VisitorPrincipal, conversationId: string): Promise<void> {
    try {
      await limits.take('message', subjectOf(principal));
    } catch (err) {
      if (err instanceof RateLimited && err.key === 'visitor' && err.first) {
        const conversation = await store.conversations.find(conversationId);
        if (conversation?.visitorId === principal.visitorId) {
          const { points, seconds } = limits.table.message.budgets.visitor!;
          await store.systemEvents.add(conversationId, 'EXCEEDED_USAGE_LIMITS', { limitPerMinute: Math.round((points * 60) / seconds) }, now());
        }
      }
      throw err;
    }
  }

  /**
   * A media event names a file this visitor uploaded, by the link the upload answered with;
   * what is stored (and reaches bots and the thread API) is that link as this server spells
   * it, with the type, name and size of the upload, never the client's.
   */
  async function ownUpload(principal: VisitorPrincipal, link: string): Promise<VisitorEventOf<'media'>> {
    const publicUrl = deps.publicUrl();
    const file = uploadFileOf(link, publicUrl);
    const upload = file ? await store.uploads.byFile(file) : undefined;
    if (!upload || upload.botId !== principal.botId || !(await isOwn(principal, upload.visitorId))) {
      throw new AppError('bad_request', 'packet.payload.link: not a file you uploaded (send the link POST /api/widget/uploads answered with)');
    }
    return { name: 'media', payload: { link: uploadLink(publicUrl, upload.file), type: mediaTypeOf(upload.mime), name: upload.name, size: upload.size } };
  }

  /**
   * The principal as it stands now: a socket that connected before its visitor was proven to
   * be an older contact (in another tab) acts as that contact, as its token does since.
   */
  async function currentPrincipal(principal: VisitorPrincipal): Promise<VisitorPrincipal> {
    const contact = await store.visitors.current(principal.visitorId);
    return contact && contact.id !== principal.visitorId ? { botId: principal.botId, visitorId: contact.id } : principal;
  }

  /** Whether a record of `visitorId` is the principal's own, also after a merge elsewhere. */
  async function isOwn(principal: VisitorPrincipal, visitorId: string): Promise<boolean> {
    return visitorId === principal.visitorId || visitorId === (await currentPrincipal(principal)).visitorId;
  }

  /** A user_hash the site computed: checked against the bot's secret, then the visitor is that contact. */
  async function prove(visitor: Visitor, externalId: string, hash: string): Promise<Visitor> {
    if (!isUserHashOf(await identitySecret(store, visitor.botId), externalId, hash)) {
      throw new AppError('forbidden', "user_hash is not the HMAC-SHA256 of this external_id with the bot's identity secret (GET /api/chatbot/identity-verification)");
    }
    const proof = await store.visitors.prove(visitor.id, externalId, now());
    if (!proof) throw new AppError('not_found', 'no such visitor');
    if ('provenOtherwise' in proof) {
      throw new AppError('conflict', 'this visitor is proven to be another user: call Confab.reset() when a user signs out, before identify() for the next one');
    }
    return proof.contact;
  }

  async function ownConversation(principal: VisitorPrincipal, id: string): Promise<Conversation> {
    const conversation = await store.conversations.find(id);
    // Someone else's conversation is answered exactly like a missing one.
    if (!conversation || conversation.botId !== principal.botId || !(await isOwn(principal, conversation.visitorId))) {
      throw new AppError('not_found', 'no such conversation');
    }
    return conversation;
  }

  /**
   * 003 registration mode: a bot that asks who the visitor is before it starts gets the card's
   * answers as the contact's (unverified) profile; fields the contact lacks and the card did
   * not give are asked for with registration_required.
   */
  async function register(principal: VisitorPrincipal, values: RegistrationValues | undefined): Promise<void> {
    const bot = await store.bots.findById(principal.botId);
    if (!bot?.settings.registration_enabled) return;
    const contact = await store.visitors.find(principal.visitorId);
    const missing = bot.settings.registration_fields.filter((f) => !values?.[f] && !contact?.[f]);
    if (missing.length) throw new AppError('registration_required', `registration: ${missing.join(', ')} first (the registration card)`);
    if (values && Object.keys(values).length) await store.visitors.updateProfile(principal.visitorId, profileChange(values), now(), 'claim');
  }

  async function startConversation(principal: VisitorPrincipal, join: (conversationId: string) => Promise<void>, req: OpenConversationRequest): Promise<Conversation> {
    const proactive = req.proactive === true;
    await register(principal, req.registration);
    await limits.take('conversation-start', subjectOf(principal));
    const start = { name: 'start', payload: {} } as const;
    const conversation = await store.conversations.create({
      botId: principal.botId,
      visitorId: principal.visitorId,
      session: emptySession(),
      now: now(),
      startTurn: { input: start },
      ...(proactive ? { meta: { approach_mode: 'proactive' as const } } : {}),
    });
    await join(conversation.id);
    // A quick bot's greeting comes with the snapshot; a slow one's arrives as message:new.
    const turn = service.queueBotTurn(conversation.id, start, startTurnKey(conversation.id));
    await Promise.race([turn, new Promise((resolve) => setTimeout(resolve, deps.startWaitMs ?? 2_000).unref())]);
    return (await store.conversations.find(conversation.id)) ?? conversation;
  }

  /**
   * 003 on the web: a choice is a step answered once. A click on an unanswered choice of
   * this conversation stays a click; any other click becomes a message with its label.
   */
  async function normalizeClick(conversationId: string, req: VisitorEventRequest): Promise<Omit<VisitorEventRequest, 'conversationId'>> {
    const { packet, clientId, replyTo } = req;
    // An inline form's answer names the form's message, so the widget closes that form for good.
    if (packet.name === 'message' && packet.payload.form && replyTo) {
      const target = await store.conversations.findMessage(conversationId, replyTo);
      return target && target.author !== 'visitor' ? { clientId, packet, replyTo } : { clientId, packet };
    }
    if (packet.name !== 'click') return { clientId, packet };
    // A click that answers nothing is the visitor saying its label: the message text rule applies.
    const asMessage = { clientId, packet: { name: 'message' as const, payload: { body: messageBody(packet.payload.value.label) } } };
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
        principal = await currentPrincipal(principal);
        let conversation: Conversation | undefined;
        if (req.fresh) conversation = await startConversation(principal, join, req);
        else if (req.conversationId) conversation = await ownConversation(principal, req.conversationId);
        else {
          const latest = await store.conversations.latestOpenOfVisitor(principal.visitorId);
          conversation = latest ?? (await startConversation(principal, join, req));
        }
        await join(conversation.id);
        // Drafts before messages: an answer finished in between is in the messages, and the widget drops its draft.
        const drafts = deps.aiAnswers?.drafts(conversation.id) ?? [];
        const messages = await store.conversations.messages(conversation.id, {
          after: req.after ?? 0,
          limit: HISTORY_PAGE_SIZE,
        });
        return { conversation: await fullConversationView({ store, presence }, conversation), messages, ...(drafts.length ? { drafts } : {}) };
      });
    },

    /**
     * Stores a visitor's event (once per client id), publishes it, then lets the bot answer.
     * `field` names where a message's text was in the request, for its error.
     */
    async visitorEvent(principal: VisitorPrincipal, req: VisitorEventRequest, field?: string): Promise<MessageRecord> {
      if (req.packet.name === 'message') req = { ...req, packet: { name: 'message', payload: { ...req.packet.payload, body: messageBody(req.packet.payload.body, field) } } };
      await throttle(principal, req.conversationId);
      const conversation = await ownConversation(principal, req.conversationId);
      if (conversation.status !== 'open') throw new AppError('conversation_ended', 'this conversation has ended');
      if (req.packet.name === 'media') req = { ...req, packet: await ownUpload(principal, req.packet.payload.link) };
      return service.serialize(conversation.id, async () => service.receiveVisitorEvent(conversation.id, await normalizeClick(conversation.id, req)));
    },

    /**
     * What the site knows about its signed-in visitor (window.Confab.identify). An external id
     * counts only with its user_hash: then the visitor is that contact (merged into it when it
     * exists already, see visitors.prove), and `principal` is who the caller acts as from now
     * on. Without a hash, name, email and phone are unverified profile data of this visitor
     * only and the external id is not kept (refused when the bot requires verification).
     */
    identify(principal: VisitorPrincipal, req: VisitorProfile): Promise<{ profile: IdentifiedProfile; principal: VisitorPrincipal }> {
      return perVisitor.run(principal.visitorId, async () => {
        const { user_hash: hash, external_id: externalId, ...claimed } = req;
        let contact = await store.visitors.current(principal.visitorId);
        if (!contact) throw new AppError('not_found', 'no such visitor');
        if (externalId !== undefined && hash === undefined) {
          const bot = await store.bots.findById(principal.botId);
          if (bot?.settings.identity_verification_required) {
            throw new AppError('forbidden', "this bot requires identity verification: identify() with an external_id needs its user_hash, the HMAC-SHA256 of the external id with the bot's identity secret, computed on your server");
          }
        } else if (externalId !== undefined && hash !== undefined) {
          contact = await prove(contact, externalId, hash);
        }
        const visitor = (await store.visitors.updateProfile(contact.id, profileChange(claimed), now(), 'claim'))!;
        // Sites call identify on every page view: the thread hears of an email once, when it is new.
        if (claimed.email && claimed.email !== contact.email) {
          const conversation = await store.conversations.latestOpenOfVisitor(visitor.id);
          if (conversation) await store.systemEvents.add(conversation.id, 'PROVIDED_EMAIL', { email: claimed.email, by: 'site' }, now());
        }
        const profile: IdentifiedProfile = { verified: visitor.verified ?? false };
        if (visitor.name) profile.name = visitor.name;
        if (visitor.email) profile.email = visitor.email;
        if (visitor.phone) profile.phone = visitor.phone;
        if (visitor.verified && visitor.externalId) profile.external_id = visitor.externalId;
        return { profile, principal: { botId: principal.botId, visitorId: visitor.id } };
      });
    },

    /** The visitor's reaction, through the widget: only on their own conversation. */
    async react(principal: VisitorPrincipal, conversationId: string, messageId: string, reaction: Reaction): Promise<MessageRecord> {
      await ownConversation(principal, conversationId);
      return service.react(conversationId, messageId, reaction);
    },

    /** The visitor picked a persona: kept for the engine ({{persona}}) and recorded on the thread. */
    async selectPersona(principal: VisitorPrincipal, conversationId: string, personaId: string): Promise<string> {
      const conversation = await ownConversation(principal, conversationId);
      const bot = await store.bots.findById(conversation.botId);
      const persona = bot?.settings.personas.find((p) => p.id === personaId);
      if (!persona) throw new AppError('not_found', `no persona with id "${personaId}"`);
      await service.serialize(conversationId, async () => {
        const current = (await store.conversations.find(conversationId))!;
        await store.conversations.saveSession(conversationId, withVariable(current.session, 'persona', persona.name), now());
        await store.systemEvents.add(conversationId, 'PERSONA_SELECTED', { personaId: persona.id, name: persona.name }, now());
      });
      return persona.id;
    },

    /** The visitor is typing: only agents hear of it (the bot does not). */
    async typing(principal: VisitorPrincipal, conversationId: string, typing: boolean): Promise<void> {
      const conversation = await ownConversation(principal, conversationId);
      if (conversation.status === 'open') deps.onVisitorTyping?.(conversationId, typing);
    },

    /** The visitor stops an AI answer that is streaming in their conversation. */
    async stopAnswer(principal: VisitorPrincipal, conversationId: string, draftId: string): Promise<boolean> {
      await ownConversation(principal, conversationId);
      return deps.aiAnswers?.stop(conversationId, draftId) ?? false;
    },

    async markRead(principal: VisitorPrincipal, conversationId: string, seq: number): Promise<number> {
      await ownConversation(principal, conversationId);
      return store.conversations.markRead(conversationId, seq);
    },

    /** Resolves when every request queued per visitor has finished (tests, shutdown). */
    idle: () => perVisitor.idle(),
  };
}

export type VisitorRequests = ReturnType<typeof createVisitorRequests>;
