import type { Kysely } from 'kysely';
import type { Database, OwnerRow } from './schema.js';

export interface Owner {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: string;
}

const toOwner = (row: OwnerRow): Owner => ({ id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at });

/** Owner accounts and their console sessions (by the session token's sha256). */
export function ownerStore(db: Kysely<Database>) {
  return {
    /** Creates the account; false when an account has the email already (any case). */
    async create(owner: Owner): Promise<boolean> {
      const result = await db
        .insertInto('owners')
        .values({ id: owner.id, email: owner.email.toLowerCase(), name: owner.name, password_hash: owner.passwordHash, created_at: owner.createdAt })
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async findByEmail(email: string): Promise<Owner | undefined> {
      const row = await db.selectFrom('owners').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row && toOwner(row);
    },

    async findById(id: string): Promise<Owner | undefined> {
      const row = await db.selectFrom('owners').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOwner(row);
    },

    async addSession(input: { tokenHash: string; ownerId: string; now: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('owner_sessions')
        .values({ token_hash: input.tokenHash, owner_id: input.ownerId, created_at: input.now, expires_at: input.expiresAt })
        .execute();
    },

    /** The owner of a session that has not expired at `now`. */
    async findSession(tokenHash: string, now: string): Promise<Owner | undefined> {
      const row = await db
        .selectFrom('owner_sessions')
        .innerJoin('owners', 'owners.id', 'owner_sessions.owner_id')
        .selectAll('owners')
        .where('owner_sessions.token_hash', '=', tokenHash)
        .where('owner_sessions.expires_at', '>', now)
        .executeTakeFirst();
      return row && toOwner(row);
    },

    async setPassword(ownerId: string, passwordHash: string): Promise<void> {
      await db.updateTable('owners').set({ password_hash: passwordHash }).where('id', '=', ownerId).execute();
    },

    /** Signs the owner's sessions out, all of them but `keep` (a session token's sha256); how many. */
    async endSessions(ownerId: string, keep?: string): Promise<number> {
      let query = db.deleteFrom('owner_sessions').where('owner_id', '=', ownerId);
      if (keep) query = query.where('token_hash', '!=', keep);
      return Number((await query.executeTakeFirst()).numDeletedRows);
    },

    /** Signs a session out; whether there was one. */
    async deleteSession(tokenHash: string): Promise<boolean> {
      const result = await db.deleteFrom('owner_sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type OwnerStore = ReturnType<typeof ownerStore>;
