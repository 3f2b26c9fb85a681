import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tempDir } from './databases.js';
import { DEMO_TOKEN, root } from './server.js';

export interface MainProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** Every stdout line so far, parsed (a line that is not JSON fails the wait that meets it). */
  lines: Array<Record<string, unknown>>;
  /** stdout as written. */
  stdout(): string;
  /** Resolves with the first log line (so far or to come) that passes the test. */
  line(test: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `server/main.ts` as production runs it, in a process of its own (signals reach it as they
 * would under docker or systemd), with the demo bot and a temp DATA_DIR. Resolves once it
 * logged "ready".
 */
export async function startMainProcess(env: Record<string, string> = {}): Promise<MainProcess> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONFAB_SECRET: 'test-secret-0123456789abcdef',
      CONFAB_DEMO_TOKEN: DEMO_TOKEN,
      CONFAB_OUTBOUND_ALLOW: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void; reject: (e: Error) => void }> = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the server exited (${code ?? signal}) first; stderr: ${stderr}`));
      resolve({ code, signal });
    });
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    stdout += `${text}\n`;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      for (const w of waiters.splice(0)) w.reject(new Error(`stdout has a line that is not JSON: ${text}`));
      return;
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const line = (test: (l: Record<string, unknown>) => boolean, timeoutMs = 30_000) => {
    const seen = lines.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such log line in time; stdout so far:\n${stdout}\nstderr: ${stderr}`)), timeoutMs);
      waiters.push({
        test,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  };
  // A loaded machine may take a while to compile and migrate: the wait is for the line, not a speed.
  const ready = await line((l) => l.msg === 'ready', 120_000);
  return {
    url: String(ready.url),
    pid: child.pid!,
    dataDir,
    lines,
    stdout: () => stdout,
    line,
    kill: (signal) => void child.kill(signal),
    exited,
  };
}
