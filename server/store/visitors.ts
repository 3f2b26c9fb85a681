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
  customFields?: Record<string, unknown> | null;
  campaigns?: boolean | null;
  verified?: boolean;
  updatedAt?: string | null;
}

/** Contact fields a bot (contact_update) or the site (identify) may set. */
export interface ProfileChange {
  name?: string;
  email?: string;
  phone?: string;
  externalId?: string;
  /** Merged into the stored custom fields. */
  customFields?: Record<string, unknown>;
  campaigns?: boolean;
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
    customFields: row.custom_fields ? (JSON.parse(row.custom_fields) as Record<string, unknown>) : null,
    campaigns: row.campaigns === null ? null : row.campaigns === 1,
    verified: row.verified === 1,
    updatedAt: row.updated_at,
  };
}

export function visitorStore(db: Kysely<Database>) {
  return {
    async create(visitor: Visitor): Promise<void> {
      await db
        .insertInto('visitors')
        .values({
          id: visitor.id,
          bot_id: visitor.botId,
          created_at: visitor.createdAt,
          name: visitor.name ?? null,
          email: visitor.email ?? null,
          phone: visitor.phone ?? null,
          external_id: visitor.externalId ?? null,
          custom_fields: null,
          campaigns: null,
          verified: 0,
          updated_at: visitor.createdAt,
        })
        .execute();
    },

    /** The contact a site knows by its own id (the API channel's user_external_id). */
    async findByExternalId(botId: string, externalId: string): Promise<Visitor | undefined> {
      const row = await db
        .selectFrom('visitors')
        .selectAll()
        .where('bot_id', '=', botId)
        .where('external_id', '=', externalId)
        .orderBy('created_at')
        .executeTakeFirst();
      return row && toVisitor(row);
    },

    async findByEmail(botId: string, email: string): Promise<Visitor | undefined> {
      const row = await db
        .selectFrom('visitors')
        .selectAll()
        .where('bot_id', '=', botId)
        .where('email', '=', email)
        .orderBy('created_at')
        .executeTakeFirst();
      return row && toVisitor(row);
    },

    async find(id: string): Promise<Visitor | undefined> {
      const row = await db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toVisitor(row);
    },

    /** Applies a profile change; undefined when there is no such visitor. */
    async updateProfile(id: string, change: ProfileChange, now: string): Promise<Visitor | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const custom = change.customFields
          ? JSON.stringify({ ...(row.custom_fields ? (JSON.parse(row.custom_fields) as object) : {}), ...change.customFields })
          : row.custom_fields;
        const next = {
          name: change.name ?? row.name,
          email: change.email ?? row.email,
          phone: change.phone ?? row.phone,
          external_id: change.externalId ?? row.external_id,
          custom_fields: custom,
          campaigns: change.campaigns === undefined ? row.campaigns : change.campaigns ? 1 : 0,
          updated_at: now,
        };
        await trx.updateTable('visitors').set(next).where('id', '=', id).execute();
        return toVisitor({ ...row, ...next });
      });
    },

    async findMany(ids: readonly string[]): Promise<Visitor[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('visitors').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toVisitor);
    },
  };
}

export type VisitorStore = ReturnType<typeof visitorStore>;
