import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the thread copies the WAL into the database. */
export const CHECKPOINT_INTERVAL_MS = 100;

/**
 * The WAL's length, in pages (~40 MB), at which a commit on the server's own connection
 * checkpoints after all (SQLite's automatic checkpoint). SQLite starts the WAL over at a
 * commit only once every frame is copied, and under steady writes commits keep coming while
 * the thread copies: then this is how the WAL starts over, about once a second at 1,000
 * commits a second, with little left to copy.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

/** SQLite's own default, back on the server's connection if the thread ends unasked. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

/**
 * The thread's code, run by `eval` so that it is the same under tsx, vitest and the built
 * server. A second connection to the same file, from its own thread: SQLite shares the file's
 * locks between the connections of one process, and a PASSIVE checkpoint waits for no reader
 * or writer (and syncs the WAL, then the database, as `synchronous = NORMAL` does).
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
let failed = '';
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failed = '';
  } catch (err) {
    // A full disk, say: the WAL keeps what it holds, and the next round tries again.
    const message = String(err && err.message);
    if (message !== failed) parentPort.postMessage({ failed: message });
    failed = message;
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread, which closes its connection. */
  stop(): Promise<void>;
}

/**
 * WAL checkpoints of the connection's database (a file) on a thread of their own, every
 * 100 ms. SQLite's automatic checkpoint runs inside the commit that passes 1,000 pages, on
 * the event loop: copying the pages into the database and syncing it, while every socket
 * waits. With the thread, BEGIN and COMMIT went from 23% to 13% of the event loop's
 * busy time under the rtt benchmark's load (README, "Benchmarks"). The connection keeps an automatic
 * checkpoint at 10,000 pages, and SQLite's 1,000 again should the thread end unasked.
 */
export function startCheckpointer(sqlite: SQLite.Database, onFailure: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  const worker = new Worker(THREAD, { eval: true, workerData: { file: sqlite.name, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
  let stopping = false;
  worker.unref();
  worker.on('message', (m: { failed: string }) => onFailure(`checkpoint failed: ${m.failed} (the WAL keeps what it holds; tried again in ${CHECKPOINT_INTERVAL_MS} ms)`));
  worker.on('error', (err) => onFailure(`the checkpoints' thread failed: ${err.message}`));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping && sqlite.open) {
        sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
        onFailure(`the checkpoints' thread ended (exit code ${code}): the connection checkpoints in its commits again, every ${DEFAULT_CHECKPOINT_PAGES.toLocaleString('en-US')} pages`);
      }
      resolve();
    }),
  );
  return {
    stop() {
      stopping = true;
      // Unref'd, the thread would not keep a process whose other work is done alive until it ends.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
