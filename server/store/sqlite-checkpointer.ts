import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the thread copies the WAL into the database. */
export const CHECKPOINT_INTERVAL_MS = 100;

/**
 * The WAL's length, in pages, at which a commit on the server's own connection checkpoints
 * after all (SQLite's automatic checkpoint): only if the thread falls this far behind.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

/** SQLite's own default, back on the server's connection if the thread ends unasked. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

/**
 * The thread's code, run by `eval` so that it is the same under tsx, vitest and the built
 * server. A second connection to the same file, from its own thread: SQLite shares the file's
 * locks between the connections of one process, and a PASSIVE checkpoint waits for no reader
 * or writer; the server's next write after a complete one starts the WAL over.
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
 * the event loop: copying the pages into the database and syncing it was a quarter of
 * SQLite's time on the message path, and every socket waited for it (README, "Benchmarks").
 * The connection keeps an automatic checkpoint at 10,000 pages, should the thread fall
 * behind, and SQLite's 1,000 again should it end unasked.
 */
export function startCheckpointer(sqlite: SQLite.Database, onFailure: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { file: sqlite.name, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  let stopping = false;
  worker.unref();
  worker.on('message', (m: { failed: string }) => onFailure(m.failed));
  worker.on('error', (err) => onFailure(`the checkpoints' thread failed: ${err.message}`));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
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
