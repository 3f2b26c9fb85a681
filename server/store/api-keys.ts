import type { Kysely } from 'kysely';
import type { ApiKeyRow, Database } from './schema.js';

/** What an API key may do: the configuration API (000), the API channel (001), threads (002). */
export const API_KEY_SCOPES = ['config', 'api_channel', 'threads'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKey {
  id: string;
  botId: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The key's first characters, to recognise it in a list (the key itself is shown once). */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  botId: row.bot_id,
  name: row.name,
  scopes: JSON.parse(row.scopes) as ApiKeyScope[],
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** A use is written at most this often per key: last_used_at is for people, not an audit log. */
const USE_RESOLUTION_MS = 60_000;

/** Bots' API keys, by the key's sha256. */
export function apiKeyStore(db: Kysely<Database>) {
  return {
    async create(key: Omit<ApiKey, 'lastUsedAt' | 'revokedAt'>, keyHash: string): Promise<void> {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          bot_id: key.botId,
          name: key.name,
          scopes: JSON.stringify(key.scopes),
          prefix: key.prefix,
          key_hash: keyHash,
          created_at: key.createdAt,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    },

    /** The bot's keys that still work, oldest first. */
    async list(botId: string): Promise<ApiKey[]> {
      const rows = await db.selectFrom('api_keys').selectAll().where('bot_id', '=', botId).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      return rows.map(toKey);
    },

    /** The key with this hash, revoked or not. */
    async findByHash(keyHash: string): Promise<ApiKey | undefined> {
      const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
      return row && toKey(row);
    },

    /** The key stops working at once; false for an unknown (or already revoked) key of the bot. */
    async revoke(botId: string, id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('bot_id', '=', botId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Records a use, unless one was recorded in the last minute. */
    async used(id: string, now: Date): Promise<void> {
      const before = new Date(now.getTime() - USE_RESOLUTION_MS).toISOString();
      await db
        .updateTable('api_keys')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', before)]))
        .execute();
    },
  };
}
