import { randomUUID } from 'node:crypto';
import {
  checkMessageText,
  MAX_MESSAGE_LENGTH,
  type AgentBadge,
  type BotAction,
  type MessageRecord,
  type PeopleNotice,
  type Reaction,
  type VisitorEvent,
} from '../../shared/index.js';
import type { BotInput, BotRunner } from '../bots/bot-runner.js';
import { handOverSession, resumeSession } from '../engine/session.js';
import { forwardAction } from '../engine/transfer.js';
import type { TransferRequest } from '../engine/types.js';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { storeFailure } from '../store/store-errors.js';
import type { Log } from '../lib/logger.js';
import { NO_AGENTS, type Presence } from '../lib/presence.js';
import { clusterQueue, oneNode, type Cluster } from '../lib/cluster/index.js';
import { botTurnKey, startTurnKey, type Conversation, type MessageDraft, type Store } from '../store/index.js';
import type { AiAnswerer } from './ai-answers.js';
import { createDelivery, type Delivery, type DeliveryOutcome } from './deliver-actions.js';
import type { ConversationPublisher } from './publisher.js';

export interface ConversationServiceDeps {
  store: Store;
  /** The bot that answers a conversation (built-in or webhook), chosen per bot. */
  botRunner: BotRunner;
  publisher: ConversationPublisher;
  clock: Clock;
  presence?: Presence;
  /** People's side of a conversation changed (handed over, resumed, ended). */
  onPeopleChange?: (conversationId: string) => void;
  /** Performs the engine's "answer with AI" decisions; without it, their fallback answers. */
  aiAnswers?: AiAnswerer;
  log?: Log;
  /** Several nodes: a conversation's tasks run one at a time across all of them. One node by default. */
  cluster?: Cluster;
}

/**
 * The rule for a message's text on every channel (shared/message-text.ts), as an error:
 * `field` names where the text was in the request, for the HTTP channels' messages.
 */
export function messageBody(text: string, field?: string): string {
  const check = checkMessageText(text);
  if ('body' in check) return check.body;
  const at = field ? `${field}: ` : '';
  if (check.error === 'empty') throw new AppError('empty_message', `${at}the message is empty`);
  throw new AppError('message_too_long', `${at}a message has at most ${MAX_MESSAGE_LENGTH} characters`);
}

/**
 * The conversation core: what happens to a conversation, from any side. Every message is
 * stored first, then published. Everything that changes a conversation runs in its queue,
 * so bot replies keep the order of the visitor's messages and delayed actions never
 * interleave with a turn. Visitor requests (visitor-requests.ts) call into it, never the
 * other way round.
 */
export function createConversationService(deps: ConversationServiceDeps) {
  const { store, clock, publisher } = deps;
  const log: Log = deps.log ?? ((message, err) => console.error(message, err));
  const cluster = deps.cluster ?? oneNode();
  // Whatever changes a conversation, on whichever node, waits for the one before it.
  const queue = clusterQueue(cluster, 'conversation');
  const now = () => clock.now().toISOString();
  const peopleChanged = (conversationId: string) => deps.onPeopleChange?.(conversationId);
  /**
   * Client ids whose append failed on the store, by conversation: a store can commit and still
   * fail the call, so they may be stored and never published. They are looked up, and
   * published if stored, before the conversation's next delivery or owed turns (whose appends
   * skip what is stored); the conversation is owed a retry meanwhile.
   */
  const unsure = new Map<string, Set<string>>();
  const onUnsureAppend = (conversationId: string, clientIds: string[]): void => {
    const ids = unsure.get(conversationId) ?? new Set<string>();
    for (const id of clientIds) ids.add(id);
    unsure.set(conversationId, ids);
    owe(conversationId);
  };
  const delivery = createDelivery({ store, clock, publisher, presence: deps.presence ?? NO_AGENTS, onPeopleChange: peopleChanged, onUnsureAppend });
  let timer: NodeJS.Timeout | undefined;
  let timerDue: string | undefined;

  /** Delivers, then does what the delivery asks: tells the bot, arms the timer. Call inside the queue. `key`, `endsTurn`: see delivery.deliver. */
  async function deliver(...args: Parameters<Delivery['deliver']>): Promise<DeliveryOutcome> {
    const [conversationId] = args;
    // What an earlier delivery may have stored unpublished goes out before anything new.
    if (unsure.has(conversationId)) await publishUnsure(conversationId);
    const outcome: DeliveryOutcome = await delivery.deliver(...args);
    // Queued behind the current task, so the bot hears it after this delivery.
    for (let i = 0; i < outcome.forwardsFailed; i++) void queueBotTurn(conversationId, { name: 'forward_failed', payload: {} });
    if (outcome.scheduledUntil) arm(outcome.scheduledUntil);
    return outcome;
  }

  /**
   * Runs the bot on one event and delivers what it says. Call inside the conversation's queue.
   * `key`: the stored turn's. True when the turn was deleted with its last reply (most turns: a
   * keyword reply is one write, not two); otherwise the caller marks it done.
   */
  async function botTurn(conversationId: string, input: BotInput, key?: string): Promise<boolean> {
    const conversation = await store.conversations.find(conversationId);
    if (!conversation || conversation.status !== 'open') return false;
    // Handed over: the bot hears nothing more until an agent resumes it (a conversation
    // started with people still tells the bot it started, 003).
    if (conversation.session.handover && input.name !== 'start') return false;
    const { actions, session, transfer, ai } = await deps.botRunner.respond(conversation, input);
    if (session !== conversation.session) await store.conversations.saveSession(conversation.id, session, now());
    const outcome = await deliver(conversation.id, actions, transfer ? { author: 'bot', transfer } : { author: 'bot' }, conversation, key, !ai);
    if (ai) {
      // The AI answer streams inside the turn, so the next message waits for it; its fallback is delivered like any reply.
      const fallback = deps.aiAnswers ? await deps.aiAnswers.answer(conversation.id, ai) : ai.fallback;
      await deliver(conversation.id, fallback, { author: 'bot' }, undefined, key && `${key}:ai`);
    }
    return outcome.turnDone === true;
  }

  /** Stored turns in the queue now, so that a retry does not queue one twice. */
  const queuedTurns = new Set<string>();
  /** Turns in the queue now, stored or not, by conversation. */
  const turnsWaiting = new Map<string, number>();
  /** Whether the turns the store owed at start (a crash, a restart) are queued. */
  let owedTurnsQueued = false;
  /** Holds of a conversation (ClusterQueue.term) in which its turns stored before them have run. */
  const caughtUp = new WeakSet<object>();
  /**
   * Conversations owed a retry because the store failed them (full, down, a commit whose answer
   * was lost): the retries since a stored turn of theirs last ran through, the one timer of
   * the next retry, and the stored turns that failed on the store and have not run since.
   */
  const owing = new Map<string, { retries: number; timer?: NodeJS.Timeout | undefined; turns: Set<string> }>();
  /** Reads of a conversation's owed turns under way. */
  const reading = new Map<string, number>();
  /** When the owed retries of other conversations were last run early, the store having answered one. */
  let retriedOthersAt = -Infinity;
  const logRetry = (conversationId: string) => (err: unknown) => log(`retrying conversation ${conversationId} failed`, err, { conversationId });

  /**
   * A bot turn in the conversation's queue; a stored one (`key`) is done once it has been
   * delivered. One that fails on the store stays owed and is retried, in order, with
   * backoff; one that fails otherwise (a bug) is logged and not replayed forever. A `replay`
   * was read from the store before it reached the queue, and may have run meanwhile.
   */
  function queueBotTurn(conversationId: string, input: BotInput, key?: string, storedIn?: object, replay = false): Promise<void> {
    if (key && queuedTurns.has(key)) return Promise.resolve();
    if (key) queuedTurns.add(key);
    turnsWaiting.set(conversationId, (turnsWaiting.get(conversationId) ?? 0) + 1);
    return queue
      .run(conversationId, async () => {
        const term = queue.term(conversationId);
        // Stored in this node's current hold of the conversation, whose older turns have run
        // in it: no other node can have run it, nor left one before it.
        if (key && cluster.shared && !(storedIn && storedIn === term && caughtUp.has(term))) {
          // A node killed mid-conversation leaves the turns it owed: the conversation's
          // older ones go first, so the replies keep the visitor's order.
          const pending = await store.botTurns.pending(conversationId);
          const at = pending.findIndex((turn) => turn.id === key);
          for (const turn of at === -1 ? pending : pending.slice(0, at)) {
            if (!(await botTurn(conversationId, turn.input as BotInput, turn.id))) await store.botTurns.done(turn.id);
          }
          // Nothing stored in this hold can come after a turn stored before it. Nor, when every
          // turn owed after this one is in this node's queue already (a new conversation's
          // start), after one of those: the next message of the hold need not look again.
          if (term && (storedIn === term || (at !== -1 && pending.slice(at + 1).every((turn) => queuedTurns.has(turn.id))))) caughtUp.add(term);
          // Another node may have run it while this one waited for the conversation (a replay at start).
          if (!(await store.botTurns.owed(key))) return;
        } else if (key && replay && !(await store.botTurns.owed(key))) return;
        const done = await botTurn(conversationId, input, key);
        if (key && !done) await store.botTurns.done(key);
        if (key) settle(conversationId, key);
      })
      .catch((err: unknown) => {
        log(`bot turn failed in conversation ${conversationId}`, err, { conversationId });
        if (key && storeFailure(err)) owe(conversationId, key);
        else if (key) void store.botTurns.done(key).catch(() => undefined);
      })
      .finally(() => {
        if (key) queuedTurns.delete(key);
        const left = (turnsWaiting.get(conversationId) ?? 1) - 1;
        if (left > 0) turnsWaiting.set(conversationId, left);
        else turnsWaiting.delete(conversationId);
      });
  }

  /**
   * The bot's replies to a visitor's event, when they can be stored with it in one
   * transaction instead of as a turn of their own (half the commits of a keyword reply, and
   * no turn written and deleted): the bot answers at once (BotRunner.respondAtOnce: from its
   * configuration alone, with messages only), and the conversation has no turn before it
   * (none queued or owed, its store not unsure, the owed turns of a restart queued; with
   * several nodes, its older turns run in this node's hold of it, so none a killed node
   * left). Then the message's id is chosen here, so that its replies' client ids are those
   * of its turn. Undefined otherwise, and on any failure: the message is stored with its
   * turn, whose failure, if it fails again, is the turn's. Call inside the conversation's queue.
   */
  async function answerAtOnce(conversationId: string, input: VisitorEvent): Promise<{ messageId: string; replies: Array<MessageDraft & { clientId: string }> } | undefined> {
    const { respondAtOnce } = deps.botRunner;
    if (!respondAtOnce || !owedTurnsQueued) return undefined;
    if (cluster.shared && !caughtUp.has(queue.term(conversationId) ?? {})) return undefined;
    if (owing.has(conversationId) || unsure.has(conversationId) || turnsWaiting.has(conversationId)) return undefined;
    try {
      const conversation = await store.conversations.find(conversationId);
      if (conversation?.status !== 'open') return undefined;
      const messageId = randomUUID();
      // Handed over: the bot hears nothing (botTurn).
      const turn = conversation.session.handover ? { actions: [] } : await respondAtOnce.call(deps.botRunner, conversation, input);
      if (!turn) return undefined;
      const key = botTurnKey(messageId);
      return { messageId, replies: turn.actions.map((packet, i) => ({ author: 'bot' as const, packet, clientId: `${key}:${i}` })) };
    } catch {
      return undefined;
    }
  }

  /** A retry of the conversation's owed turns, with backoff; one timer at a time. `turn`: the stored turn that failed. */
  function owe(conversationId: string, turn?: string): void {
    const owed = owing.get(conversationId) ?? { retries: 0, turns: new Set<string>() };
    owing.set(conversationId, owed);
    if (turn) owed.turns.add(turn);
    if (owed.timer) return;
    const wait = Math.min(30_000, 250 * 2 ** owed.retries++);
    owed.timer = setTimeout(() => {
      owed.timer = undefined;
      queueOwedTurns(conversationId).catch(logRetry(conversationId));
    }, wait).unref();
  }

  /**
   * A stored turn of the conversation ran through (`ranThrough`), or it owes none: no retry, and
   * the backoff starts over; unless another of its turns failed on the store and has not run
   * since (a turn queued behind a failed one can run through before it is retried).
   */
  function settle(conversationId: string, ranThrough?: string): void {
    const owed = owing.get(conversationId);
    if (!owed) return;
    if (ranThrough !== undefined) owed.turns.delete(ranThrough);
    if (ranThrough !== undefined && owed.turns.size > 0) return;
    clearTimeout(owed.timer);
    owing.delete(conversationId);
  }

  /** The store answered a request of one conversation: the others' owed retries need not wait out their backoff (once a second at most). */
  function retryOthers(answered: string): void {
    if (owing.size === 0 || (owing.size === 1 && owing.has(answered))) return;
    if (performance.now() - retriedOthersAt < 1_000) return;
    retriedOthersAt = performance.now();
    for (const other of owing.keys()) if (other !== answered && !reading.has(other)) queueOwedTurns(other).catch(logRetry(other));
  }

  /** Queues a conversation's owed turns, oldest first; false when the store cannot say (retried later). */
  async function queueOwedTurns(conversationId?: string): Promise<boolean> {
    if (conversationId) reading.set(conversationId, (reading.get(conversationId) ?? 0) + 1);
    try {
      const pending = await store.botTurns.pending(conversationId);
      if (!conversationId) {
        for (const turn of pending) void queueBotTurn(turn.conversationId, turn.input as BotInput, turn.id, undefined, true);
        owedTurnsQueued = true;
        return true;
      }
      if (pending.length === 0) settle(conversationId);
      // Queued first, so it runs before the turns below: a reply that reached the store goes out in its place.
      if (unsure.has(conversationId)) queue.run(conversationId, () => publishUnsure(conversationId)).catch(logRetry(conversationId));
      for (const turn of pending) void queueBotTurn(turn.conversationId, turn.input as BotInput, turn.id, undefined, true);
      return true;
    } catch (err) {
      if (!conversationId || !storeFailure(err)) throw err;
      owe(conversationId);
      return false;
    } finally {
      const left = conversationId ? (reading.get(conversationId) ?? 1) - 1 : 0;
      if (conversationId && left > 0) reading.set(conversationId, left);
      else if (conversationId) reading.delete(conversationId);
    }
  }

  /**
   * Publishes what the conversation's unsure appends stored after all. A store failure leaves
   * them unsure (and owed) and is thrown: what comes next waits. Anything else is logged and
   * they are dropped, so one bad lookup does not hold up the conversation.
   */
  async function publishUnsure(conversationId: string): Promise<void> {
    const ids = unsure.get(conversationId);
    if (!ids) return;
    unsure.delete(conversationId);
    try {
      for (const m of await store.conversations.messagesByClientId(conversationId, [...ids])) publisher.message(conversationId, m);
    } catch (err) {
      if (!storeFailure(err)) return log(`could not publish what conversation ${conversationId} stored while its store failed`, err, { conversationId });
      onUnsureAppend(conversationId, [...ids]);
      throw err;
    }
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
      void deliverDue().catch((err: unknown) => log('delivering delayed actions failed', err));
    }, Math.min(wait, 2 ** 31 - 1));
    timer.unref();
  }

  /**
   * Delivers every entry that is due, each in its conversation's queue, and deletes it after:
   * a crash in between delivers it again after the restart, its messages stored once.
   */
  async function deliverDue(): Promise<number> {
    const due = await store.scheduledActions.due(now());
    let delivered = 0;
    for (const entry of due) {
      await queue.run(entry.conversationId, async () => {
        // Delivered meanwhile by an earlier call, or dropped by a hand-over or an end.
        if (!(await store.scheduledActions.waiting(entry.id))) return;
        publisher.typing(entry.conversationId, null);
        await deliver(entry.conversationId, entry.actions, entry.context, undefined, `due:${entry.id}`);
        await store.scheduledActions.delivered(entry.id);
        delivered += 1;
      });
    }
    const next = await store.scheduledActions.nextDueAt();
    if (next) arm(next);
    return delivered;
  }

  /** The bot speaks again; an active transfer is resumed, and the visitor is told. Call inside the queue. */
  async function resume(conversation: Conversation): Promise<void> {
    const active = await store.transfers.activeForConversation(conversation.id);
    if (!active && !conversation.session.handover) return;
    if (active) await store.transfers.resume(conversation.botId, active.id, now());
    if (conversation.session.handover) await store.conversations.saveSession(conversation.id, resumeSession(conversation.session), now());
    if (conversation.status === 'open') await delivery.publish(conversation.id, [systemNotice({ kind: 'bot_resumed', agent: null })]);
    peopleChanged(conversation.id);
  }

  async function openConversation(conversationId: string): Promise<Conversation> {
    const conversation = await store.conversations.find(conversationId);
    if (!conversation) throw new AppError('not_found', 'no such conversation');
    if (conversation.status !== 'open') throw new AppError('conversation_ended', 'this conversation has ended');
    return conversation;
  }

  return {
    /** Runs a task in a conversation's queue (visitor requests use the same queue). */
    serialize: <T>(conversationId: string, task: () => Promise<T>) => queue.run(conversationId, task),

    /** Lets the bot answer an event, after whatever the conversation is doing now. */
    queueBotTurn,

    /**
     * Stores a visitor's event (once per client id) and publishes it; a new one is queued
     * for the bot. Call inside the conversation's queue; the caller has checked who asks.
     */
    async receiveVisitorEvent(conversationId: string, event: { clientId: string; packet: VisitorEvent; replyTo?: string | undefined }): Promise<MessageRecord> {
      const answer = await answerAtOnce(conversationId, event.packet);
      let appended: Awaited<ReturnType<Store['conversations']['appendVisitorMessage']>>;
      try {
        appended = await store.conversations.appendVisitorMessage(
          conversationId,
          { author: 'visitor', clientId: event.clientId, packet: event.packet, replyTo: event.replyTo },
          now(),
          answer ?? { input: event.packet },
        );
      } catch (err) {
        // It may be stored all the same (a commit whose answer was lost), with its turn (owed)
        // or its replies (to publish).
        if (storeFailure(err)) onUnsureAppend(conversationId, [event.clientId, ...(answer?.replies.map((r) => r.clientId) ?? [])]);
        throw err;
      }
      const { message, duplicate, replies } = appended;
      // Stored before, yet sent again: the visitor did not hear so (the store failed after its
      // commit, the ack was lost), so it and its turn may be owed (published first, if unsure).
      if (duplicate) {
        await queueOwedTurns(conversationId);
        return message;
      }
      // Stored and published now: no retry need publish it.
      unsure.get(conversationId)?.delete(event.clientId);
      publisher.message(conversationId, message);
      for (const reply of replies) publisher.message(conversationId, reply);
      // Answered at once (stored with its replies, nothing owed), or the bot's turn is queued
      // behind this one, and the visitor's ack does not wait for it: behind the turns this
      // conversation still owes, if any, so that replies keep their order.
      if (!answer && owing.has(conversationId)) await queueOwedTurns(conversationId);
      else if (!answer) void queueBotTurn(conversationId, event.packet, botTurnKey(message.id), queue.term(conversationId));
      retryOthers(conversationId);
      return message;
    },

    /**
     * Bot actions from outside a turn (the bot's API URL), applied in the conversation's
     * order; refused (conflict) once the conversation is handed over to people.
     */
    deliver(conversationId: string, actions: readonly BotAction[]) {
      return queue.run(conversationId, async () => {
        const outcome = await deliver(conversationId, actions, { author: 'bot' });
        if (outcome.silenced) throw new AppError('conflict', 'this conversation was handed over to people: the bot is silent until an agent resumes it');
      });
    },

    /**
     * Hands a conversation to people from outside the bot (the transfers API, timeouts): the
     * visitor sees the forward, a transfer waits in the queue and the bot falls silent. A
     * conversation that has an active transfer already keeps it (`created` false), and the
     * visitor sees no second forward; checked in the conversation's queue, so two callers at
     * once cannot both create one.
     */
    handOver(conversation: Conversation, request: TransferRequest) {
      return queue.run(conversation.id, async () => {
        const active = await store.transfers.activeForConversation(conversation.id);
        if (active) return { transfer: active, created: false };
        await openConversation(conversation.id);
        await delivery.publish(conversation.id, [{ author: 'bot', packet: forwardAction(request.team_id) }]);
        await delivery.handOver(conversation, request);
        return { transfer: (await store.transfers.activeForConversation(conversation.id))!, created: true };
      });
    },

    /**
     * Ends a conversation from outside the bot (timeouts, the APIs), once: checked in its
     * queue, so two callers at once (two nodes' timeout sweeps) do not both end it.
     */
    end(conversationId: string) {
      return queue.run(conversationId, async () => {
        if ((await store.conversations.find(conversationId))?.status !== 'open') return;
        await delivery.publish(conversationId, [{ author: 'system', packet: { name: 'end', payload: {} } }]);
        await delivery.end(conversationId);
      });
    },

    /** The bot answers this conversation again, and its active transfer is resumed. */
    resumeBot(conversationId: string) {
      return queue.run(conversationId, async () => {
        const current = await store.conversations.find(conversationId);
        if (current) await resume(current);
      });
    },

    /**
     * A new conversation from the API channel or the thread API, started like a widget one:
     * the bot's `start` (stored with the conversation, so a restart still runs it) greets;
     * with a first message, the start carries it (003). `started` settles after that turn.
     */
    async startFromApi(input: {
      botId: string;
      visitorId: string;
      id?: string;
      variables?: Record<string, string>;
      firstMessage?: string;
      /** Where the first message was in the request, for its error. */
      field?: string;
      mode?: 'AI' | 'AGENT';
    }): Promise<{ conversation: Conversation; firstMessage?: MessageRecord; started: Promise<void> }> {
      const body = input.firstMessage === undefined ? undefined : messageBody(input.firstMessage, input.field);
      const session = { variables: input.variables ?? {} };
      const start: BotInput = { name: 'start', payload: body === undefined ? {} : { body } };
      const conversation = await store.conversations.create({
        botId: input.botId,
        visitorId: input.visitorId,
        session: input.mode === 'AGENT' ? handOverSession(session) : session,
        now: now(),
        channel: 'api',
        startTurn: { input: start },
        ...(input.id ? { id: input.id } : {}),
      });
      // Started with people, as PATCH {mode: AGENT} would: the thread is escalated.
      if (input.mode === 'AGENT') await store.systemEvents.add(conversation.id, 'CONVERSATION_ESCALATED', { source: 'mode' }, now());
      const firstMessage =
        body === undefined
          ? undefined
          : await queue.run(conversation.id, async () => {
              const { message } = await store.conversations.appendVisitorMessage(
                conversation.id,
                { author: 'visitor', clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body } } },
                now(),
              );
              publisher.message(conversation.id, message);
              return message;
            });
      const started = queueBotTurn(conversation.id, start, startTurnKey(conversation.id));
      return { conversation, started, ...(firstMessage ? { firstMessage } : {}) };
    },

    /**
     * A message a person on the team writes (the thread API, the console): stored once per
     * client id, published, the bot not asked. `field` names where the text was in the request.
     */
    agentMessage(conversationId: string, text: string, opts: AgentMessageOptions = {}) {
      const body = opts.attachment && !text.trim() ? '' : messageBody(text, opts.field);
      return queue.run(conversationId, async () => {
        await openConversation(conversationId);
        const packets: BotAction[] = [];
        if (opts.attachment) {
          const { link, type, name } = opts.attachment;
          packets.push({ name: 'media', payload: { type, link, ...(name ? { name } : {}) } });
        }
        if (body) packets.push({ name: 'message', payload: { body, text_format: 'markdown_v1' } });
        const messages: MessageRecord[] = [];
        for (const [i, packet] of packets.entries()) {
          const clientId = opts.clientId && `${opts.clientId}${i === packets.length - 1 ? '' : `:${i}`}`;
          const draft = { author: 'agent' as const, packet, ...(opts.sender ? { sender: opts.sender } : {}) };
          if (clientId) {
            const { message, duplicate } = await store.conversations.appendVisitorMessage(conversationId, { ...draft, clientId }, now());
            if (!duplicate) publisher.message(conversationId, message);
            messages.push(message);
          } else {
            const [message] = await store.conversations.append(conversationId, [draft], now());
            publisher.message(conversationId, message!);
            messages.push(message!);
          }
        }
        // The agent's typing indicator goes with their message.
        if (opts.sender) publisher.typing(conversationId, null, opts.sender);
        return messages.at(-1)!;
      });
    },

    /** A system line about people (an agent joined or left, back in the queue): stored and published. */
    notice(conversationId: string, notice: PeopleNotice) {
      return queue.run(conversationId, async () => {
        const current = await store.conversations.find(conversationId);
        if (current?.status === 'open') await delivery.publish(conversationId, [systemNotice(notice)]);
      });
    },

    /** AI: the bot answers; AGENT: people do and the bot is silent (like an active transfer). */
    setMode(conversationId: string, mode: 'AI' | 'AGENT') {
      return queue.run(conversationId, async () => {
        const current = await store.conversations.find(conversationId);
        if (!current) throw new AppError('not_found', 'no such conversation');
        const handover = mode === 'AGENT';
        if (Boolean(current.session.handover) === handover) return current;
        if (handover) {
          await store.conversations.saveSession(conversationId, handOverSession(current.session), now());
          await store.systemEvents.add(conversationId, 'CONVERSATION_ESCALATED', { source: 'mode' }, now());
        } else await resume(current);
        return (await store.conversations.find(conversationId))!;
      });
    },

    /** A reaction on a bot or agent message, from the widget or the thread API. */
    async react(conversationId: string, messageId: string, reaction: Reaction): Promise<MessageRecord> {
      const target = await store.conversations.findMessage(conversationId, messageId);
      if (!target) throw new AppError('not_found', 'no such message in this conversation');
      if (target.author === 'visitor') throw new AppError('bad_request', 'messageId: reactions are for bot and agent messages');
      // The same reaction again changes nothing: nothing to store, publish or send to webhooks.
      if (target.reaction === reaction) return target;
      const updated = (await store.conversations.setReaction(conversationId, messageId, reaction))!;
      publisher.messageUpdate(conversationId, updated);
      return updated;
    },

    /** Delivers delayed actions that are due (the timer calls it; tests with a fake clock too). */
    deliverDue,

    /** Queues the bot turns a crash interrupted (at start, before deliverDue). */
    resumeBotTurns: () => queueOwedTurns(),

    /** Resolves when all queued work has finished (tests, shutdown). */
    idle: () => queue.idle(),

    /** Several nodes: lets go of the conversations this node holds, so others take them at once (shutdown, after idle). */
    letGo: () => queue.letGo(),

    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerDue = undefined;
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;

export interface AgentMessageOptions {
  /** Where the text was in the request, for its error. */
  field?: string;
  /** The agent who wrote it (the console); absent for the thread API. */
  sender?: AgentBadge & { id: string };
  /** The console's id for the message: a resend is stored once. */
  clientId?: string;
  /** A file sent with (or instead of) the text. */
  attachment?: { link: string; type: 'image' | 'file'; name?: string };
}

/** The words of a people notice, for text-only views (threads, the API channel, webhooks). */
const NOTICE_TEXT: Record<PeopleNotice['kind'], (agent: string) => string> = {
  agent_joined: (agent) => `${agent} joined the conversation`,
  agent_left: (agent) => `${agent} left the conversation`,
  requeued: () => 'Waiting for the next available person',
  bot_resumed: () => 'The assistant is back in the conversation',
};

function systemNotice(notice: PeopleNotice): MessageDraft {
  return { author: 'system', packet: { name: 'message', payload: { body: NOTICE_TEXT[notice.kind](notice.agent ?? 'Someone') } }, notice };
}
