import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';
import { CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-checkpoint-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite checkpointer', () => {
  it('copies committed pages into the database file from its own thread once a thousand are waiting, while the store’s connection never checkpoints', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'confab.sqlite');
    const { sqlite, close } = openDatabase({ dataDir });
    try {
      expect(sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      sqlite!.exec('create table "pages" ("body" blob)');
      const before = statSync(file).size;
      // Past the 1,000 pages at which it checkpoints (SQLite's own threshold), one page a row.
      const insert = sqlite!.prepare('insert into "pages" ("body") values (?)');
      for (let i = 0; i < CHECKPOINT_PAGES + 100; i++) insert.run(Buffer.alloc(4_000, i % 256));
      // In WAL mode only a checkpoint writes the database file; one copies a few hundred of the
      // rows at least (a WAL emptied meanwhile starts again from its first frame).
      await expect.poll(() => statSync(file).size, { timeout: 20_000 }).toBeGreaterThan(before + 100 * 4_000);
    } finally {
      await close();
    }
    // Its thread stopped first, the store's connection was the last: closing it removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
  }, 30_000);

  it('hands checkpoints back to the connection when its thread fails', async () => {
    const pragmas: string[] = [];
    const log = vi.fn();
    // No such file: the thread cannot open it and ends.
    startCheckpointer({ pragma: (source) => pragmas.push(source) }, join(tempDir(), 'missing.sqlite'), log);
    await expect.poll(() => pragmas, { timeout: 10_000 }).toEqual(['wal_autocheckpoint = 0', 'wal_autocheckpoint = 1000']);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^the SQLite checkpointer stopped .*itself again$/));
  }, 30_000);
});
