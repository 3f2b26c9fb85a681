import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the WAL's committed pages into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;

/**
 * The checkpointer's thread: its own connection, a PASSIVE checkpoint (which never waits for
 * the writer and never makes it wait) every interval. CommonJS source, evaluated as it is:
 * the same in the built server and under tsx, with nothing to build or resolve but the driver.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let timer;
let failing = false;
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failing = false;
  } catch (err) {
    // Once per spell of failures (a full disk fails every try until there is room).
    if (!failing) parentPort.postMessage({ error: String((err && err.message) || err) });
    failing = true;
  }
  timer = setTimeout(checkpoint, workerData.intervalMs);
};
checkpoint();
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits
 * checkpoints itself once the WAL passes 1,000 pages: inside a COMMIT it copies those pages
 * into the database file and fsyncs both (synchronous=NORMAL syncs at checkpoints only), and
 * the server's event loop waits for the disk. Under the 1,000-visitor load that was every
 * ~150 commits, and a commit's wall time was three times its CPU time (README, "Benchmarks").
 * Here the committing connection never checkpoints (`wal_autocheckpoint = 0`) and a worker
 * thread does, on a connection of its own. Commits are as durable as before: a checkpoint
 * only moves committed pages. Should the thread fail, the connection checkpoints itself again.
 */
export function startCheckpointer(
  sqlite: { pragma(source: string): unknown },
  file: string,
  log: (message: string) => void = (message) => console.error(message),
): Checkpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  // The thread never keeps the process alive: a store left open does not hang its exit.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`the SQLite checkpointer stopped (${why}): the store checkpoints its WAL itself again`);
    sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (m: { error?: string }) => m.error && log(`SQLite checkpoint failed: ${m.error}`));
  worker.once('error', (err) => fallBack(err.message));
  worker.once('exit', (code) => fallBack(`exit code ${code}`));
  return {
    async stop() {
      if (!stopping) worker.postMessage('stop');
      stopping = true;
      await exited;
    },
  };
}
