import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostRoute {
  body: string;
  headers?: Record<string, string>;
}

export interface HostPageServer {
  /** http://127.0.0.1:PORT, another origin than the Confab server's. */
  origin: string;
  /** Adds or replaces the page served at `path`. */
  set(path: string, route: HostRoute): void;
  close(): Promise<void>;
}

/**
 * A site that embeds the widget, on its own origin: a tiny node:http server serving HTML
 * pages a test writes, with the headers it wants (a Content-Security-Policy, say). The Confab
 * server stays as it is.
 */
export async function startHostPages(routes: Record<string, HostRoute> = {}): Promise<HostPageServer> {
  const pages = new Map(Object.entries(routes));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, route) => void pages.set(path, route),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The embed tag, with data-* attributes from an object (`{primaryColor: '#f00'}` → data-primary-color). */
export function embedTag(confabUrl: string, attributes: Record<string, string> = {}, extra = ''): string {
  const data = Object.entries({ botKey: 'demo', ...attributes })
    .map(([key, value]) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${value.replace(/"/g, '&quot;')}"`)
    .join(' ');
  return `<script src="${confabUrl}/widget.js" ${data} ${extra}></script>`;
}

/** A plain page around some body HTML. */
export function hostPage(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>${head}</head><body>${body}</body></html>`;
}
