// Idle visitor sockets: each connected with its conversation open, nothing said. What one
// costs the server's memory, next to a bare Socket.IO server holding as many.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Ack, ConversationSnapshot } from '../../shared/index.js';
import { newVisitor } from '../helpers/server.js';
import { startChildServer, type ChildServer } from '../helpers/server-process.js';
import { inBatches, socketTo } from './rtt.js';
import { kb, sleep, type Row } from './stats.js';

/** Has the server write a heap snapshot of what it holds (see heap-summary.mjs) and waits until it is complete. */
async function heapSnapshot(server: ChildServer, dir: string): Promise<void> {
  const written = () => readdirSync(dir).filter((f) => f.includes(`.${server.pid}.`) && f.endsWith('.heapsnapshot'));
  const before = written().length;
  process.kill(server.pid, 'SIGUSR2');
  while (written().length === before) await sleep(200);
  // The snapshot is written on the server's main thread: it answers again once the file is complete.
  await fetch(`${server.url}/healthz`);
  console.error(`  heap snapshot: ${join(dir, written().at(-1)!)}`);
}

async function held(kind: 'confab' | 'echo', count: number): Promise<{ perSocket: number; seconds: number }> {
  const server = await startChildServer(kind);
  try {
    await sleep(1_000);
    const snapshots = kind === 'confab' ? process.env.BENCH_HEAP_SNAPSHOT : undefined;
    if (snapshots) await heapSnapshot(server, snapshots);
    const before = server.rss();
    const started = performance.now();
    const sockets = await inBatches(count, 200, async () => {
      if (kind === 'echo') return socketTo(server.url);
      const identity = await newVisitor(server.url);
      const socket = await socketTo(server.url, { botKey: 'demo', token: identity.token });
      const opened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
      if (!opened.ok) throw new Error(opened.error.message);
      return socket;
    });
    const seconds = (performance.now() - started) / 1000;
    // Let the server settle (timers, GC) before reading its memory.
    await sleep(3_000);
    const perSocket = (server.rss() - before) / count;
    if (snapshots) await heapSnapshot(server, snapshots);
    for (const s of sockets) s.close();
    return { perSocket, seconds };
  } finally {
    await server.stop();
  }
}

export async function socketsBench(options: { quick?: boolean } = {}): Promise<Row[]> {
  const count = options.quick ? 2_000 : 10_000;
  const echo = await held('echo', count);
  const confab = await held('confab', count);
  return [
    {
      figure: `server memory per idle visitor socket (${count.toLocaleString('en')})`,
      confab: kb(confab.perSocket),
      reference: `echo ${kb(echo.perSocket)}`,
      goal: '≤ 25 KB',
    },
  ];
}
