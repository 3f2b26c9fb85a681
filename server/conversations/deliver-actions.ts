import type { BotAction, BotActionOf, ConversationView, MessageRecord } from '../../shared/index.js';
import type { Clock, TransferRequest } from '../engine/types.js';
import type { Conversation, MessageDraft, Store } from '../store/index.js';

/** Where stored things go next: the realtime gateway's rooms (and, later, webhooks and streams). */
export interface ConversationPublisher {
  message(conversationId: string, message: MessageRecord): void;
  /** A stored message changed (a reaction). */
  messageUpdate(conversationId: string, message: MessageRecord): void;
  /** A typing indicator until the given time, or null to hide it. */
  typing(conversationId: string, until: string | null): void;
  conversation(view: ConversationView): void;
}

/** How a list of actions is applied; stored with delayed actions, so it must be plain JSON. */
export interface DeliveryContext {
  author: 'bot' | 'agent' | 'system';
  /** The built-in engine's notes and source for a forward in this list. */
  transfer?: TransferRequest;
}

export interface Presence {
  /** Whether an agent could take a conversation of this bot now (no agent presence yet: false). */
  agentsAvailable(botId: string): Promise<boolean>;
}

export const NO_AGENTS: Presence = { agentsAvailable: async () => false };

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  publisher: ConversationPublisher;
  presence: Presence;
  /** A forward with on_failure "feedback" failed: tell the bot (forward_failed). */
  onForwardFailed(conversationId: string): void;
  /** Runs a task in the conversation's queue (so delayed actions never interleave with a turn). */
  serialize(conversationId: string, task: () => Promise<void>): Promise<void>;
  log(message: string, err?: unknown): void;
}

export function conversationView(c: Pick<Conversation, 'id' | 'status' | 'createdAt' | 'lastSeq'>): ConversationView {
  return { id: c.id, status: c.status, createdAt: c.createdAt, lastSeq: c.lastSeq };
}

type ForwardAction = BotActionOf<'forward_group' | 'forward_skills' | 'forward_any'>;

/** Actions that change the conversation or contact and show the visitor nothing. */
const INTERNAL = new Set<BotAction['name']>(['contact_update', 'conversation_update', 'note_create', 'addon_dispatch', 'email_dispatch']);

/**
 * Applies bot actions in order: visible ones are stored and published; the others update the
 * contact, the conversation, notes and transfers; a delay stores what follows it with a due
 * time (delivered by `deliverDue`, also after a restart); an end stops everything after it.
 */
export function createActionDelivery(deps: DeliveryDeps) {
  const { store, clock, publisher } = deps;
  const now = () => clock.now().toISOString();
  let timer: NodeJS.Timeout | undefined;
  let timerDue: string | undefined;

  async function storeAndPublish(conversationId: string, drafts: MessageDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const messages = await store.conversations.append(conversationId, drafts, now());
    for (const m of messages) publisher.message(conversationId, m);
  }

  async function handOver(conversation: Conversation, request: { teamId: string | null; notes: string; source: string }) {
    if (!(await store.transfers.activeForConversation(conversation.id))) {
      await store.systemEvents.add(conversation.id, 'CONVERSATION_ESCALATED', { source: request.source, teamId: request.teamId }, now());
      await store.transfers.create({
        botId: conversation.botId,
        conversationId: conversation.id,
        contactId: conversation.visitorId,
        source: request.source,
        teamId: request.teamId,
        notes: request.notes,
        now: now(),
      });
    }
    const current = (await store.conversations.find(conversation.id)) ?? conversation;
    if (!current.session.handover) {
      const { flow: _flow, ...session } = current.session;
      await store.conversations.saveSession(conversation.id, { ...session, handover: true }, now());
    }
  }

  function forwardRequest(action: ForwardAction, ctx: DeliveryContext, lastNote: string | undefined) {
    const teamId = action.name === 'forward_group' ? action.payload.group_id : (ctx.transfer?.team_id ?? null);
    const skills = action.name === 'forward_skills' ? `Skills needed: ${action.payload.skills.join(', ')}` : undefined;
    const notes = [ctx.transfer?.notes ?? lastNote, skills].filter(Boolean).join('\n');
    return { teamId, notes, source: ctx.transfer?.source ?? 'bot' };
  }

  async function applyInternal(conversation: Conversation, action: BotAction): Promise<void> {
    const at = now();
    switch (action.name) {
      case 'contact_update': {
        const p = action.payload;
        if (p.email) await store.systemEvents.add(conversation.id, 'PROVIDED_EMAIL', { email: p.email, by: 'bot' }, at);
        await store.visitors.updateProfile(
          conversation.visitorId,
          {
            ...(p.name !== undefined ? { name: p.name } : {}),
            ...(p.email !== undefined ? { email: p.email } : {}),
            ...(p.mobile_number !== undefined ? { phone: p.mobile_number } : {}),
            ...(p.external_customer_id !== undefined ? { externalId: p.external_customer_id } : {}),
            ...(p.custom_fields !== undefined ? { customFields: p.custom_fields } : {}),
            ...(p.campaigns !== undefined ? { campaigns: p.campaigns } : {}),
          },
          at,
        );
        return;
      }
      case 'conversation_update': {
        const p = action.payload;
        await store.conversations.updateMeta(conversation.id, (meta) => ({
          ...meta,
          ...(p.subject !== undefined ? { subject: p.subject } : {}),
          ...(p.topics !== undefined ? { topics: p.topics } : {}),
          ...(p.locale !== undefined ? { locale: p.locale } : {}),
          ...(p.custom_fields !== undefined ? { custom_fields: { ...meta.custom_fields, ...p.custom_fields } } : {}),
        }));
        return;
      }
      case 'note_create':
        await store.notes.create({
          conversationId: conversation.id,
          contactId: action.payload.contact_identity_id ? conversation.visitorId : null,
          body: action.payload.body,
          author: 'bot',
          createdAt: at,
        });
        return;
      case 'addon_dispatch':
      case 'email_dispatch': {
        const { name, payload } = action;
        await store.conversations.updateMeta(conversation.id, (meta) => ({
          ...meta,
          dispatches: [...(meta.dispatches ?? []), { name, payload: { ...payload }, at }],
        }));
        return;
      }
      default:
        return;
    }
  }

  /** `known`: the conversation as the caller just read it, to spare a read. */
  async function deliver(conversationId: string, actions: readonly BotAction[], ctx: DeliveryContext, known?: Conversation): Promise<void> {
    if (actions.length === 0) return;
    const conversation = known ?? (await store.conversations.find(conversationId));
    if (!conversation || conversation.status !== 'open') return;
    const batch: MessageDraft[] = [];
    const flush = () => storeAndPublish(conversationId, batch.splice(0));
    let lastNote: string | undefined;

    for (let i = 0; i < actions.length; i++) {
      const action = actions[i]!;
      if (action.name === 'delay') {
        await flush();
        const until = new Date(clock.now().getTime() + action.payload.duration).toISOString();
        if (action.payload.typing !== false) publisher.typing(conversationId, until);
        const rest = actions.slice(i + 1);
        if (rest.length > 0) {
          await store.scheduledActions.add(conversationId, until, rest, ctx, now());
          arm(until);
        }
        return;
      }
      if (INTERNAL.has(action.name)) {
        if (action.name === 'note_create') lastNote = action.payload.body;
        await applyInternal(conversation, action);
        continue;
      }
      if (action.name === 'forward_group' || action.name === 'forward_skills' || action.name === 'forward_any') {
        if (action.payload.on_failure === 'feedback' && !(await deps.presence.agentsAvailable(conversation.botId))) {
          // The bot asked to hear about it: it keeps the conversation and gets forward_failed.
          await flush();
          deps.onForwardFailed(conversationId);
          continue;
        }
        batch.push({ author: ctx.author, packet: action });
        await flush();
        await handOver(conversation, forwardRequest(action, ctx, lastNote));
        continue;
      }
      if (action.name === 'abort') {
        batch.push({ author: ctx.author, packet: action });
        await flush();
        await handOver(conversation, { teamId: null, notes: lastNote ?? 'The bot stepped out of the conversation.', source: 'bot_abort' });
        continue;
      }
      batch.push({ author: ctx.author, packet: action });
      if (action.name === 'end') {
        await flush();
        await endConversation(conversationId);
        return;
      }
    }
    await flush();
  }

  async function endConversation(conversationId: string): Promise<void> {
    await store.conversations.end(conversationId, now());
    await store.scheduledActions.dropForConversation(conversationId);
    const ended = await store.conversations.find(conversationId);
    if (ended) publisher.conversation(conversationView(ended));
  }

  /** Arms one timer for the earliest due entry; deliverDue re-arms for the next. */
  function arm(dueAt: string): void {
    if (timerDue && timerDue <= dueAt) return;
    if (timer) clearTimeout(timer);
    timerDue = dueAt;
    const wait = Math.max(0, Date.parse(dueAt) - clock.now().getTime());
    timer = setTimeout(() => {
      timer = undefined;
      timerDue = undefined;
      void deliverDue().catch((err: unknown) => deps.log('delivering delayed actions failed', err));
    }, Math.min(wait, 2 ** 31 - 1));
    timer.unref();
  }

  /** Delivers every entry that is due, each in its conversation's queue. */
  async function deliverDue(): Promise<number> {
    const due = await store.scheduledActions.takeDue(now());
    for (const entry of due) {
      publisher.typing(entry.conversationId, null);
      await deps.serialize(entry.conversationId, () => deliver(entry.conversationId, entry.actions, entry.context));
    }
    const next = await store.scheduledActions.nextDueAt();
    if (next) arm(next);
    return due.length;
  }

  return {
    deliver,
    deliverDue,
    endConversation,
    handOver,
    storeAndPublish,
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerDue = undefined;
    },
  };
}

export type ActionDelivery = ReturnType<typeof createActionDelivery>;
