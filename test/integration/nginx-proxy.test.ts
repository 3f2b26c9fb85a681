import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { freePort } from '../helpers/free-port.js';
import { capturedLogger } from '../helpers/metrics.js';
import { NGINX, startNginx, type TestNginx } from '../helpers/nginx.js';
import { fromBot, startTestServer } from '../helpers/server.js';
import { testVisitor } from '../helpers/visitor-client.js';

/**
 * deploy/nginx.conf as docker-compose.yml uses it, with the compose names swapped for local
 * addresses: node A is a real Confab server, node B a port nobody listens on (a node that is
 * down, or draining after SIGTERM): a request the hash sends to B has to move on to A.
 */
describe.runIf(existsSync(NGINX) || process.env.CI)('deploy/nginx.conf in front of the nodes', () => {
  let server: RunningServer;
  let nginx: TestNginx;
  let proxy: string;
  const log = capturedLogger('info');

  beforeAll(async () => {
    server = await startTestServer({}, { logger: log.logger });
    nginx = await startNginx(server.port, await freePort());
    proxy = nginx.url;
  });
  afterAll(async () => {
    nginx?.stop();
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
    expect(nginx.errors()).not.toMatch(/\[emerg\]/);
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
