import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';

// Migrations live in code (not files) so the compiled server and the tests run the same
// list without a folder lookup. Only portable types: both SQLite and PostgreSQL run them, but
// for a change of one database's own storage, which the other runs as nothing.
const migrations = (dialect: Dialect): Record<string, Migration> => ({
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('bots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('admin_token_hash', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('keyword_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('keywords', 'text', (c) => c.notNull())
        .addColumn('match_type', 'text', (c) => c.notNull())
        .addColumn('response_type', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('buttons', 'text')
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('keyword_rules_bot').on('keyword_rules').column('bot_id').execute();

      await db.schema
        .createTable('visitors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('session', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('conversations_visitor')
        .on('conversations')
        .columns(['visitor_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('packet', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text')
        .addColumn('reply_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
        .addUniqueConstraint('messages_conversation_client', ['conversation_id', 'client_id'])
        .execute();
    },
  },
  '0002_flows_contexts_transfers': {
    async up(db: Kysely<any>) {
      for (const table of ['flows', 'ai_contexts']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_bot`).on(table).columns(['bot_id', 'position']).execute();
      }

      await db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('agent_name', 'text')
        .addColumn('team_id', 'text')
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('transferred_at', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text')
        .addColumn('resumed_at', 'text')
        .execute();
      await db.schema
        .createIndex('transfers_queue')
        .on('transfers')
        .columns(['bot_id', 'status', 'agent_id', 'transferred_at'])
        .execute();
      await db.schema.createIndex('transfers_conversation').on('transfers').column('conversation_id').execute();

      for (const column of ['name', 'email', 'phone', 'external_id']) {
        await db.schema.alterTable('visitors').addColumn(column, 'text').execute();
      }
      await db.schema.createIndex('bots_admin_token').on('bots').column('admin_token_hash').execute();
    },
  },
  '0003_actions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('contact_id', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_conversation').on('notes').column('conversation_id').execute();

      await db.schema
        .createTable('scheduled_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scheduled_actions_due').on('scheduled_actions').column('due_at').execute();

      await db.schema.alterTable('conversations').addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}')).execute();
      await db.schema.alterTable('conversations').addColumn('bot_active', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema
        .createIndex('conversations_bot_active')
        .on('conversations')
        .columns(['bot_id', 'status', 'bot_active', 'updated_at'])
        .execute();
      await db.schema
        .createTable('uploads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('visitor_id', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('visitors').addColumn('custom_fields', 'text').execute();
      await db.schema.alterTable('visitors').addColumn('campaigns', 'integer').execute();
      await db.schema.alterTable('visitors').addColumn('updated_at', 'text').execute();
    },
  },
  '0004_threads': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('messages').addColumn('reaction', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('channel', 'text', (c) => c.notNull().defaultTo('web')).execute();
      await db.schema.alterTable('conversations').addColumn('read_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('conversations_bot_created').on('conversations').columns(['bot_id', 'created_at']).execute();
      await db.schema.alterTable('visitors').addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('visitors_external').on('visitors').columns(['bot_id', 'external_id']).execute();
      await db.schema.createIndex('visitors_email').on('visitors').columns(['bot_id', 'email']).execute();
      await db.schema
        .createTable('system_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('system_events_conversation').on('system_events').columns(['conversation_id', 'created_at']).execute();
    },
  },
  '0005_people': {
    async up(db: Kysely<any>) {
      // Agents, teams and canned responses are configuration documents, like flows.
      for (const table of ['agents', 'teams', 'canned_responses']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_bot`).on(table).column('bot_id').execute();
      }
      await db.schema
        .createTable('agent_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agent_tokens_agent').on('agent_tokens').column('agent_id').execute();
      // Who wrote an agent's message, a system line's notice.
      await db.schema.alterTable('messages').addColumn('meta', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('agent_read_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // The agent's first answer: an assigned transfer nobody answers goes back to the queue.
      await db.schema.alterTable('transfers').addColumn('answered_at', 'text').execute();
      await db.schema.createIndex('transfers_agent').on('transfers').columns(['agent_id', 'status']).execute();
      await db.schema.createIndex('transfers_bot_status').on('transfers').columns(['bot_id', 'status', 'transferred_at']).execute();
    },
  },
  '0006_ai_answers': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('ai_answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('visitor_id', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('finish', 'text', (c) => c.notNull())
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ai_answers_bot').on('ai_answers').columns(['bot_id', 'created_at']).execute();
      await db.schema.createIndex('ai_answers_visitor').on('ai_answers').column('visitor_id').execute();
    },
  },
  '0007_bot_turns': {
    async up(db: Kysely<any>) {
      // The bot turns a kill -9 interrupted: replayed when the server starts again.
      await db.schema
        .createTable('bot_turns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0008_visitor_tokens': {
    async up(db: Kysely<any>) {
      // A visitor token stops working when unused for CONFAB_VISITOR_TOKEN_TTL_DAYS, or at once
      // when revoked. For visitors from before, the time starts now: nobody is signed out by the upgrade.
      await db.schema.alterTable('visitors').addColumn('token_used_at', 'text').execute();
      await db.schema.alterTable('visitors').addColumn('token_revoked_at', 'text').execute();
      await db.updateTable('visitors').set({ token_used_at: new Date().toISOString() }).execute();
    },
  },
  '0009_identity_verification': {
    async up(db: Kysely<any>) {
      // The per-bot secret sites sign their users' ids with (identity verification).
      await db.schema.alterTable('bots').addColumn('identity_secret', 'text').execute();
      // 1: the email was given by the bot's owner (001, 002), so a thread by email may find the contact.
      await db.schema.alterTable('visitors').addColumn('email_trusted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // A visitor proven to be a contact that existed already: its token now means that contact.
      await db.schema.alterTable('visitors').addColumn('merged_into', 'text').execute();
      // One contact per proven external id. Older rows stay unverified (verified was never set
      // before): their external ids were unchecked claims, so none of them is a key any more.
      await db.schema
        .createIndex('visitors_proven_external')
        .unique()
        .on('visitors')
        .columns(['bot_id', 'external_id'])
        .where(sql<boolean>`verified = 1`)
        .execute();
    },
  },
  '0010_owners': {
    async up(db: Kysely<any>) {
      // Site owners sign in to the console and own bots; one role, no sharing.
      await db.schema
        .createTable('owners')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Stored lower-cased: the unique index makes emails unique whatever their case.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('owner_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('owner_sessions_owner').on('owner_sessions').column('owner_id').execute();
      // Bots from before (and bots loaded from files) have no owner until one adopts them.
      await db.schema.alterTable('bots').addColumn('owner_id', 'text').execute();
      await db.schema.createIndex('bots_owner').on('bots').column('owner_id').execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bot_id', 'text', (c) => c.notNull().references('bots.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        /** JSON: the scopes' names. */
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        // Kept after revocation so that a revoked key is told apart from a wrong one (401 either way).
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_bot').on('api_keys').column('bot_id').execute();
    },
  },
  // Several nodes: an uploaded file's bytes in the database (base64: one portable type), so
  // any node serves a file another received.
  '0011_upload_contents': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('upload_contents')
        .addColumn('file', 'text', (c) => c.primaryKey().references('uploads.file').onDelete('cascade'))
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // SQLite: an owed turn is stored with its visitor's message and deleted with the reply, so
  // every message wrote the turn's row twice in a rowid table and twice in its primary key's
  // index: 4 of a round trip's 20 WAL pages. WITHOUT ROWID keeps the rows in the key's own
  // b-tree: 2 pages. (PostgreSQL has no such split; nothing changes there.)
  '0012_bot_turns_without_rowid': {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await sql`create table "bot_turns_keyed" (
        "id" text primary key,
        "conversation_id" text not null references "conversations" ("id") on delete cascade,
        "input" text not null,
        "created_at" text not null
      ) without rowid`.execute(db);
      await sql`insert into "bot_turns_keyed" select "id", "conversation_id", "input", "created_at" from "bot_turns"`.execute(db);
      await sql`drop table "bot_turns"`.execute(db);
      await sql`alter table "bot_turns_keyed" rename to "bot_turns"`.execute(db);
    },
  },
});

export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
