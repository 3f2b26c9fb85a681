import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer looks at how much of the WAL is not yet in the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;

/** Pages in the WAL, not yet copied back, at which it checkpoints: SQLite's own default threshold. */
export const CHECKPOINT_PAGES = 1_000;

/**
 * The checkpointer's thread: its own connection, and every interval a look at the WAL-index
 * header in the -shm file (https://sqlite.org/walformat.html: mxFrame, the WAL's last valid
 * frame, at byte 16; nBackfill, the frames already copied back, at byte 96; native byte
 * order). Once CHECKPOINT_PAGES are waiting it runs a PASSIVE checkpoint, which never waits for
 * the writer and never makes it wait. So the WAL fills, is copied back and is reused at the
 * same points as with SQLite's own checkpoints (a full disk meets the same writes), only not
 * inside a COMMIT on the event loop. CommonJS source, evaluated as it is: the same in the
 * built server and under tsx, with nothing to build or resolve but the driver.
 */
const SOURCE = `
const { openSync, readSync, closeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const header = Buffer.alloc(100);
const waiting = () => {
  let fd;
  try {
    fd = openSync(workerData.file + '-shm', 'r');
    if (readSync(fd, header, 0, 100, 0) < 100) return 0;
    return header.readUInt32LE(16) - header.readUInt32LE(96);
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};
let timer;
let failing = false;
const checkpoint = () => {
  try {
    if (waiting() >= workerData.pages) db.pragma('wal_checkpoint(PASSIVE)');
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
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs: CHECKPOINT_INTERVAL_MS, pages: CHECKPOINT_PAGES },
  });
  // The thread never keeps the process alive: a store left open does not hang its exit.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`the SQLite checkpointer stopped (${why}): the store checkpoints its WAL itself again`);
    sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
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
