import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { root } from './server.js';

export interface BotCall {
  headers: IncomingHttpHeaders;
  body: { info: Record<string, any>; packet: { name: string; payload: any } };
}

/** `body` is sent as JSON, a string body as it is; `raw` as it is (for answers JSON.stringify cannot write); `cut`: the connection is closed with no answer at all. */
export type BotReply = { status?: number; body?: unknown; raw?: string; delayMs?: number; cut?: boolean };

/**
 * A bot reachable over HTTP, as a site owner would run one: it records every webhook call
 * and answers with what the test's handler returns.
 */
export async function startTestBot(handler: (call: BotCall, calls: BotCall[]) => BotReply | Promise<BotReply>) {
  const calls: BotCall[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let current = handler;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', async () => {
      const call: BotCall = { headers: req.headers, body: JSON.parse(raw) as BotCall['body'] };
      calls.push(call);
      for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve();
      const reply = await current(call, calls);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      if (reply.cut) return void res.socket?.destroy();
      res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json' });
      res.end(reply.raw ?? (reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    calls,
    setHandler(next: typeof handler) {
      current = next;
    },
    /** Resolves once the bot has been called n times in all. */
    called(n: number, timeoutMs = 10_000): Promise<void> {
      if (calls.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the bot got ${calls.length} calls, not ${n}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export const event = (cid: string, name: string, payload: unknown = {}, context?: unknown) => ({
  info: context === undefined ? { cid } : { cid, context },
  packet: { name, payload },
});

/** One of seed 003's Python example bots, run unchanged by Debian's python3 with Flask. */
export async function startPythonBot(module: 'campaign_bot' | 'name_email_bot'): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/bin/python3', ['serve.py', module, String(port)], {
    cwd: join(root, 'test', 'fixtures', 'bots'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/webhook`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`python bot exited: ${stderr}`);
    try {
      await fetch(url, { method: 'GET' });
      return { url, stop: () => child.kill() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error(`python bot did not start: ${stderr}`);
}
