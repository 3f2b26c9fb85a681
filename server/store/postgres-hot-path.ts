import { CompiledQuery, type Kysely } from 'kysely';
import { statementName } from './postgres-prepared.js';
import type { ConversationRow, Database, MessageRow } from './schema.js';

/** A message row before its sequence number is taken. */
export type UnnumberedRow = Omit<MessageRow, 'seq'>;

/**
 * The statement of one append, by whether it deletes a done bot turn and whether it stores
 * one owed. Data-modifying CTEs: the sequence numbers are taken (UPDATE ... RETURNING, which
 * locks the conversation row, so concurrent appends never share a number), the messages
 * inserted numbered from them, the turns deleted and inserted only when the conversation is
 * there, and the stored rows returned. $1 conversation, $2 how many, $3 now, $4–$9 the rows'
 * columns as arrays (one statement text for any number of messages), then the turns'.
 */
function appendStatement(done: boolean, turn: boolean): string {
  const parts = [
    `with "taken" as (update "conversations" set "last_seq" = "last_seq" + $2::integer, "updated_at" = $3::text where "id" = $1::text returning "last_seq")`,
    `"stored" as (insert into "messages" ("id", "conversation_id", "seq", "author", "packet", "client_id", "reply_to", "created_at", "reaction", "meta")` +
      ` select d."id", $1::text, "taken"."last_seq" - $2::integer + d."ord"::integer, d."author", d."packet", d."client_id", d."reply_to", $3::text, null, d."meta"` +
      ` from "taken", unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) with ordinality as d("id", "author", "packet", "client_id", "reply_to", "meta", "ord")` +
      ` returning *)`,
  ];
  let next = 10;
  if (done) parts.push(`"done" as (delete from "bot_turns" where "id" = $${next++}::text and exists (select 1 from "taken"))`);
  if (turn) {
    parts.push(`"owed" as (insert into "bot_turns" ("id", "conversation_id", "input", "created_at") select $${next}::text, $1::text, $${next + 1}::text, $3::text from "taken")`);
  }
  return `${parts.join(', ')} select * from "stored" order by "seq"`;
}

/** The four append texts, [done][turn], built once. */
const APPENDS = [false, true].map((done) => [false, true].map((turn) => appendStatement(done, turn)));
// Spelled unlike the query Kysely compiles for the same read (`::text`), so that only this
// call, always outside a transaction, is named.
const FIND_CONVERSATION = 'select * from "conversations" where "id" = $1::text';

/**
 * The message path's statements, which every connection runs as named prepared statements
 * (postgres-prepared.ts): unnamed, PostgreSQL parsed and planned each of them on every call,
 * the appends' CTEs most of all. Each runs on its own, outside any transaction. Text → name.
 */
export const HOT_STATEMENTS: ReadonlyMap<string, string> = new Map([FIND_CONVERSATION, ...APPENDS.flat()].map((text) => [text, statementName(text)]));

/**
 * The message path's appends on PostgreSQL, each one statement. Each statement is a network
 * round trip, and through a transaction an append was four or five of them (begin, update,
 * insert, the turn's insert or delete, commit): a message and its reply took twelve, and their
 * socket writes were the largest single cost under load (README, "Benchmarks"). One statement
 * is atomic by itself: a unique (conversation, client id) violation rolls all of it back, as
 * the transaction's rollback did. It runs through Kysely, so its log and the store's error
 * handling see it as any other query.
 */
export function postgresHotPath(db: Kysely<Database>) {
  return {
    /** The conversation's row, by id (the message path reads it for every message). */
    async conversation(id: string): Promise<ConversationRow | undefined> {
      return (await db.executeQuery<ConversationRow>(CompiledQuery.raw(FIND_CONVERSATION, [id]))).rows[0];
    },
    /**
     * Takes sequence numbers for the rows and inserts them, with the bot turn they are owed
     * (`turn`), if any, and deleting the turn they complete (`turnDone`), if any; returns the
     * stored rows in order. No client id is looked up: a stored one fails the statement with
     * a unique violation, and nothing of it is stored.
     */
    async append(conversationId: string, now: string, rows: readonly UnnumberedRow[], turn?: { id: string; input: unknown }, turnDone?: string): Promise<MessageRow[]> {
      const column = <K extends keyof UnnumberedRow>(name: K) => rows.map((r) => r[name]);
      const parameters: unknown[] = [
        conversationId,
        rows.length,
        now,
        column('id'),
        column('author'),
        column('packet'),
        column('client_id'),
        column('reply_to'),
        column('meta'),
      ];
      if (turnDone !== undefined) parameters.push(turnDone);
      if (turn) parameters.push(turn.id, JSON.stringify(turn.input));
      const { rows: stored } = await db.executeQuery<MessageRow>(CompiledQuery.raw(APPENDS[Number(turnDone !== undefined)]![Number(turn !== undefined)]!, parameters));
      if (stored.length !== rows.length) throw new Error(`no conversation ${conversationId}`);
      return stored;
    },
  };
}

export type PostgresHotPath = ReturnType<typeof postgresHotPath>;
