import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { root } from './server.js';

export interface ChildServer {
  url: string;
  pid: number;
  /** Resident memory of the server process, in bytes. */
  rss(): number;
  /** CPU time the server process has used so far (user + system), in milliseconds. */
  cpuMs(): number;
  /** What the server logged as errors so far (its stderr). */
  logs(): string;
  /** Whether the process still runs. */
  alive(): boolean;
  /** A clean stop (SIGTERM): the server closes its store. */
  stop(): Promise<void>;
  /** kill -9: no clean-up of any kind, as a crash or the OOM killer would do. */
  kill(): Promise<void>;
}

export interface ChildServerOptions {
  /** The SQLite store's folder (and the secret's): the same one again after a restart. */
  dataDir?: string;
  databaseUrl?: string | undefined;
  /** 0 (default) for a free one; the same port again for a restart the clients reconnect to. */
  port?: number;
  /** More environment for the server (CONFAB_LIMITS, CONFAB_TRUST_PROXY, …). */
  env?: NodeJS.ProcessEnv;
}

/** Starts test/helpers/child-server.ts in its own process and waits for its URL. */
export async function startChildServer(kind: 'confab' | 'echo', options: ChildServerOptions = {}): Promise<ChildServer> {
  // BENCH_CPU_PROF=DIR writes a CPU profile of the Confab server (node --cpu-prof) into DIR.
  const profile = kind === 'confab' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  // BENCH_HEAP_SNAPSHOT=DIR: SIGUSR2 makes the Confab server write a heap snapshot into DIR (the sockets benchmark sends it).
  if (kind === 'confab' && process.env.BENCH_HEAP_SNAPSHOT) profile.push('--heapsnapshot-signal=SIGUSR2', '--diagnostic-dir', process.env.BENCH_HEAP_SNAPSHOT);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(options.port ?? 0) };
  if (options.dataDir) env.CONFAB_DATA_DIR = options.dataDir;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'test/helpers/child-server.ts', kind], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 30 s: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}: ${stderr}`)));
  });
  const { url, pid } = JSON.parse(line) as { url: string; pid: number };
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  return {
    url,
    pid,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    cpuMs: () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    logs: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
