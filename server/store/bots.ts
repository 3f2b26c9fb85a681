import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, type BotSettings } from '../definitions/bot-definition.js';
import { mapSettingsSecrets } from '../definitions/secret-fields.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { KeywordRule } from '../engine/types.js';
import type { BotRow, Database, KeywordRuleRow } from './schema.js';
import { retryDeadlocks } from './database.js';

export interface Bot {
  id: string;
  key: string;
  name: string;
  adminTokenHash: string;
  settings: BotSettings;
  createdAt: string;
  /** The owner's account id; null until an owner adopts the bot (bots loaded from files). */
  ownerId?: string | null;
}

function rowToBot(row: BotRow, box: SecretBox): Bot {
  const stored = { ...DEFAULT_SETTINGS, ...(JSON.parse(row.settings) as Partial<BotSettings>) };
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    adminTokenHash: row.admin_token_hash,
    // Settings stored by an older version lack newer fields: the defaults fill them.
    settings: mapSettingsSecrets(stored, (_path, value) => box.open(value)),
    createdAt: row.created_at,
    ownerId: row.owner_id,
  };
}

function toRule(row: KeywordRuleRow): KeywordRule {
  const rule: KeywordRule = {
    id: row.id,
    name: row.name,
    keywords: JSON.parse(row.keywords) as string[],
    match_type: row.match_type as KeywordRule['match_type'],
    response_type: row.response_type as KeywordRule['response_type'],
    response: row.response,
    priority: row.priority,
    enabled: row.enabled === 1,
    position: row.position,
  };
  if (row.buttons) rule.buttons = JSON.parse(row.buttons) as KeywordRule['buttons'];
  return rule;
}

function ruleRow(botId: string, rule: KeywordRule, createdAt: string): KeywordRuleRow {
  return {
    id: rule.id,
    bot_id: botId,
    name: rule.name,
    keywords: JSON.stringify(rule.keywords),
    match_type: rule.match_type,
    response_type: rule.response_type,
    response: rule.response,
    buttons: rule.buttons ? JSON.stringify(rule.buttons) : null,
    priority: rule.priority,
    enabled: rule.enabled ? 1 : 0,
    position: rule.position,
    created_at: createdAt,
  };
}

export function botStore(db: Kysely<Database>, box: SecretBox) {
  const toBot = (row: BotRow) => rowToBot(row, box);
  const storedSettings = (settings: BotSettings) => JSON.stringify(mapSettingsSecrets(settings, (_path, value) => box.seal(value)));
  return {
    async findByKey(key: string): Promise<Bot | undefined> {
      const row = await db.selectFrom('bots').selectAll().where('key', '=', key).executeTakeFirst();
      return row && toBot(row);
    },

    async list(): Promise<Bot[]> {
      const rows = await db.selectFrom('bots').selectAll().orderBy('created_at').execute();
      return rows.map(toBot);
    },

    async findById(id: string): Promise<Bot | undefined> {
      const row = await db.selectFrom('bots').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toBot(row);
    },

    /** Creates a bot with its keyword rules in one transaction. */
    async create(bot: Bot, rules: readonly KeywordRule[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('bots')
          .values({
            id: bot.id,
            key: bot.key,
            name: bot.name,
            admin_token_hash: bot.adminTokenHash,
            settings: storedSettings(bot.settings),
            created_at: bot.createdAt,
            owner_id: bot.ownerId ?? null,
          })
          .execute();
        if (rules.length > 0) {
          await trx.insertInto('keyword_rules').values(rules.map((r) => ruleRow(bot.id, r, bot.createdAt))).execute();
        }
      });
    },

    /** The owner's bots, oldest first. */
    async listByOwner(ownerId: string): Promise<Bot[]> {
      const rows = await db.selectFrom('bots').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toBot);
    },

    /** Gives every bot that has no owner (`ids`, or all of them) to this owner; how many it got. */
    async adopt(ownerId: string, ids?: readonly string[]): Promise<number> {
      let update = db.updateTable('bots').set({ owner_id: ownerId }).where('owner_id', 'is', null);
      if (ids) {
        if (ids.length === 0) return 0;
        update = update.where('id', 'in', ids);
      }
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async rename(botId: string, name: string): Promise<void> {
      await db.updateTable('bots').set({ name }).where('id', '=', botId).execute();
    },

    /**
     * Deletes the bot and, by the foreign keys' cascades, everything of it (rules, flows,
     * contacts, conversations, messages, agents, keys...). The ids of its contacts and the
     * files of its uploads are returned, for closing their sockets and removing the files.
     */
    async remove(botId: string): Promise<{ visitorIds: string[]; files: string[] } | undefined> {
      return retryDeadlocks(() => db.transaction().execute(async (trx) => {
        const visitors = await trx.selectFrom('visitors').select('id').where('bot_id', '=', botId).execute();
        const uploads = await trx.selectFrom('uploads').select('file').where('bot_id', '=', botId).execute();
        const result = await trx.deleteFrom('bots').where('id', '=', botId).executeTakeFirst();
        if (result.numDeletedRows === 0n) return undefined;
        return { visitorIds: visitors.map((v) => v.id), files: uploads.map((u) => u.file) };
      }));
    },

    async findByAdminTokenHash(hash: string): Promise<Bot | undefined> {
      const row = await db.selectFrom('bots').selectAll().where('admin_token_hash', '=', hash).executeTakeFirst();
      return row && toBot(row);
    },

    async saveSettings(botId: string, settings: BotSettings): Promise<void> {
      await db.updateTable('bots').set({ settings: storedSettings(settings) }).where('id', '=', botId).execute();
    },

    async setAdminTokenHash(botId: string, hash: string): Promise<void> {
      await db.updateTable('bots').set({ admin_token_hash: hash }).where('id', '=', botId).execute();
    },

    /**
     * The secret sites sign their users' ids with, made by `make` when the bot has none yet
     * (two first readers at once agree on one). Sealed at rest like the other secrets; these two
     * methods are the only reader and writer of the column. Undefined for an unknown bot.
     */
    async identitySecret(botId: string, make: () => string): Promise<string | undefined> {
      const read = async () => {
        const stored = (await db.selectFrom('bots').select('identity_secret').where('id', '=', botId).executeTakeFirst())?.identity_secret;
        return stored ? box.open(stored) : undefined;
      };
      const kept = await read();
      if (kept) return kept;
      await db.updateTable('bots').set({ identity_secret: box.seal(make()) }).where('id', '=', botId).where('identity_secret', 'is', null).execute();
      return (await read()) ?? undefined;
    },

    async setIdentitySecret(botId: string, secret: string): Promise<void> {
      await db.updateTable('bots').set({ identity_secret: box.seal(secret) }).where('id', '=', botId).execute();
    },

    async keywordRules(botId: string): Promise<KeywordRule[]> {
      const rows = await db
        .selectFrom('keyword_rules')
        .selectAll()
        .where('bot_id', '=', botId)
        .orderBy('priority', 'desc')
        .orderBy('position', 'asc')
        .execute();
      return rows.map(toRule);
    },

    async keywordRule(botId: string, id: string): Promise<KeywordRule | undefined> {
      const row = await db.selectFrom('keyword_rules').selectAll().where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return row && toRule(row);
    },

    /** Stores a new rule after all others (its position is the tie-breaker among equal priorities). */
    async createKeywordRule(botId: string, rule: Omit<KeywordRule, 'position'>, now: string): Promise<KeywordRule> {
      return db.transaction().execute(async (trx) => {
        const { max } = await trx
          .selectFrom('keyword_rules')
          .select((eb) => eb.fn.max<number | null>('position').as('max'))
          .where('bot_id', '=', botId)
          .executeTakeFirstOrThrow();
        const stored: KeywordRule = { ...rule, position: (max ?? 0) + 1 };
        await trx.insertInto('keyword_rules').values(ruleRow(botId, stored, now)).execute();
        return stored;
      });
    },

    async updateKeywordRule(botId: string, rule: KeywordRule): Promise<boolean> {
      const { id: _id, bot_id: _bot, created_at: _created, position: _position, ...fields } = ruleRow(botId, rule, '');
      const result = await db
        .updateTable('keyword_rules')
        .set(fields)
        .where('bot_id', '=', botId)
        .where('id', '=', rule.id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async deleteKeywordRule(botId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('keyword_rules').where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type BotStore = ReturnType<typeof botStore>;
