import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BotAction } from '../../shared/index.js';
import type { TransferRequest } from '../engine/types.js';
import type { Database } from './schema.js';

/** How a list of actions is delivered; stored with delayed actions, so it is plain JSON. */
export interface ScheduledContext {
  author: 'bot' | 'agent' | 'system';
  /** The built-in engine's notes and source for a forward in this list. */
  transfer?: TransferRequest;
}

export interface ScheduledActions {
  id: string;
  conversationId: string;
  dueAt: string;
  actions: BotAction[];
  context: ScheduledContext;
}

/**
 * The outbox of delayed bot actions: stored when a delay is met, deleted once delivered.
 * An entry is deleted after its delivery, not before, so a crash in between delivers it
 * again after the restart; its messages are keyed by the entry (the delivery's clientIds),
 * so they are stored once all the same.
 */
export function scheduledActionStore(db: Kysely<Database>) {
  return {
    /** `id`: the delivery's key for this delay; storing the same one again changes nothing. */
    async add(conversationId: string, dueAt: string, actions: BotAction[], context: ScheduledContext, now: string, id: string = randomUUID()): Promise<void> {
      await db
        .insertInto('scheduled_actions')
        .values({
          id,
          conversation_id: conversationId,
          due_at: dueAt,
          actions: JSON.stringify(actions),
          context: JSON.stringify(context),
          created_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    /** The earliest due time, to arm a timer for. */
    async nextDueAt(): Promise<string | undefined> {
      const row = await db.selectFrom('scheduled_actions').select('due_at').orderBy('due_at').limit(1).executeTakeFirst();
      return row?.due_at;
    },

    /** The entries due by `now`, oldest first; each stays until `delivered`. */
    async due(now: string, limit = 100): Promise<ScheduledActions[]> {
      const rows = await db
        .selectFrom('scheduled_actions')
        .selectAll()
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        conversationId: row.conversation_id,
        dueAt: row.due_at,
        actions: JSON.parse(row.actions) as BotAction[],
        context: JSON.parse(row.context) as ScheduledContext,
      }));
    },

    /** Whether an entry still waits (another delivery, a hand-over or an end may have taken it). */
    async waiting(id: string): Promise<boolean> {
      return (await db.selectFrom('scheduled_actions').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },

    async delivered(id: string): Promise<void> {
      await db.deleteFrom('scheduled_actions').where('id', '=', id).execute();
    },

    async dropForConversation(conversationId: string): Promise<void> {
      await db.deleteFrom('scheduled_actions').where('conversation_id', '=', conversationId).execute();
    },
  };
}
