import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { builtinBotRunner } from './bots/bot-runner.js';
import type { Config } from './config.js';
import { createConversationService, type ConversationService } from './conversations/conversation-service.js';
import type { Clock } from './engine/types.js';
import { createApp } from './http/app.js';
import { persistentSecret } from './identity/secrets.js';
import { systemClock } from './lib/clock.js';
import { findProjectRoot } from './lib/project-root.js';
import { attachVisitorHandlers, createRealtimeServer, socketPublisher, type RealtimeServer } from './realtime/gateway.js';
import { createStore, type Store } from './store/index.js';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  service: ConversationService;
  io: RealtimeServer;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** Defaults to the project's dist/widget and demo/ folders. */
  widgetDir?: string;
  demoDir?: string;
  log?: (message: string, err?: unknown) => void;
}

/** Opens the store and serves HTTP and Socket.IO on one port. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const root = findProjectRoot();
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const secret = persistentSecret(config.dataDir, 'secret', config.secret);

  const app = createApp({
    store,
    secret,
    clock,
    widgetDir: options.widgetDir ?? join(root, 'dist', 'widget'),
    demoDir: options.demoDir ?? join(root, 'demo'),
    log: options.log,
  });

  const httpServer = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as HttpServer));
  });
  const io = createRealtimeServer(httpServer, { store, secret });
  const service = createConversationService({
    store,
    clock,
    bots: builtinBotRunner(store, clock),
    publisher: socketPublisher(io),
    log: options.log,
  });
  attachVisitorHandlers(io, service, { store, secret, log: options.log });

  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    store,
    service,
    io,
    async close() {
      // io.close() also closes the HTTP server and its connections.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await service.idle();
      await store.close();
    },
  };
}
