import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from './database.js';
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
  /** The contact's external id is proven: by the site's user_hash, or given by the owner's server (001). */
  verified?: boolean;
  /** The email was given by the owner's server (001, 002), not claimed in a browser. */
  emailTrusted?: boolean;
  /** This visitor was proven to be that older contact: its token now acts as that contact. */
  mergedInto?: string | null;
  updatedAt?: string | null;
  /** When the visitor's token was last accepted: it expires a TTL after this. */
  tokenUsedAt?: string | null;
  /** The owner revoked the visitor's token: it is refused from then on. */
  tokenRevokedAt?: string | null;
}

/**
 * Who vouches for a profile change. `owner`: the owner's server over the admin API (001's
 * contact variables): an email it gives becomes a lookup key. `claim`: the site's page
 * (identify) or a bot relaying the visitor (contact_update): display data of this contact
 * only, never a lookup key; and a proven external id is not changed by it.
 */
export type ProfileSource = 'owner' | 'claim';

/** What proving an external id did: this visitor is (now) that contact, or it is another one already. */
export type ProofResult = { contact: Visitor } | { provenOtherwise: Visitor };

/** Rows that name a visitor, moved to the contact it turns out to be. */
const VISITOR_COLUMNS = [
  ['conversations', 'visitor_id'],
  ['uploads', 'visitor_id'],
  ['ai_answers', 'visitor_id'],
  ['transfers', 'contact_id'],
  ['notes', 'contact_id'],
] as const;

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
    emailTrusted: row.email_trusted === 1,
    mergedInto: row.merged_into,
    updatedAt: row.updated_at,
    tokenUsedAt: row.token_used_at,
    tokenRevokedAt: row.token_revoked_at,
  };
}

export function visitorStore(db: Kysely<Database>) {
  const insert = (visitor: Visitor) =>
    db
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
        verified: visitor.verified ? 1 : 0,
        email_trusted: visitor.emailTrusted ? 1 : 0,
        merged_into: null,
        updated_at: visitor.createdAt,
        token_used_at: visitor.createdAt,
        token_revoked_at: null,
      })
      .execute();

  /** The contact a key names: only keys the site proved or the owner gave count. */
  const contactWith = (botId: string) =>
    db.selectFrom('visitors').selectAll().where('bot_id', '=', botId).where('merged_into', 'is', null).orderBy('created_at').orderBy('id');

  return {
    /** A new visitor (the widget's POST /api/widget/visitors): nothing about it is proven. */
    async create(visitor: Omit<Visitor, 'verified' | 'emailTrusted' | 'mergedInto'>): Promise<void> {
      await insert(visitor);
    },

    /** The contact with this proven external id (the API channel's user_external_id, a verified identify). */
    async findByExternalId(botId: string, externalId: string): Promise<Visitor | undefined> {
      const row = await contactWith(botId).where('verified', '=', 1).where('external_id', '=', externalId).executeTakeFirst();
      return row && toVisitor(row);
    },

    /** The oldest contact whose email the owner gave (a visitor's claimed email is never found here). */
    async findByEmail(botId: string, email: string): Promise<Visitor | undefined> {
      const row = await contactWith(botId).where('email_trusted', '=', 1).where('email', '=', email).executeTakeFirst();
      return row && toVisitor(row);
    },

    /**
     * The owner's server names a contact (001 by user_external_id, 002 by email): the one with
     * that key, made when there is none; without a key, always a new contact. An external id
     * from the owner's server is proven (verified) as a user_hash is; an email is the owner's
     * word for the address, a key for threads, but not a verified identity.
     */
    async findOrCreate(botId: string, key: { externalId: string } | { email: string } | undefined, now: string): Promise<Visitor> {
      const find = () => (!key ? undefined : 'externalId' in key ? this.findByExternalId(botId, key.externalId) : this.findByEmail(botId, key.email));
      const found = await find();
      if (found) return found;
      const id = randomUUID();
      try {
        await insert({ id, botId, createdAt: now, verified: key !== undefined && 'externalId' in key, emailTrusted: key !== undefined && 'email' in key, ...key });
      } catch (err) {
        // Another request made the contact of this external id a moment ago: that one it is.
        const winner = isUniqueViolation(err) ? await find() : undefined;
        if (winner) return winner;
        throw err;
      }
      return (await this.find(id))!;
    },

    async find(id: string): Promise<Visitor | undefined> {
      const row = await db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toVisitor(row);
    },

    /** The contact a visitor's token stands for: itself, or the contact it was proven to be. */
    async current(id: string): Promise<Visitor | undefined> {
      const visitor = await this.find(id);
      return visitor?.mergedInto ? this.find(visitor.mergedInto) : visitor;
    },

    /** Applies a profile change; undefined when there is no such visitor. */
    async updateProfile(id: string, change: ProfileChange, now: string, source: ProfileSource): Promise<Visitor | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const custom = change.customFields
          ? JSON.stringify({ ...(row.custom_fields ? (JSON.parse(row.custom_fields) as object) : {}), ...change.customFields })
          : row.custom_fields;
        const email = change.email ?? row.email;
        const next = {
          name: change.name ?? row.name,
          email,
          phone: change.phone ?? row.phone,
          // A proven id is changed by nobody; an unproven one is display data.
          external_id: row.verified === 1 ? row.external_id : (change.externalId ?? row.external_id),
          custom_fields: custom,
          campaigns: change.campaigns === undefined ? row.campaigns : change.campaigns ? 1 : 0,
          // The owner's email is a key; a claimed one is not, and it replaces the owner's only as display.
          email_trusted: source === 'owner' && change.email !== undefined ? 1 : email === row.email ? row.email_trusted : 0,
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

    /**
     * The site proved that this visitor is its user `externalId` (a valid user_hash). When the
     * bot has a contact of that id already, the visitor is merged into it: its conversations,
     * uploads, transfers, notes and AI answers move there and its token acts as that contact;
     * otherwise the visitor becomes that contact. A visitor proven as someone else stays so.
     */
    async prove(id: string, externalId: string, now: string): Promise<ProofResult | undefined> {
      const attempt = () =>
        db.transaction().execute(async (trx): Promise<ProofResult | undefined> => {
          const row = await trx.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
          if (!row) return undefined;
          if (row.verified === 1) return row.external_id === externalId ? { contact: toVisitor(row) } : { provenOtherwise: toVisitor(row) };
          const contact = await trx
            .selectFrom('visitors')
            .selectAll()
            .where('bot_id', '=', row.bot_id)
            .where('verified', '=', 1)
            .where('external_id', '=', externalId)
            .where('merged_into', 'is', null)
            .executeTakeFirst();
          if (!contact) {
            const proven = { external_id: externalId, verified: 1, updated_at: now };
            await trx.updateTable('visitors').set(proven).where('id', '=', id).execute();
            return { contact: toVisitor({ ...row, ...proven }) };
          }
          for (const [table, column] of VISITOR_COLUMNS) {
            await trx.updateTable(table).set({ [column]: contact.id }).where(column, '=', id).execute();
          }
          await trx.updateTable('visitors').set({ merged_into: contact.id, updated_at: now }).where('id', '=', id).execute();
          // The merged token now counts from the contact's row: its expiry starts over with this use.
          await trx.updateTable('visitors').set({ token_used_at: now }).where('id', '=', contact.id).execute();
          return { contact: toVisitor({ ...contact, token_used_at: now }) };
        });
      try {
        return await attempt();
      } catch (err) {
        // Another tab proved the same id at the same moment and became the contact: merge into it.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },

    async findMany(ids: readonly string[]): Promise<Visitor[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('visitors').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toVisitor);
    },
  };
}

export type VisitorStore = ReturnType<typeof visitorStore>;
