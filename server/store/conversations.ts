import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AgentBadge, BotAction, BotMessage, ConversationStatus, MessageRecord, PeopleNotice, Reaction, VisitorEvent } from '../../shared/index.js';
import type { Session } from '../engine/types.js';
import { botTurnKey, insertBotTurn, startTurnKey } from './bot-turns.js';
import type { ConversationRow, Database, MessageRow } from './schema.js';
import { isUniqueViolation } from './database.js';
import type { PostgresHotPath, UnnumberedRow } from './postgres-hot-path.js';
import type { SqliteHotPath } from './sqlite-hot-path.js';

/** What became of a dispatch: `sending` while it is tried (at most once), then sent or not, and why. */
export interface DispatchResult {
  status: 'sending' | 'sent' | 'not_sent';
  at: string;
  to?: string;
  reason?: string;
}

/** What the bot protocol and the APIs record on a conversation besides its messages. */
export interface ConversationMeta {
  subject?: string;
  topics?: string[];
  locale?: string;
  custom_fields?: Record<string, unknown>;
  /** The webhook bot's context object (003), echoed in every call. */
  context?: Record<string, unknown>;
  /** addon_dispatch and email_dispatch requests, done when the conversation ends; `result` once tried. */
  dispatches?: Array<{ name: string; payload: Record<string, unknown>; at: string; result?: DispatchResult }>;
  /** Deliveries to the bot that failed for good. */
  failures?: Array<{ at: string; reason: string }>;
  endedAt?: string;
  /** 003's approach mode: "proactive" when the widget opened by itself (data-open), else absent ("normal"). */
  approach_mode?: 'proactive';
}

export interface Conversation {
  id: string;
  botId: string;
  visitorId: string;
  status: ConversationStatus;
  lastSeq: number;
  session: Session;
  meta: ConversationMeta;
  channel: 'web' | 'api';
  readSeq: number;
  /** An agent has read the visitor's messages up to here. */
  agentReadSeq: number;
  createdAt: string;
  updatedAt: string;
}

export type MessageDraft =
  | { author: 'visitor'; packet: VisitorEvent; clientId: string; replyTo?: string | undefined }
  /** `clientId`: the delivery's key for it, so a turn replayed after a crash stores it once. */
  | { author: 'bot' | 'system'; packet: BotAction; notice?: PeopleNotice; clientId?: string }
  /** An agent's message: who wrote it, and the console's id for it (a resend is stored once). */
  | { author: 'agent'; packet: BotAction; sender?: AgentBadge & { id: string }; clientId?: string };

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    botId: row.bot_id,
    visitorId: row.visitor_id,
    status: row.status as ConversationStatus,
    lastSeq: row.last_seq,
    session: JSON.parse(row.session) as Session,
    meta: JSON.parse(row.meta) as ConversationMeta,
    channel: row.channel as Conversation['channel'],
    readSeq: row.read_seq,
    agentReadSeq: row.agent_read_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow): MessageRecord {
  const base = { id: row.id, conversationId: row.conversation_id, seq: row.seq, createdAt: row.created_at };
  if (row.author === 'visitor') {
    const message: MessageRecord = {
      ...base,
      author: 'visitor',
      packet: JSON.parse(row.packet) as VisitorEvent,
      clientId: row.client_id ?? row.id,
    };
    if (row.reply_to) message.replyTo = row.reply_to;
    return message;
  }
  const message: BotMessage = { ...base, author: row.author as BotMessage['author'], packet: JSON.parse(row.packet) as BotAction };
  if (row.reaction) message.reaction = row.reaction as Reaction;
  if (row.meta) {
    const meta = JSON.parse(row.meta) as { sender?: AgentBadge & { id?: string }; notice?: PeopleNotice };
    if (meta.sender) message.sender = { name: meta.sender.name, avatar: meta.sender.avatar };
    if (meta.notice) message.notice = meta.notice;
  }
  return message;
}

/** Who wrote an agent's message, a system line's notice: JSON, or null for none. */
function messageMeta(d: MessageDraft): string | null {
  if (d.author === 'agent' && d.sender) return JSON.stringify({ sender: d.sender });
  if ((d.author === 'system' || d.author === 'bot') && d.notice) return JSON.stringify({ notice: d.notice });
  return null;
}

/** `id`: the message's, when the caller chose it. */
function messageRow(conversationId: string, d: MessageDraft, now: string, id: string = randomUUID()): UnnumberedRow {
  return {
    id,
    conversation_id: conversationId,
    author: d.author,
    packet: JSON.stringify(d.packet),
    client_id: d.clientId ?? null,
    reply_to: d.author === 'visitor' ? (d.replyTo ?? null) : null,
    created_at: now,
    reaction: null,
    meta: messageMeta(d),
  };
}

/**
 * `hot`: SQLite's prepared statements for the message path, taken when available; `pgHot`:
 * PostgreSQL's appends in one statement each. Without either, everything runs through Kysely.
 */
export function conversationStore(db: Kysely<Database>, hot?: SqliteHotPath, pgHot?: PostgresHotPath) {
  /** `firstId`: the first message's id, when the caller chose it. */
  function messageRows(conversationId: string, drafts: readonly MessageDraft[], firstSeq: number, now: string, firstId?: string): MessageRow[] {
    return drafts.map((d, i) => ({ ...messageRow(conversationId, d, now, i === 0 ? firstId : undefined), seq: firstSeq + i }));
  }

  /**
   * Appends messages with consecutive sequence numbers through Kysely, atomically: inside
   * `trx` when given. (The callers take a hot path first when there is one.)
   */
  async function insertMessages(conversationId: string, drafts: readonly MessageDraft[], now: string, trx?: Transaction<Database>, firstId?: string): Promise<MessageRecord[]> {
    const run = async (t: Transaction<Database>) => {
      // Taking the sequence numbers with one UPDATE ... RETURNING locks the conversation row
      // (PostgreSQL) or the database (SQLite), so concurrent appends never share a number.
      const { last_seq } = await t
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', drafts.length), updated_at: now }))
        .where('id', '=', conversationId)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const rows = messageRows(conversationId, drafts, last_seq - drafts.length + 1, now, firstId);
      await t.insertInto('messages').values(rows).execute();
      return rows.map(toMessage);
    };
    return trx ? run(trx) : db.transaction().execute(run);
  }

  async function findByClientId(conversationId: string, clientId: string): Promise<MessageRecord | undefined> {
    const row = await db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  return {
    async create(input: {
      botId: string;
      visitorId: string;
      session: Session;
      now: string;
      id?: string;
      channel?: Conversation['channel'];
      /** The bot's `start` turn, stored with the conversation (both or neither). */
      startTurn?: { input: unknown };
      meta?: ConversationMeta;
    }): Promise<Conversation> {
      const row: ConversationRow = {
        id: input.id ?? randomUUID(),
        bot_id: input.botId,
        visitor_id: input.visitorId,
        status: 'open',
        last_seq: 0,
        session: JSON.stringify(input.session),
        meta: JSON.stringify(input.meta ?? {}),
        bot_active: input.session.handover ? 0 : 1,
        channel: input.channel ?? 'web',
        read_seq: 0,
        agent_read_seq: 0,
        created_at: input.now,
        updated_at: input.now,
      };
      const { startTurn } = input;
      if (!startTurn) await db.insertInto('conversations').values(row).execute();
      else {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('conversations').values(row).execute();
          await insertBotTurn(trx, { id: startTurnKey(row.id), conversationId: row.id, input: startTurn.input, now: input.now });
        });
      }
      return toConversation(row);
    },

    async find(id: string): Promise<Conversation | undefined> {
      const row = hot?.available()
        ? hot.conversation(id)
        : pgHot
          ? await pgHot.conversation(id)
          : await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toConversation(row);
    },

    async latestOpenOfVisitor(visitorId: string): Promise<Conversation | undefined> {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('status', '=', 'open')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && toConversation(row);
    },

    /** A bot's conversations, newest first, and how many there are. */
    async pageOfBot(botId: string, page: { limit: number; offset: number }): Promise<{ items: Conversation[]; total: number }> {
      const [rows, count] = await Promise.all([
        db
          .selectFrom('conversations')
          .selectAll()
          .where('bot_id', '=', botId)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        db
          .selectFrom('conversations')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('bot_id', '=', botId)
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toConversation), total: Number(count.n) };
    },

    async setReaction(conversationId: string, messageId: string, reaction: Reaction): Promise<MessageRecord | undefined> {
      const row = await db
        .updateTable('messages')
        .set({ reaction })
        .where('conversation_id', '=', conversationId)
        .where('id', '=', messageId)
        .returningAll()
        .executeTakeFirst();
      return row && toMessage(row);
    },

    /** Moves the read mark forward (never back); returns where it stands. */
    async markRead(id: string, seq: number): Promise<number> {
      await db.updateTable('conversations').set({ read_seq: seq }).where('id', '=', id).where('read_seq', '<', seq).execute();
      const row = await db.selectFrom('conversations').select('read_seq').where('id', '=', id).executeTakeFirst();
      return row?.read_seq ?? 0;
    },

    /** An agent has read the visitor's messages up to `seq` (never backwards); the mark now. */
    async markAgentRead(id: string, seq: number): Promise<number> {
      await db.updateTable('conversations').set({ agent_read_seq: seq }).where('id', '=', id).where('agent_read_seq', '<', seq).execute();
      const row = await db.selectFrom('conversations').select('agent_read_seq').where('id', '=', id).executeTakeFirst();
      return row?.agent_read_seq ?? 0;
    },

    async findMany(ids: readonly string[]): Promise<Conversation[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('conversations').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toConversation);
    },

    /** The newest message of each conversation (for the console's previews). */
    async lastMessages(conversations: readonly Conversation[]): Promise<Map<string, MessageRecord>> {
      const withMessages = conversations.filter((c) => c.lastSeq > 0);
      if (withMessages.length === 0) return new Map();
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where((eb) => eb.or(withMessages.map((c) => eb.and([eb('conversation_id', '=', c.id), eb('seq', '=', c.lastSeq)]))))
        .execute();
      return new Map(rows.map((r) => [r.conversation_id, toMessage(r)]));
    },

    /** Visitor messages after the agents' read mark, per conversation (only those with some). */
    async unreadByAgents(conversations: readonly Conversation[]): Promise<Map<string, number>> {
      const unread = conversations.filter((c) => c.lastSeq > c.agentReadSeq);
      if (unread.length === 0) return new Map();
      const rows = await db
        .selectFrom('messages')
        .select(['conversation_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('author', '=', 'visitor')
        .where((eb) => eb.or(unread.map((c) => eb.and([eb('conversation_id', '=', c.id), eb('seq', '>', c.agentReadSeq)]))))
        .groupBy('conversation_id')
        .execute();
      return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
    },

    /** A bot's open conversations, most recently active first. */
    async listOpenOfBot(botId: string, page: { limit: number; offset: number }): Promise<Conversation[]> {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('bot_id', '=', botId)
        .where('status', '=', 'open')
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map(toConversation);
    },

    async saveSession(id: string, session: Session, now: string): Promise<void> {
      await db
        .updateTable('conversations')
        .set({ session: JSON.stringify(session), bot_active: session.handover ? 0 : 1, updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    /** Merges fields into the conversation's meta (read, merge, write in one transaction). */
    async updateMeta(id: string, change: (meta: ConversationMeta) => ConversationMeta): Promise<ConversationMeta | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('conversations').select('meta').where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const meta = change(JSON.parse(row.meta) as ConversationMeta);
        await trx.updateTable('conversations').set({ meta: JSON.stringify(meta) }).where('id', '=', id).execute();
        return meta;
      });
    },

    /** Ends a conversation: no more messages, no bot. */
    async end(id: string, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('conversations').select('meta').where('id', '=', id).executeTakeFirst();
        const meta = { ...(JSON.parse(row?.meta ?? '{}') as ConversationMeta), endedAt: now };
        await trx
          .updateTable('conversations')
          .set({ status: 'ended', bot_active: 0, meta: JSON.stringify(meta), updated_at: now })
          .where('id', '=', id)
          .execute();
      });
    },

    /** Open conversations a bot still serves (its chat slots in use), active since `since`. */
    async countBotActive(botId: string, since: string): Promise<number> {
      const { n } = await db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('bot_id', '=', botId)
        .where('status', '=', 'open')
        .where('bot_active', '=', 1)
        .where('updated_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(n);
    },

    /** A bot's conversations with no activity from either side since `before`. */
    async listIdleBotActive(botId: string, before: string, limit = 100): Promise<Conversation[]> {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('bot_id', '=', botId)
        .where('status', '=', 'open')
        .where('bot_active', '=', 1)
        .where('updated_at', '<', before)
        .limit(limit)
        .execute();
      return rows.map(toConversation);
    },

    /** Messages in order, after a sequence number. */
    async messages(conversationId: string, opts: { after?: number; limit: number }): Promise<MessageRecord[]> {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('seq', '>', opts.after ?? 0)
        .orderBy('seq', 'asc')
        .limit(opts.limit)
        .execute();
      return rows.map(toMessage);
    },

    /** The stored messages among these client ids, in order. */
    async messagesByClientId(conversationId: string, clientIds: readonly string[]): Promise<MessageRecord[]> {
      if (clientIds.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('client_id', 'in', clientIds)
        .orderBy('seq', 'asc')
        .execute();
      return rows.map(toMessage);
    },

    async findMessage(conversationId: string, id: string): Promise<MessageRecord | undefined> {
      const row = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toMessage(row);
    },

    /** Whether a visitor message already answers the given (choice) message. */
    async isAnswered(conversationId: string, messageId: string): Promise<boolean> {
      const row = await db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .where('reply_to', '=', messageId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Appends messages with consecutive sequence numbers, atomically. A draft whose client id
     * is stored already is skipped: only what was stored now is returned. `turnDone`: the
     * stored bot turn these messages complete, deleted in the same transaction (the replies
     * and the turn's end, or neither), so a turn costs no write of its own.
     */
    async append(conversationId: string, drafts: readonly MessageDraft[], now: string, turnDone?: string): Promise<MessageRecord[]> {
      if (drafts.length === 0) return [];
      const keys = drafts.map((d) => d.clientId);
      if (hot?.available()) {
        const rowsFrom = (fresh: number[], first: number) => messageRows(conversationId, fresh.map((i) => drafts[i]!), first, now);
        return hot.append(conversationId, now, keys, rowsFrom, undefined, turnDone).map(toMessage);
      }
      const given = keys.filter((k): k is string => k !== undefined);
      const attempt = (skipStored: boolean) =>
        db.transaction().execute(async (trx) => {
          if (turnDone) await trx.deleteFrom('bot_turns').where('id', '=', turnDone).execute();
          const stored = new Set(
            skipStored
              ? (await trx.selectFrom('messages').select('client_id').where('conversation_id', '=', conversationId).where('client_id', 'in', given).execute()).map(
                  (r) => r.client_id,
                )
              : [],
          );
          const fresh = drafts.filter((d) => !d.clientId || !stored.has(d.clientId));
          return fresh.length ? insertMessages(conversationId, fresh, now, trx) : [];
        });
      // PostgreSQL: one statement (postgres-hot-path.ts), the same as attempt(false) in one round trip.
      const first = async () =>
        pgHot ? (await pgHot.append(conversationId, now, drafts.map((d) => messageRow(conversationId, d, now)), undefined, turnDone)).map(toMessage) : attempt(false);
      // No lookup first, as on the hot path: a stored key's unique violation rolls back, then
      // again skipping it (in a transaction: that retry is rare, and needs the lookup).
      try {
        return await first();
      } catch (err) {
        if (!isUniqueViolation(err) || given.length === 0) throw err;
        return attempt(true);
      }
    },

    /**
     * Stores a visitor's (or an agent's) message once per client id: a resend returns the
     * stored message with `duplicate: true` and stores nothing. `botTurn`, the bot's turn on
     * it, in the same transaction (the message with it, or neither): owed (`input`, stored as
     * a turn to run), or answered already (`replies`, stored after the message, which takes
     * the id `messageId`).
     */
    async appendVisitorMessage(
      conversationId: string,
      draft: Extract<MessageDraft, { author: 'visitor' }> | (Extract<MessageDraft, { author: 'agent' }> & { clientId: string }),
      now: string,
      botTurn?: { input: unknown } | { messageId: string; replies: readonly MessageDraft[] },
    ): Promise<{ message: MessageRecord; duplicate: boolean; replies: MessageRecord[] }> {
      const answered = botTurn && 'replies' in botTurn ? botTurn : undefined;
      const owed = botTurn && 'input' in botTurn ? botTurn : undefined;
      const drafts = answered ? [draft, ...answered.replies] : [draft];
      const messageId = answered?.messageId;
      // No lookup first: a message is new nearly always, and a resend breaks the unique
      // (conversation, client id) constraint, which rolls its sequence number back.
      const turnOf = (id: string) => owed && { id: botTurnKey(id), conversationId, input: owed.input, now };
      const store = async (): Promise<MessageRecord[]> => {
        if (hot?.available()) {
          const rowsFrom = (_fresh: number[], first: number) => messageRows(conversationId, drafts, first, now, messageId);
          return hot.append(conversationId, now, drafts.map(() => undefined), rowsFrom, (rows) => turnOf(rows[0]!.id)).map(toMessage);
        }
        if (pgHot) {
          const rows = drafts.map((d, i) => messageRow(conversationId, d, now, i === 0 ? messageId : undefined));
          return (await pgHot.append(conversationId, now, rows, turnOf(rows[0]!.id))).map(toMessage);
        }
        return db.transaction().execute(async (trx) => {
          const messages = await insertMessages(conversationId, drafts, now, trx, messageId);
          const turn = turnOf(messages[0]!.id);
          if (turn) await insertBotTurn(trx, turn);
          return messages;
        });
      };
      try {
        const [message, ...replies] = await store();
        return { message: message!, duplicate: false, replies };
      } catch (err) {
        // A resend (or two sends of one message at once): the stored one is returned.
        const winner = isUniqueViolation(err) ? await findByClientId(conversationId, draft.clientId) : undefined;
        if (!winner) throw err;
        return { message: winner, duplicate: true, replies: [] };
      }
    },
  };
}

export type ConversationStore = ReturnType<typeof conversationStore>;
