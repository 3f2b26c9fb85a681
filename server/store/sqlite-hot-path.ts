import type SQLite from 'better-sqlite3';
import type { ConversationRow, MessageRow } from './schema.js';

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
  const append = sqlite.transaction((conversationId: string, count: number, now: string, rowsFrom: (firstSeq: number) => MessageRow[]) => {
    const taken = takeSeqs.get(count, now, conversationId);
    if (!taken) throw new Error(`no conversation ${conversationId}`);
    const rows = rowsFrom(taken.last_seq - count + 1);
    for (const row of rows) insertMessage.run(row);
    return rows;
  });

  return {
    available: () => sqlite.open && !sqlite.inTransaction,
    conversation: (id: string): ConversationRow | undefined => findConversation.get(id),
    /** Takes `count` sequence numbers and inserts the rows made for them, atomically. */
    append: (conversationId: string, count: number, now: string, rowsFrom: (firstSeq: number) => MessageRow[]): MessageRow[] =>
      append(conversationId, count, now, rowsFrom),
  };
}

export type SqliteHotPath = ReturnType<typeof sqliteHotPath>;
