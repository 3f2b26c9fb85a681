import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { freePort } from '../helpers/free-port.js';
import { capturedLogger } from '../helpers/metrics.js';
import { fromBot, root, startTestServer } from '../helpers/server.js';
import { testVisitor } from '../helpers/visitor-client.js';

const NGINX = '/usr/sbin/nginx';

/**
 * deploy/nginx.conf as docker-compose.yml uses it, with the compose names swapped for local
 * addresses: node A is a real Confab server, node B a port nobody listens on (a node that is
 * down, or draining after SIGTERM): a request the hash sends to B has to move on to A.
 */
describe.runIf(existsSync(NGINX) || process.env.CI)('deploy/nginx.conf in front of the nodes', () => {
  let server: RunningServer;
  let nginx: ChildProcess;
  let proxy: string;
  let nginxErrors = '';
  const log = capturedLogger('info');

  beforeAll(async () => {
    server = await startTestServer({}, { logger: log.logger });
    const [listen, down] = [await freePort(), await freePort()];
    const dir = tempDir('confab-nginx-');
    const conf = readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8')
      .replace('server confab-a:3000', `server 127.0.0.1:${server.port}`)
      .replace('server confab-b:3000', `server 127.0.0.1:${down}`)
      .replace('listen 80;', `listen 127.0.0.1:${listen};`)
      // /dev/stdout and /dev/stderr cannot be opened on a pipe; files in the test's folder then.
      .replace('access_log /dev/stdout main;', `access_log ${dir}/access.log main;`)
      .replace('error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`);
    if (/confab-[ab]:|listen 80;|\/dev\/std/.test(conf)) throw new Error('deploy/nginx.conf changed: the test no longer swaps its addresses');
    writeFileSync(join(dir, 'nginx.conf'), conf);
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${dir}/nginx.pid;`], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr!.on('data', (chunk: Buffer) => (nginxErrors += chunk.toString('utf8')));
    proxy = `http://127.0.0.1:${listen}`;
    // Up when it answers (nginx starts in a moment; the hook's timeout bounds the wait).
    for (;;) {
      if ((await fetch(`${proxy}/healthz`).catch(() => undefined))?.status === 200) break;
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxErrors}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await server?.close();
  });

  it('parses, proxies HTTP with its request id, and keeps /metrics to itself', async () => {
    const res = await fetch(`${proxy}/readyz`);
    expect(res.status).toBe(200);
    const id = res.headers.get('X-Request-Id');
    // nginx's $request_id, which the node took as its own and logged.
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(log.lines().some((l) => l.requestId === id)).toBe(false); // probes are debug lines
    const config = await fetch(`${proxy}/api/widget/config?botKey=demo`);
    expect(config.status).toBe(200);
    const configId = config.headers.get('X-Request-Id');
    expect(log.lines().find((l) => l.requestId === configId)).toMatchObject({ msg: 'request', path: '/api/widget/config' });
    expect((await fetch(`${proxy}/metrics`)).status).toBe(404);
    expect(nginxErrors).not.toMatch(/\[emerg\]/);
  });

  it('carries a Socket.IO chat over WebSocket', async () => {
    const visitor = await testVisitor({ url: proxy });
    expect(visitor.socket.io.engine.transport.name).toBe('websocket');
    const { conversation } = await visitor.open();
    await visitor.send(conversation.id, 'shipping');
    const answer = await visitor.inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(answer.conversationId).toBe(conversation.id);
    visitor.close();
  });
});
