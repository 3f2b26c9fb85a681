import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tempDir } from './databases.js';
import { freePort } from './free-port.js';

/** The newest PostgreSQL Debian installed (15 on these machines), as .ci/run picks it. */
const BIN = `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1)}/bin`;

/**
 * A PostgreSQL of the test's own (initdb into a temp folder, a free port), to stop and start
 * at will: the shared cluster on 5432 is never touched. PostgreSQL refuses to run as root:
 * as root (CI), it runs as the postgres user.
 */
export async function startPrivatePostgres() {
  const dir = tempDir('confab-pg-');
  const data = `${dir}/data`;
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (bin: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${bin}`, ...args], { stdio: 'pipe' }) : execFileSync(`${BIN}/${bin}`, args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=30`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', `${dir}/log`, '-w', '-t', '60', 'start']);
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** Stops it; `immediate` is a crash as far as its clients can tell (no shutdown, recovery on start). */
    stop(mode: 'immediate' | 'fast' = 'immediate') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
