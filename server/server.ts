import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createServices } from './compose.js';
import type { Config } from './config.js';
import type { ConversationService } from './conversations/conversation-service.js';
import { sweepIdleConversations } from './conversations/timeouts.js';
import type { VisitorRequests } from './conversations/visitor-requests.js';
import { createApp } from './http/app.js';
import { persistentSecret } from './lib/data-dir.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLimits } from './lib/limits/index.js';
import { createOutboundClient } from './lib/outbound/index.js';
import { findProjectRoot } from './lib/project-root.js';
import type { AgentDesk } from './agents/agent-desk.js';
import { agentSocketPublisher, attachAgentHandlers } from './realtime/agent-gateway.js';
import { attachVisitorHandlers, createRealtimeServer, disconnectVisitor, socketPublisher, type RealtimeServer } from './realtime/gateway.js';
import { createStore, type Store } from './store/index.js';

export interface RunningServer {
  /** How this machine reaches the server: http://localhost:PORT, or the HOST it listens on. */
  url: string;
  port: number;
  /** Where it listens (the HTTP server's address()). */
  address: AddressInfo;
  store: Store;
  service: ConversationService;
  visitorRequests: VisitorRequests;
  desk: AgentDesk;
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
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, encryptionKey: config.encryptionKey });
  const secret = persistentSecret(config.dataDir, 'secret', config.secret);

  // The HTTP server exists before the app so that Socket.IO, and the services that publish
  // through it, can be made first; requests only arrive after listen().
  let app: ReturnType<typeof createApp> | undefined;
  // The bindings (the Node request) go along: per-address limits read the connection's address.
  const httpServer = createAdaptorServer({ fetch: (req, env) => app!.fetch(req, env) }) as HttpServer;
  const io = createRealtimeServer(httpServer);
  const log = options.log ?? ((message: string, err?: unknown) => console.error(message, err));
  let selfUrl = '';
  let publicUrl = config.publicUrl ?? '';
  const consoles = agentSocketPublisher(io);
  const services = createServices({
    store,
    clock,
    publicUrl: () => publicUrl,
    selfUrl: () => selfUrl,
    outbound: createOutboundClient({ allow: config.outboundAllow }),
    sinks: [socketPublisher(io)],
    limits: createLimits({ overrides: config.limits }),
    agentSinks: [consoles],
    presenceGraceMs: config.presenceGraceMs,
    answerTimeoutMs: config.answerTimeoutMs,
    log,
  });
  const { service, desk } = services;
  attachVisitorHandlers(io, services.visitorRequests, {
    store,
    secret,
    clock,
    visitorTokenTtlMs: config.visitorTokenTtlMs,
    log,
    limits: services.limits,
    trustProxy: config.trustProxy,
    publicUrl: () => publicUrl,
  });
  attachAgentHandlers(io, desk, { store, log });
  app = createApp({
    ...services,
    store,
    dataDir: config.dataDir,
    trustProxy: config.trustProxy,
    publicUrl: () => publicUrl,
    secret,
    clock,
    widgetDir: options.widgetDir ?? join(root, 'dist', 'widget'),
    demoDir: options.demoDir ?? join(root, 'demo'),
    log: options.log,
    visitorTokenTtlMs: config.visitorTokenTtlMs,
    onVisitorRevoked: (visitorId) => disconnectVisitor(io, visitorId),
    async onAgentRevoked(agent) {
      consoles.disconnectAgent(agent.id);
      await desk.removed(agent);
    },
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const { port } = address;
  // Every interface includes loopback; a specific address is reached only there.
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const host = everywhere ? '127.0.0.1' : config.host;
  selfUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = everywhere || host === '127.0.0.1' || host === 'localhost' ? `http://localhost:${port}` : selfUrl;
  publicUrl ||= url;
  // Bot turns a crash interrupted are queued again, and delayed bot actions that fell due
  // while the server was down go out now, each behind its conversation's turns.
  await service.resumeBotTurns();
  await service.deliverDue();
  const sweeper = setInterval(() => {
    sweepIdleConversations({ store, clock, service }).catch((err: unknown) => log('conversation timeout sweep failed', err));
    // Delayed actions whose delivery failed on the store (full, down) go out once it is back.
    service.deliverDue().catch((err: unknown) => log('delivering delayed actions failed', err));
  }, 15_000);
  sweeper.unref();
  // Agents whose consoles are gone, assignments nobody answered: back to the queue.
  const deskSweeper = setInterval(() => {
    desk.sweep().catch((err: unknown) => log('agent desk sweep failed', err));
  }, 5_000);
  deskSweeper.unref();

  return {
    url,
    port,
    address,
    store,
    service,
    visitorRequests: services.visitorRequests,
    desk,
    io,
    async close() {
      // io.close() also closes the HTTP server and its connections.
      clearInterval(sweeper);
      clearInterval(deskSweeper);
      service.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await services.visitorRequests.idle();
      await service.idle();
      await store.close();
    },
  };
}
