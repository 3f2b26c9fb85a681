import type { Kysely } from 'kysely';
import type { Database, VisitorRow } from './schema.js';

export interface Visitor {
  id: string;
  botId: string;
  createdAt: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  externalId?: string | null;
}

function toVisitor(row: VisitorRow): Visitor {
  return {
    id: row.id,
    botId: row.bot_id,
    createdAt: row.created_at,
    name: row.name,
    email: row.email,
    phone: row.phone,
    externalId: row.external_id,
  };
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
      return row && toVisitor(row);
    },

    async findMany(ids: readonly string[]): Promise<Visitor[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('visitors').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toVisitor);
    },
  };
}

export type VisitorStore = ReturnType<typeof visitorStore>;
