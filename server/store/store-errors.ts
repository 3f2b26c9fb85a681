import { AppError } from '../lib/errors.js';

/** SQLite's codes (better-sqlite3's `code`) for a disk or database that is full. */
const SQLITE_FULL = /^SQLITE_FULL/;
/** SQLite: the file cannot be written or read now (read-only, I/O error, locked, gone). */
const SQLITE_DOWN = /^SQLITE_(READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL)/;
/** PostgreSQL SQLSTATEs: 53100 disk_full; class 08 connection exceptions, 57P01-57P03 shutdown and start-up, 53300 too many connections. */
const PG_FULL = new Set(['53100']);
const PG_DOWN = /^(08...|57P0[123]|53300)$/;
/** Node's socket errors when PostgreSQL is not there. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
/** What pg says when the server goes away mid-query or the pool cannot get a connection in time. */
const PG_GONE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * A database failure as an error the client understands: `storage_full` (507) when the disk
 * or the database is full, `unavailable` (503) when the database is unreachable, read-only or
 * locked. Undefined for anything else (a bug stays a logged 500). Nothing was stored: the
 * query layer writes each change in one transaction.
 */
export function storeFailure(err: unknown): AppError | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = String((err as { code?: unknown }).code ?? '');
  if (SQLITE_FULL.test(code) || PG_FULL.has(code)) return new AppError('storage_full', 'the server is out of storage: nothing was stored, try again later');
  if (SQLITE_DOWN.test(code) || PG_DOWN.test(code) || NETWORK.has(code) || PG_GONE.test(err.message)) {
    return new AppError('unavailable', 'the database is unavailable: nothing was stored, try again in a moment');
  }
  return undefined;
}
