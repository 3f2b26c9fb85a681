import type { BotAction, MessageRecord } from '../../shared/index.js';
import { handOverSession } from '../engine/session.js';
import type { TransferRequest } from '../engine/types.js';
import type { Clock } from '../lib/clock.js';
import type { Presence } from '../lib/presence.js';
import type { Conversation, MessageDraft, ScheduledContext, Store } from '../store/index.js';
import { profileChange } from '../store/index.js';
import { storeFailure } from '../store/store-errors.js';
import { forwardsAskingFeedback, needOf, planDelivery, type ForwardAction, type InternalAction } from './delivery-plan.js';
import { conversationView, type ConversationPublisher } from './publisher.js';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  publisher: ConversationPublisher;
  presence: Presence;
  /** People's side of a conversation changed (handed over, ended): the console and the widget's queue line. */
  onPeopleChange?: (conversationId: string) => void;
  /**
   * A keyed append failed: a store can commit and still fail the call (PostgreSQL going away
   * during COMMIT), so these client ids may be stored and never published.
   */
  onUnsureAppend?: (conversationId: string, clientIds: string[]) => void;
}

/** What the caller does next, after a delivery: tell the bot, arm the timer for delayed actions. */
export interface DeliveryOutcome {
  /** Forwards with on_failure "feedback" that found no agent: the bot hears forward_failed for each. */
  forwardsFailed: number;
  /** Actions were held back by a delay until then. */
  scheduledUntil?: string;
  /** Nothing was delivered: the bot spoke into a conversation handed over to people. */
  silenced?: boolean;
  /** The stored bot turn `key` was deleted with the last messages (`endsTurn`). */
  turnDone?: boolean;
}

/**
 * Carries out delivery plans: stores and publishes messages, applies internal actions, hands
 * over, holds back what follows a delay in the store (delivered when due, also after a
 * restart) and ends conversations. Store first, then publish, always.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { store, clock, publisher } = deps;
  const now = () => clock.now().toISOString();

  /** `turnDone`: the stored bot turn these messages complete, deleted with them. */
  async function publish(conversationId: string, drafts: MessageDraft[], turnDone?: string): Promise<void> {
    if (drafts.length === 0) return;
    let messages: MessageRecord[];
    try {
      messages = await store.conversations.append(conversationId, drafts, now(), turnDone);
    } catch (err) {
      const keyed = drafts.flatMap((d) => (d.clientId ? [d.clientId] : []));
      if (keyed.length > 0 && storeFailure(err)) deps.onUnsureAppend?.(conversationId, keyed);
      throw err;
    }
    for (const m of messages) publisher.message(conversationId, m);
  }

  /** The one hand-over: a transfer waits in the queue, and the bot falls silent. */
  async function handOver(conversation: Conversation, request: TransferRequest): Promise<void> {
    if (!(await store.transfers.activeForConversation(conversation.id))) {
      await store.systemEvents.add(conversation.id, 'CONVERSATION_ESCALATED', { source: request.source, teamId: request.team_id }, now());
      await store.transfers.create({
        botId: conversation.botId,
        conversationId: conversation.id,
        contactId: conversation.visitorId,
        source: request.source,
        teamId: request.team_id,
        notes: request.notes,
        now: now(),
      });
    }
    const current = (await store.conversations.find(conversation.id)) ?? conversation;
    if (!current.session.handover) await store.conversations.saveSession(conversation.id, handOverSession(current.session), now());
    // What the bot held back behind a delay is not said any more: people have the conversation.
    await store.scheduledActions.dropForConversation(conversation.id);
    deps.onPeopleChange?.(conversation.id);
  }

  async function end(conversationId: string): Promise<void> {
    await store.conversations.end(conversationId, now());
    await store.scheduledActions.dropForConversation(conversationId);
    const ended = await store.conversations.find(conversationId);
    if (ended) publisher.conversation(conversationView(ended));
    deps.onPeopleChange?.(conversationId);
  }

  async function apply(conversation: Conversation, action: InternalAction): Promise<void> {
    const at = now();
    switch (action.name) {
      case 'contact_update': {
        if (action.payload.email) await store.systemEvents.add(conversation.id, 'PROVIDED_EMAIL', { email: action.payload.email, by: 'bot' }, at);
        await store.visitors.updateProfile(conversation.visitorId, profileChange(action.payload), at, 'claim');
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
    }
  }

  /**
   * Delivers a list of actions to an open conversation. `known`: the conversation as the
   * caller just read it. `key`: this delivery's own id (a bot turn's, a delayed entry's): its
   * messages and its delay are keyed by it, so delivering it again after a crash stores
   * what was stored already once. `endsTurn`: `key` is a stored bot turn that ends with this
   * delivery; when its last step stores messages, the turn is deleted with them (`turnDone`).
   */
  async function deliver(
    conversationId: string,
    actions: readonly BotAction[],
    ctx: ScheduledContext,
    known?: Conversation,
    key?: string,
    endsTurn = false,
  ): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { forwardsFailed: 0 };
    if (actions.length === 0) return outcome;
    const conversation = known ?? (await store.conversations.find(conversationId));
    if (!conversation || conversation.status !== 'open') return outcome;
    // Handed over: no bot speaks here until an agent resumes it (the engine, webhook and AI alike).
    if (ctx.author === 'bot' && conversation.session.handover) return { ...outcome, silenced: true };
    const available = new Map<ForwardAction, boolean>();
    for (const forward of forwardsAskingFeedback(actions)) available.set(forward, await deps.presence.agentsAvailable(conversation.botId, needOf(forward)));

    let drafted = 0;
    const steps = planDelivery(actions, ctx, { agentsAvailable: (forward) => available.get(forward) ?? false });
    for (const step of steps) {
      switch (step.kind) {
        case 'publish': {
          const turnDone = endsTurn && key && step === steps.at(-1) ? key : undefined;
          await publish(conversationId, key ? step.drafts.map((d) => ({ ...d, clientId: `${key}:${drafted++}` })) : step.drafts, turnDone);
          if (turnDone) outcome.turnDone = true;
          break;
        }
        case 'apply':
          await apply(conversation, step.action);
          break;
        case 'handOver':
          await handOver(conversation, step.request);
          break;
        case 'tellBot':
          outcome.forwardsFailed += 1;
          break;
        case 'wait': {
          const until = new Date(clock.now().getTime() + step.delayMs).toISOString();
          if (step.typing) publisher.typing(conversationId, until);
          if (step.rest.length > 0) {
            await store.scheduledActions.add(conversationId, until, step.rest, ctx, now(), key && `${key}:wait`);
            outcome.scheduledUntil = until;
          }
          break;
        }
        case 'end':
          await end(conversationId);
          break;
      }
    }
    return outcome;
  }

  return { deliver, publish, handOver, end };
}

export type Delivery = ReturnType<typeof createDelivery>;
