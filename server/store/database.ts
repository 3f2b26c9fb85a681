import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type KyselyConfig, type LogEvent, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../lib/data-dir.js';
import type { Database } from './schema.js';
import { HOT_STATEMENTS } from './postgres-hot-path.js';
import { prepareOnUse } from './postgres-prepared.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite only: ":memory:" for throwaway stores. */
  sqliteFile?: string;
  /** CONFAB_ENCRYPTION_KEY; unset: the key generated into dataDir (secret-box.ts). */
  encryptionKey?: string | undefined;
  /** Hears every query's duration (metrics); Kysely measures it. */
  onQuery?: (seconds: number, failed: boolean) => void;
  /**
   * Hears every statement the database runs, transactions' BEGIN and COMMIT included (tests
   * count the statements of a round trip). SQLite: better-sqlite3's `verbose`, which also sees
   * the message path's prepared statements, with the values in the SQL (long ones cut to 32
   * characters) and no parameters; PostgreSQL: Kysely's log, the SQL and its parameters.
   */
  onStatement?: (sql: string, parameters: readonly unknown[]) => void;
  /**
   * SQLite in a file: WAL checkpoints on a thread of their own (sqlite-checkpointer.ts), which
   * reports a checkpoint that failed here. The server's store; a short-lived one (the CLI, the
   * tests' fixtures) checkpoints in its commits, as SQLite does by default.
   */
  onCheckpointFailure?: (message: string) => void;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite: the connection itself, for the message path's prepared statements (sqlite-hot-path.ts). */
  sqlite?: SQLite.Database;
  /** Closes the database, after the checkpoints' thread, if any, has stopped. */
  close(): Promise<void>;
}

export function openDatabase(options: DatabaseOptions): OpenDatabase {
  const { onQuery, onStatement } = options;
  const timed = (event: LogEvent) => onQuery?.(event.queryDurationMillis / 1_000, event.level === 'error');
  const log: KyselyConfig['log'] = onQuery && timed;
  if (options.databaseUrl) {
    // Every PostgreSQL statement goes through Kysely, so its log sees them all.
    const pgLog: KyselyConfig['log'] = onStatement
      ? (event) => {
          onStatement(event.query.sql, event.query.parameters);
          timed(event);
        }
      : log;
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // A client whose connection ends (PostgreSQL restarted, a network cut) emits 'error': the
    // pool listens on idle ones only, and a client checked out for a query or a transaction
    // with no listener would take the process down. Every client gets one; its query fails
    // with the error on its own (a clear `unavailable`), and the pool makes new connections.
    pool.on('error', (err) => console.error('postgres pool error:', err.message));
    pool.on('connect', (client) => {
      client.on('error', (err) => console.error('postgres connection error:', err.message));
      prepareOnUse(client, HOT_STATEMENTS);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(pgLog ? { log: pgLog } : {}) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = options.sqliteFile ?? join(options.dataDir, 'confab.sqlite');
  let sqlite: SQLite.Database;
  try {
    if (file !== ':memory:') {
      ensurePrivateDir(options.dataDir);
      keepPrivate(file);
    }
    sqlite = new SQLite(file, onStatement ? { verbose: (sql) => onStatement(String(sql), []) } : {});
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    // SQLite's "unable to open database file" names no file and no cause; EROFS from the chmod names no remedy.
    throw new Error(`cannot open the SQLite store ${file}: ${(err as Error).message} (is the disk read-only or full?)`, { cause: err });
  }
  const checkpointer = options.onCheckpointFailure && file !== ':memory:' ? startCheckpointer(sqlite, options.onCheckpointFailure) : undefined;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...(log ? { log } : {}) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    async close() {
      // The thread's connection first, so that no checkpoint of its holds the WAL when the
      // last connection closes, which checkpoints what is left and removes the WAL.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * The database file is made (or, from an older version, changed to) 0600 before SQLite opens
 * it: SQLite gives its -wal and -shm files the database file's mode; ones left by an older
 * version are changed too.
 */
function keepPrivate(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  }
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
      if (sql === 'rollback') return rollbackIfOpen(sqlite);
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

/**
 * Kysely's ROLLBACK after a failed transaction. SQLite rolls a transaction back by itself on
 * some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY in a write), and a ROLLBACK then fails
 * with "cannot rollback - no transaction is active", which Kysely throws instead of the
 * error that caused it: a full disk became an unexplained 500.
 */
function rollbackIfOpen(sqlite: SQLite.Database): SqliteStatement {
  const rollback = sqlite.prepare('rollback');
  return {
    reader: false,
    all: () => [],
    iterate: () => [][Symbol.iterator](),
    run: () => (sqlite.inTransaction ? rollback.run() : { changes: 0, lastInsertRowid: 0 }),
  };
}

/** Unique-constraint violations on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock's victim (40P01). A wide
 * delete (a bot with everything of it) takes its rows' locks in cascade order while a bot
 * turn of one of its conversations takes some of the same rows in another order; the
 * aborted side has changed nothing, so trying again is safe.
 */
export async function retryDeadlocks<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if ((err as { code?: string } | null)?.code !== '40P01' || attempt >= attempts) throw err;
    }
  }
}
