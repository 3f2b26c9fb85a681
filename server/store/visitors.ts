import { randomUUID } from 'node:crypto';
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
  /** When the visitor's token was last accepted: it expires a TTL after this. */
  tokenUsedAt?: string | null;
  /** The owner revoked the visitor's token: it is refused from then on. */
  tokenRevokedAt?: string | null;
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

/**
 * The one mapping of profile fields to a change, whoever names them: a bot's contact_update
 * (003: mobile_number, external_customer_id, custom_fields), the site's identify and the API
 * channel (phone, external_id). A field left out, or undefined, keeps its stored value.
 */
export function profileChange(fields: {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  mobile_number?: string | undefined;
  external_id?: string | undefined;
  external_customer_id?: string | undefined;
  custom_fields?: Record<string, unknown> | undefined;
  campaigns?: boolean | undefined;
}): ProfileChange {
  return {
    name: fields.name,
    email: fields.email,
    phone: fields.phone ?? fields.mobile_number,
    externalId: fields.external_id ?? fields.external_customer_id,
    customFields: fields.custom_fields,
    campaigns: fields.campaigns,
  };
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
    tokenUsedAt: row.token_used_at,
    tokenRevokedAt: row.token_revoked_at,
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
          token_used_at: visitor.createdAt,
          token_revoked_at: null,
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

    /**
     * The bot's contact with this external id or email (the oldest, if several), made when
     * there is none; without a key, always a new contact.
     */
    async findOrCreate(botId: string, key: { externalId: string } | { email: string } | undefined, now: string): Promise<Visitor> {
      const found = !key ? undefined : 'externalId' in key ? await this.findByExternalId(botId, key.externalId) : await this.findByEmail(botId, key.email);
      if (found) return found;
      const id = randomUUID();
      await this.create({ id, botId, createdAt: now, ...key });
      return (await this.find(id))!;
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

    /** The visitor's token was accepted now: its expiry starts over. */
    async touchToken(id: string, now: string): Promise<void> {
      await db.updateTable('visitors').set({ token_used_at: now }).where('id', '=', id).execute();
    },

    /** Revokes the token of one visitor of a bot; false when the bot has no such visitor. */
    async revokeToken(botId: string, id: string, now: string): Promise<boolean> {
      const result = await db.updateTable('visitors').set({ token_revoked_at: now }).where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async findMany(ids: readonly string[]): Promise<Visitor[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('visitors').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toVisitor);
    },
  };
}

export type VisitorStore = ReturnType<typeof visitorStore>;
