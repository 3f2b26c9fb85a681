import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface Visitor {
  id: string;
  botId: string;
  createdAt: string;
}

export function visitorStore(db: Kysely<Database>) {
  return {
    async create(visitor: Visitor): Promise<void> {
      await db
        .insertInto('visitors')
        .values({ id: visitor.id, bot_id: visitor.botId, created_at: visitor.createdAt })
        .execute();
    },

    async find(id: string): Promise<Visitor | undefined> {
      const row = await db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, botId: row.bot_id, createdAt: row.created_at };
    },
  };
}

export type VisitorStore = ReturnType<typeof visitorStore>;
