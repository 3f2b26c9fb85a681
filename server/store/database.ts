import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type KyselyConfig, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite only: ":memory:" for throwaway stores. */
  sqliteFile?: string;
  /** Hears every query's duration (metrics); Kysely measures it. */
  onQuery?: (seconds: number, failed: boolean) => void;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
}

export function openDatabase(options: DatabaseOptions): OpenDatabase {
  const { onQuery } = options;
  const log: KyselyConfig['log'] = onQuery && ((event) => onQuery(event.queryDurationMillis / 1_000, event.level === 'error'));
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', (err) => console.error('postgres pool error:', err.message));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) }), dialect: 'postgres' };
  }
  const file = options.sqliteFile ?? join(options.dataDir, 'confab.sqlite');
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...(log ? { log } : {}) }), dialect: 'sqlite' };
}

/** Distinct SQL texts kept prepared; past that the cache starts over (an `in (…)` list makes new texts). */
const MAX_STATEMENTS = 500;

/**
 * Kysely prepares every query anew, and on the message path preparing cost about as much as
 * running (a CPU profile under load: README, "Benchmarks"). The same SQL text gets the same
 * prepared statement: better-sqlite3 runs each to completion synchronously, so one statement
 * is never in use twice at a time.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
