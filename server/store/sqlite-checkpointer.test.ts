import { existsSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/databases.js';
import { openDatabase } from './database.js';
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.js';

/** This process's open descriptors on the file, its -wal and -shm included (Linux). */
function descriptorsOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}

describe('WAL checkpoints on a thread of their own', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  function database() {
    const dir = tempDir();
    const file = join(dir, 'c.sqlite');
    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('create table t (x text)');
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return { db, file, dir };
  }

  it('the thread copies the commits into the database file; the connection would not before 10,000 pages', async () => {
    const { db, file } = database();
    const failures: string[] = [];
    const checkpointer = startCheckpointer(db, (m) => failures.push(m));
    cleanup.push(() => db.close(), () => checkpointer.stop());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_CHECKPOINT_PAGES);

    const before = statSync(file).size;
    // 2,000 commits, a few thousand pages of WAL: under the connection's own threshold.
    const insert = db.prepare('insert into t values (?)');
    for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(1_000));
    // Only a checkpoint writes into the database file: the rows' ~2 MB arrive there.
    await expect.poll(() => statSync(file).size - before, { timeout: 10_000 }).toBeGreaterThan(2_000_000);
    expect(failures).toEqual([]);
  }, 15_000);

  it("the server's store closes the thread's connection with its own: no descriptor left, no WAL", async () => {
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const file = join(dataDir, 'confab.sqlite');
    const failures: string[] = [];
    const { db, close } = openDatabase({ dataDir, onCheckpointFailure: (m) => failures.push(m) });
    await sql`create table t (x text)`.execute(db);
    await sql`insert into t values ('x')`.execute(db);
    // The thread's connection too: the database, its WAL and shared memory, from two connections.
    await expect.poll(() => descriptorsOn(file), { timeout: 5_000 }).toBeGreaterThan(3);
    await close();
    expect(descriptorsOn(file)).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(failures).toEqual([]);
  });

  it('a thread that cannot open the database says so, and the connection checkpoints every 1,000 pages again', async () => {
    const { db, dir } = database();
    // The connection keeps its open files; the thread's open finds no directory.
    rmSync(dir, { recursive: true, force: true });
    const failures: string[] = [];
    const checkpointer = startCheckpointer(db, (m) => failures.push(m));
    cleanup.push(() => db.close(), () => checkpointer.stop());
    await expect.poll(() => db.pragma('wal_autocheckpoint', { simple: true }), { timeout: 5_000 }).toBe(1_000);
    expect(failures).toEqual([
      "the checkpoints' thread failed: Cannot open database because the directory does not exist",
      "the checkpoints' thread ended (exit code 1): the connection checkpoints in its commits again, every 1,000 pages",
    ]);
  });
});
