import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretMap } from '../definitions/secret-fields.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { Database } from './schema.js';

export interface StoredDocument<T> {
  id: string;
  body: T;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** Where a kind of document holds credentials (secret-fields.ts), and the box that seals them at rest. */
export interface DocumentSecrets<T> {
  map: SecretMap<T>;
  box: SecretBox;
}

/** Per-bot configuration documents (flows, AI contexts, agents, teams, canned responses) in creation order. */
export function documentStore<T>(
  db: Kysely<Database>,
  table: 'flows' | 'ai_contexts' | 'agents' | 'teams' | 'canned_responses',
  secrets?: DocumentSecrets<T>,
) {
  const opened = (body: T): T => (secrets ? secrets.map(body, (_path, value) => secrets.box.open(value)) : body);
  const stored = (body: T): string => JSON.stringify(secrets ? secrets.map(body, (_path, value) => secrets.box.seal(value)) : body);
  const toDocument = (row: Database['flows']): StoredDocument<T> => ({
    id: row.id,
    body: opened(JSON.parse(row.body) as T),
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  return {
    async list(botId: string): Promise<StoredDocument<T>[]> {
      const rows = await db.selectFrom(table).selectAll().where('bot_id', '=', botId).orderBy('position').execute();
      return rows.map(toDocument);
    },

    async get(botId: string, id: string): Promise<StoredDocument<T> | undefined> {
      const row = await db.selectFrom(table).selectAll().where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return row && toDocument(row);
    },

    async create(botId: string, body: T, now: string, id: string = randomUUID()): Promise<StoredDocument<T>> {
      return db.transaction().execute(async (trx) => {
        const { max } = await trx
          .selectFrom(table)
          .select((eb) => eb.fn.max<number | null>('position').as('max'))
          .where('bot_id', '=', botId)
          .executeTakeFirstOrThrow();
        const row = { id, bot_id: botId, position: (max ?? 0) + 1, body: stored(body), created_at: now, updated_at: now };
        await trx.insertInto(table).values(row).execute();
        return { id, body, position: row.position, createdAt: now, updatedAt: now };
      });
    },

    /** Replaces the body; undefined when there is no such document. */
    async update(botId: string, id: string, body: T, now: string): Promise<StoredDocument<T> | undefined> {
      const result = await db
        .updateTable(table)
        .set({ body: stored(body), updated_at: now })
        .where('bot_id', '=', botId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n ? this.get(botId, id) : undefined;
    },

    async remove(botId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom(table).where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type DocumentStore<T> = ReturnType<typeof documentStore<T>>;
