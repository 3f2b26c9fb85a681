import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * The bot turns owed: a visitor's event is stored with the turn it is owed, in one
 * transaction, and the turn is deleted once it is done. What a crash (kill -9, power loss)
 * interrupted is replayed when the server starts again; the replies a replayed turn had
 * stored already are keyed by the turn (`clientId`) and stored once.
 */
export interface PendingBotTurn {
  /** The turn's key: its replies' client ids start with it. */
  id: string;
  conversationId: string;
  input: unknown;
}

/** The key of the turn a stored visitor message is owed. */
export const botTurnKey = (messageId: string) => `turn:${messageId}`;
/** The key of a new conversation's `start` turn. */
export const startTurnKey = (conversationId: string) => `start:${conversationId}`;

export async function insertBotTurn(trx: Transaction<Database>, turn: { id: string; conversationId: string; input: unknown; now: string }): Promise<void> {
  await trx
    .insertInto('bot_turns')
    .values({ id: turn.id, conversation_id: turn.conversationId, input: JSON.stringify(turn.input), created_at: turn.now })
    .execute();
}

export function botTurnStore(db: Kysely<Database>) {
  return {
    /** The turns owed (by one conversation, or all), oldest first. */
    async pending(conversationId?: string, limit = 1_000): Promise<PendingBotTurn[]> {
      let query = db.selectFrom('bot_turns').selectAll();
      if (conversationId) query = query.where('conversation_id', '=', conversationId);
      const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, input: JSON.parse(r.input) as unknown }));
    },

    /** Whether the turn is still owed (another node may have run it meanwhile). */
    async owed(id: string): Promise<boolean> {
      return (await db.selectFrom('bot_turns').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },

    async done(id: string): Promise<void> {
      await db.deleteFrom('bot_turns').where('id', '=', id).execute();
    },
  };
}
