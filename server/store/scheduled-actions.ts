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

/** The outbox of delayed bot actions: stored when a delay is met, taken once when due. */
export function scheduledActionStore(db: Kysely<Database>) {
  return {
    async add(conversationId: string, dueAt: string, actions: BotAction[], context: ScheduledContext, now: string): Promise<void> {
      await db
        .insertInto('scheduled_actions')
        .values({
          id: randomUUID(),
          conversation_id: conversationId,
          due_at: dueAt,
          actions: JSON.stringify(actions),
          context: JSON.stringify(context),
          created_at: now,
        })
        .execute();
    },

    /** The earliest due time, to arm a timer for. */
    async nextDueAt(): Promise<string | undefined> {
      const row = await db.selectFrom('scheduled_actions').select('due_at').orderBy('due_at').limit(1).executeTakeFirst();
      return row?.due_at;
    },

    /**
     * Takes the entries due by `now`. Each is deleted as it is taken, so two server nodes
     * (or a timer and a restart) never deliver the same entry twice.
     */
    async takeDue(now: string, limit = 100): Promise<ScheduledActions[]> {
      const due = await db
        .selectFrom('scheduled_actions')
        .select('id')
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .orderBy('created_at')
        .limit(limit)
        .execute();
      const taken: ScheduledActions[] = [];
      for (const { id } of due) {
        const row = await db.deleteFrom('scheduled_actions').where('id', '=', id).returningAll().executeTakeFirst();
        if (row) {
          taken.push({
            id: row.id,
            conversationId: row.conversation_id,
            dueAt: row.due_at,
            actions: JSON.parse(row.actions) as BotAction[],
            context: JSON.parse(row.context) as ScheduledContext,
          });
        }
      }
      return taken;
    },

    async dropForConversation(conversationId: string): Promise<void> {
      await db.deleteFrom('scheduled_actions').where('conversation_id', '=', conversationId).execute();
    },
  };
}
