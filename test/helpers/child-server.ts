// A server in a process of its own: for the benchmarks (the load generator's CPU and memory
// are not counted as the server's) and for the fault tests (kill -9 it, start it again on
// the same store and port). Prints one JSON line {url, pid} when it listens.
// Usage: tsx test/helpers/child-server.ts confab|echo
// Environment: DATABASE_URL (PostgreSQL), REDIS_URL (one of several nodes), CONFAB_DATA_DIR
// (the SQLite store's folder; the secret's and the encryption key's), PORT.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { configFromEnv } from '../../server/lib/config.js';
import { startTestServer } from './server.js';

const kind = process.argv[2];

async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  // The reference: a bare Socket.IO server that acks a message and sends it back.
  const http = createServer();
  const io = new Server(http, { serveClient: false, cors: { origin: true } });
  io.on('connection', (socket) => {
    socket.on('echo', (payload: unknown, ack?: (res: unknown) => void) => {
      ack?.({ ok: true });
      socket.emit('echoed', payload);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => io.close(() => resolve())) };
}

// What the server logs as errors goes to stderr, one line each, for the parent to read.
const log = (message: string, err?: unknown) => process.stderr.write(`${message}${err ? `: ${err instanceof Error ? err.message : String(err)}` : ''}\n`);
const { DATABASE_URL, REDIS_URL, CONFAB_DATA_DIR, PORT } = process.env;
// CONFAB_LIMITS and CONFAB_TRUST_PROXY as the server reads them (the flood benchmark sets both).
const { limits, trustProxy } = configFromEnv({ CONFAB_LIMITS: process.env.CONFAB_LIMITS, CONFAB_TRUST_PROXY: process.env.CONFAB_TRUST_PROXY });
const server =
  kind === 'echo'
    ? await echoServer()
    : await startTestServer(
        { databaseUrl: DATABASE_URL || undefined, redisUrl: REDIS_URL || undefined, ...(CONFAB_DATA_DIR ? { dataDir: CONFAB_DATA_DIR } : {}), port: Number(PORT ?? 0), limits, trustProxy },
        { log },
      );
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
// process.exit() after close, so that --cpu-prof writes its profile.
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
