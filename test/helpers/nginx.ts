import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './databases.js';
import { freePort } from './free-port.js';
import { root } from './server.js';

export const NGINX = '/usr/sbin/nginx';

export interface TestNginx {
  url: string;
  /** What nginx wrote at warn level and above. */
  errors(): string;
  stop(): void;
}

/**
 * deploy/nginx.conf as docker-compose.yml uses it, with the compose names swapped for local
 * addresses: the ports of node A and node B (a port nobody listens on stands for a node that
 * is down). Resolves once /healthz answers through it.
 */
export async function startNginx(portA: number, portB: number): Promise<TestNginx> {
  const listen = await freePort();
  const dir = tempDir('confab-nginx-');
  const conf = readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8')
    .replace('server confab-a:3000', `server 127.0.0.1:${portA}`)
    .replace('server confab-b:3000', `server 127.0.0.1:${portB}`)
    .replace('listen 80;', `listen 127.0.0.1:${listen};`)
    // /dev/stdout and /dev/stderr cannot be opened on a pipe; files in the test's folder then.
    .replace('access_log /dev/stdout main;', `access_log ${dir}/access.log main;`)
    .replace('error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`);
  if (/confab-[ab]:|listen 80;|\/dev\/std/.test(conf)) throw new Error('deploy/nginx.conf changed: the test no longer swaps its addresses');
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const nginx: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${dir}/nginx.pid;`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  nginx.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${listen}`;
  // Up when it answers (nginx starts in a moment; the caller's timeout bounds the wait).
  for (;;) {
    if ((await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200) break;
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const errorLog = () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
  return {
    url,
    errors: () => errors + errorLog(),
    stop: () => void nginx.kill('SIGTERM'),
  };
}
