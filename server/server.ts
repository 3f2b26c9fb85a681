import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createServices } from './compose.js';
import type { Config } from './lib/config.js';
import { smtpMailer } from './lib/mailer.js';
import type { ConversationService } from './conversations/conversation-service.js';
import { sweepIdleConversations } from './conversations/timeouts.js';
import type { VisitorRequests } from './conversations/visitor-requests.js';
import { createApp } from './http/app.js';
import { metricsPortApp, requestTracking, type NodeState } from './http/operations.js';
import { persistentSecret } from './lib/data-dir.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLimits, redisLimiters } from './lib/limits/index.js';
import { connectRedis, oneNode, redisCluster } from './lib/cluster/index.js';
import { createLogger, errorLog, type Log, type Logger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { createOutboundClient } from './lib/outbound/index.js';
import { findProjectRoot } from './lib/project-root.js';
import type { AgentDesk } from './agents/agent-desk.js';
import { agentSocketPublisher, attachAgentHandlers } from './realtime/agent-gateway.js';
import { attachVisitorHandlers, createRealtimeServer, disconnectVisitor, socketPublisher, type RealtimeServer } from './realtime/gateway.js';
import { createStore, type Store } from './store/index.js';
import { ensureOwnerFromEnv } from './identity/owner-accounts.js';

export interface RunningServer {
  /** How this machine reaches the server: http://localhost:PORT, or the HOST it listens on. */
  url: string;
  port: number;
  /** Where it listens (the HTTP server's address()). */
  address: AddressInfo;
  store: Store;
  service: ConversationService;
  visitorRequests: VisitorRequests;
  /** The thread API's message webhook: idle() once every delivery published so far is sent. */
  messageWebhook: { idle(): Promise<void> };
  desk: AgentDesk;
  io: RealtimeServer;
  logger: Logger;
  metrics: Metrics;
  /** Where /metrics is served without a token when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** starting → ready (after migrations and `prepare`) → stopping (after close() began). */
  state(): NodeState;
  /** Lines for the start banner (the owner account made from CONFAB_OWNER_EMAIL). */
  notices: string[];
  /**
   * The graceful stop: /readyz answers 503, no new connections, sockets are cut so that their
   * clients reconnect (to another node, or to this one once it is back), running requests,
   * bot turns and webhook deliveries finish, then the store closes.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** Defaults to the project's dist/widget and demo/ folders. */
  widgetDir?: string;
  demoDir?: string;
  /** Where errors go; the logger's error level by default. Tests pass their own to collect them. */
  log?: Log;
  /** JSON lines at LOG_LEVEL on stdout by default. */
  logger?: Logger;
  /** Hears the SQL of every statement the store runs (tests count a round trip's). */
  onStatement?: (sql: string, parameters: readonly unknown[]) => void;
  /** Runs after the store is migrated and before the server reports ready (main.ts loads the demo bot). */
  prepare?: (store: Store) => Promise<void>;
}

/** Opens the store and serves HTTP and Socket.IO on one port. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const root = findProjectRoot();
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const log = options.log ?? errorLog(logger);
  const metrics = createMetrics();
  let state: NodeState = 'starting';
  const store = await createStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    encryptionKey: config.encryptionKey,
    onQuery: (seconds, failed) => metrics.storeQuerySeconds.observe({ outcome: failed ? 'error' : 'ok' }, seconds),
    onCheckpointFailure: (message) => log('SQLite WAL checkpoints', new Error(message)),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  const secret = persistentSecret(config.dataDir, 'secret', config.secret);
  // REDIS_URL: this node is one of several (configFromEnv made sure they share PostgreSQL).
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  const adapterRedis = config.redisUrl ? await connectRedis(config.redisUrl, log, true) : undefined;
  const cluster = redis ? redisCluster(redis) : oneNode();

  // The HTTP server exists before the app so that Socket.IO, and the services that publish
  // through it, can be made first; requests only arrive after listen().
  let app: ReturnType<typeof createApp> | undefined;
  // The bindings (the Node request) go along: per-address limits read the connection's address.
  const httpServer = createAdaptorServer({ fetch: (req, env) => app!.fetch(req, env) }) as HttpServer;
  // Rooms span the nodes: a message stored on one reaches the visitor's socket on another.
  const io = createRealtimeServer(httpServer, adapterRedis ? createAdapter(adapterRedis) : undefined);
  let selfUrl = '';
  let publicUrl = config.publicUrl ?? '';
  const consoles = agentSocketPublisher(io, cluster);
  const services = createServices({
    store,
    clock,
    publicUrl: () => publicUrl,
    selfUrl: () => selfUrl,
    outbound: createOutboundClient({ allow: config.outboundAllow }),
    sinks: [socketPublisher(io)],
    limits: createLimits({ overrides: config.limits, ...(redis ? { factory: redisLimiters(redis) } : {}) }),
    agentSinks: [consoles],
    presenceGraceMs: config.presenceGraceMs,
    answerTimeoutMs: config.answerTimeoutMs,
    log,
    metrics,
    ...(config.smtp ? { mailer: smtpMailer(config.smtp) } : {}),
    cluster,
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
  attachAgentHandlers(io, desk, { store, log, limits: services.limits, trustProxy: config.trustProxy, publicUrl: () => publicUrl });
  const requests = requestTracking(logger);
  metrics.watch({
    requestsInFlight: requests.running,
    connectedVisitors: () => io.of('/').sockets.size,
    connectedAgents: () => new Set([...io.of('/agents').sockets.values()].map((s) => (s.data as { agentId?: string }).agentId)).size,
    async waitingConversations() {
      const waiting: Record<string, number> = {};
      for (const bot of await store.bots.list()) {
        const counts = await store.transfers.queueCounts(bot.id);
        waiting[bot.key] = counts.general + Object.values(counts.teams).reduce((a, b) => a + b, 0);
      }
      return waiting;
    },
  });
  app = createApp({
    ...services,
    store,
    dataDir: config.dataDir,
    sharedUploads: cluster.shared,
    trustProxy: config.trustProxy,
    publicUrl: () => publicUrl,
    secret,
    clock,
    widgetDir: options.widgetDir ?? join(root, 'dist', 'widget'),
    demoDir: options.demoDir ?? join(root, 'demo'),
    log,
    visitorTokenTtlMs: config.visitorTokenTtlMs,
    onVisitorRevoked: (visitorId) => disconnectVisitor(io, visitorId),
    onBotDeleted(botId, visitorIds) {
      consoles.disconnectBot(botId);
      for (const visitorId of visitorIds) disconnectVisitor(io, visitorId);
    },
    requests,
    state: () => state,
    metrics,
    metricsToken: config.metricsToken,
    metricsOnMainPort: config.metricsPort === undefined,
    checks: [{ name: 'store', check: () => store.ping() }, ...(redis ? [{ name: 'redis', check: () => cluster.ping() }] : [])],
    async onAgentRevoked(agent) {
      consoles.disconnectAgent(agent.id);
      await desk.removed(agent);
    },
  });

  // A node that listened before knowing which bots have a console open on the others would
  // build every message's inbox row for nobody until it did.
  await consoles.known;
  await listen(httpServer, config.port, config.host);
  const metricsServer = config.metricsPort === undefined ? undefined : (createAdaptorServer({ fetch: metricsPortApp(metrics).fetch }) as HttpServer);
  if (metricsServer) await listen(metricsServer, config.metricsPort!, config.host);
  const address = httpServer.address() as AddressInfo;
  const { port } = address;
  // Every interface includes loopback; a specific address is reached only there.
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const host = everywhere ? '127.0.0.1' : config.host;
  selfUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = everywhere || host === '127.0.0.1' || host === 'localhost' ? `http://localhost:${port}` : selfUrl;
  publicUrl ||= url;
  const metricsUrl = metricsServer ? `http://${host.includes(':') ? `[${host}]` : host}:${(metricsServer.address() as AddressInfo).port}/metrics` : undefined;
  // Bot turns a crash interrupted are queued again, and delayed bot actions that fell due
  // while the server was down go out now, each behind its conversation's turns.
  await service.resumeBotTurns();
  await service.deliverDue();
  const sweeper = setInterval(() => {
    // One node a round looks for idle conversations (the lease is left to expire, not let go).
    void cluster
      .claim('sweep:timeouts', SWEEP_MS - 1_000)
      .then((lease) => lease && sweepIdleConversations({ store, clock, service }))
      .catch((err: unknown) => log('conversation timeout sweep failed', err));
    // Delayed actions whose delivery failed on the store (full, down) go out once it is back
    // (each conversation's lease lets one node deliver them).
    service.deliverDue().catch((err: unknown) => log('delivering delayed actions failed', err));
    // The turns of a node that was killed: its conversation leases have run out by now.
    if (cluster.shared) service.resumeBotTurns().catch((err: unknown) => log('resuming bot turns failed', err));
  }, SWEEP_MS);
  sweeper.unref();
  // Agents whose consoles are gone (this node's), assignments nobody answered (one node's round): back to the queue.
  const deskSweeper = setInterval(() => {
    void cluster
      .claim('sweep:desk', DESK_SWEEP_MS - 500)
      .then((lease) => desk.sweep({ unanswered: lease !== undefined }))
      .catch((err: unknown) => log('agent desk sweep failed', err));
  }, DESK_SWEEP_MS);
  deskSweeper.unref();
  const notices: string[] = [];
  if (config.owner) notices.push(await ensureOwnerFromEnv(store, config.owner, clock.now()));
  await options.prepare?.(store);
  state = 'ready';
  logger.info({ url, store: store.dialect, ...(metricsUrl ? { metricsUrl } : {}) }, 'ready');

  return {
    url,
    port,
    address,
    store,
    service,
    visitorRequests: services.visitorRequests,
    messageWebhook: services.messageWebhook,
    desk,
    io,
    logger,
    metrics,
    metricsUrl,
    state: () => state,
    notices,
    async close() {
      if (state === 'stopping') return;
      state = 'stopping';
      clearInterval(sweeper);
      clearInterval(deskSweeper);
      service.stop();
      // No new connections; idle keep-alive ones close now, busy ones after their response.
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Cutting the transports (not a Socket.IO disconnect, which clients take as final)
      // makes every client reconnect: through the proxy to another node, or here after a restart.
      io.engine.close();
      await requests.idle();
      await services.visitorRequests.idle();
      await service.idle();
      await service.letGo();
      await services.messageWebhook.idle();
      // What is left open is long-lived: the API's event streams (their clients reconnect).
      httpServer.closeAllConnections();
      await httpClosed;
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await store.close();
      await cluster.close();
      adapterRedis?.destroy();
      logger.info('stopped');
    },
  };
}

const SWEEP_MS = 15_000;
const DESK_SWEEP_MS = 5_000;

function listen(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
