import type SQLite from 'better-sqlite3';
import { isUniqueViolation } from './database.js';
import type { BotTurnRow, ConversationRow, MessageRow } from './schema.js';

const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'seq',
  'author',
  'packet',
  'client_id',
  'reply_to',
  'created_at',
  'reaction',
  'meta',
] as const satisfies ReadonlyArray<keyof MessageRow>;

/**
 * The two store calls every message makes twice (read the conversation, append a message),
 * straight on better-sqlite3. Through Kysely each query is built, compiled and run behind a
 * promise chain, and an append is four of them (begin, update, insert, commit); under the
 * 1,000-visitor load that was most of the server's busy time (README, "Benchmarks"). Here an
 * append is one synchronous transaction of two prepared statements.
 *
 * Kysely's SQLite driver holds its one connection for a whole transaction across awaits;
 * meanwhile these calls are not `available()` (the same connection would read that
 * transaction's uncommitted rows or write inside it), and the store takes the Kysely path,
 * which waits its turn.
 */
export function sqliteHotPath(sqlite: SQLite.Database) {
  const findConversation = sqlite.prepare<[string], ConversationRow>('select * from "conversations" where "id" = ?');
  const takeSeqs = sqlite.prepare<[number, string, string], { last_seq: number }>(
    'update "conversations" set "last_seq" = "last_seq" + ?, "updated_at" = ? where "id" = ? returning "last_seq"',
  );
  const insertMessage = sqlite.prepare<[MessageRow]>(
    `insert into "messages" (${MESSAGE_COLUMNS.map((c) => `"${c}"`).join(', ')}) values (${MESSAGE_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const storedClientId = sqlite.prepare<[string, string], { found: number }>('select 1 as "found" from "messages" where "conversation_id" = ? and "client_id" = ?');
  const insertTurn = sqlite.prepare<[BotTurnRow]>('insert into "bot_turns" ("id", "conversation_id", "input", "created_at") values (@id, @conversation_id, @input, @created_at)');
  const deleteTurn = sqlite.prepare<[string]>('delete from "bot_turns" where "id" = ?');
  const append = sqlite.transaction(
    (conversationId: string, now: string, keys: ReadonlyArray<string | undefined>, rowsFrom: RowsFrom, turnFor?: TurnFor, turnDone?: string, skipStored = false): MessageRow[] => {
      if (turnDone !== undefined) deleteTurn.run(turnDone);
      // Drafts whose client id is stored already (a turn replayed after a crash) are skipped.
      const fresh = keys.flatMap((key, i) => (skipStored && key !== undefined && storedClientId.get(conversationId, key) ? [] : [i]));
      if (fresh.length === 0) return [];
      const taken = takeSeqs.get(fresh.length, now, conversationId);
      if (!taken) throw new Error(`no conversation ${conversationId}`);
      const rows = rowsFrom(fresh, taken.last_seq - fresh.length + 1);
      for (const row of rows) insertMessage.run(row);
      const turn = turnFor?.(rows);
      if (turn) insertTurn.run({ id: turn.id, conversation_id: turn.conversationId, input: JSON.stringify(turn.input), created_at: turn.now });
      return rows;
    },
  );

  return {
    available: () => sqlite.open && !sqlite.inTransaction,
    conversation: (id: string): ConversationRow | undefined => findConversation.get(id),
    /**
     * In one transaction: skips the drafts whose key is stored already, takes sequence numbers
     * for the others, inserts the rows made for them (`rowsFrom(indexes of the fresh drafts,
     * first seq)`), the bot turn they are owed, if any, and deletes the turn they complete
     * (`turnDone`), if any. A unique violation (two sends of one visitor message) rolls it all back.
     */
    append(conversationId: string, now: string, keys: ReadonlyArray<string | undefined>, rowsFrom: RowsFrom, turnFor?: TurnFor, turnDone?: string): MessageRow[] {
      // No lookup first: a key is new nearly always, and a stored one breaks the unique
      // (conversation, client id) constraint, which rolls the transaction back; then again,
      // skipping the stored ones.
      try {
        return append(conversationId, now, keys, rowsFrom, turnFor, turnDone);
      } catch (err) {
        if (!isUniqueViolation(err) || keys.every((key) => key === undefined)) throw err;
        return append(conversationId, now, keys, rowsFrom, turnFor, turnDone, true);
      }
    },
  };
}


type RowsFrom = (fresh: number[], firstSeq: number) => MessageRow[];
type TurnFor = (rows: MessageRow[]) => { id: string; conversationId: string; input: unknown; now: string } | undefined;

export type SqliteHotPath = ReturnType<typeof sqliteHotPath>;
