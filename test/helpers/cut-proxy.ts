import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { BrowserSuite } from './browser-suite.js';
import { embedTag, hostPage } from './host-page.js';

/** What the path between the browser and the server does now. */
export type PathState = 'open' | 'dropped' | 'stalled';

export interface CutProxy {
  /** http://127.0.0.1:PORT: the widget's data-server, so its HTTP and Socket.IO go through here. */
  readonly url: string;
  readonly state: PathState;
  /** Resets every connection and every new one until restore(): the network is gone. */
  drop(): void;
  /**
   * Keeps every connection open and forwards nothing either way, new ones included: a path
   * that went silent without closing (a dead Wi-Fi, a NAT that forgot the connection).
   */
  stall(): void;
  /** Forwards again: stalled connections carry on where they stopped, new ones connect. */
  restore(): void;
  /** Connections from the browser open now. */
  connections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP proxy (node:net) between the browser and a server, that cuts the path on command.
 * It forwards bytes and knows nothing of HTTP or WebSocket, so what the widget sees is what a
 * real network does to it: a reset, or silence.
 */
export async function startCutProxy(target: string): Promise<CutProxy> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<Pair>();
  let state: PathState = 'open';

  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause(); // back-pressure: resumed on drain, unless stalled
    });
    to.on('drain', () => {
      if (state === 'open') from.resume();
    });
    from.on('end', () => to.end());
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    if (state === 'dropped') return void client.resetAndDestroy();
    const upstream = createConnection({ host: hostname, port: Number(port) });
    const pair = { client, upstream };
    pairs.add(pair);
    const close = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    forward(client, upstream);
    forward(upstream, client);
    if (state === 'open') client.resume();
    else upstream.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    get state() {
      return state;
    },
    drop() {
      state = 'dropped';
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    stall() {
      state = 'stalled';
      // Paused sockets read nothing more: bytes wait in the kernel's buffers, as on a dead link.
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      state = 'open';
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    connections: () => pairs.size,
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * In a browserSuite with a site: a cut proxy in front of its Confab server, and the site's "/"
 * embedding the widget with data-server on the proxy (its files still come straight from the
 * server). Call at the top of the describe, after browserSuite.
 */
export function cutPathSite(suite: BrowserSuite<Record<never, never>>): { readonly proxy: CutProxy } {
  let proxy: CutProxy | undefined;
  beforeAll(async () => {
    proxy = await startCutProxy(`http://127.0.0.1:${suite.server.port}`);
    suite.site.set('/', { body: hostPage(`<h1>Shop</h1>${embedTag(suite.server.url, { server: proxy.url })}`) });
  });
  afterAll(() => proxy?.close());
  return {
    get proxy() {
      if (!proxy) throw new Error('cutPathSite: the proxy is not started yet');
      return proxy;
    },
  };
}
