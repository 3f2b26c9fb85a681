import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tempDir } from './databases.js';
import { freePort } from './free-port.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  /** Stops it (SIGTERM) and removes its folder. */
  stop(): Promise<void>;
}

/** A private redis-server (Debian's) on a free port in a temp folder, nothing saved: one per test file. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = tempDir('confab-redis-');
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
