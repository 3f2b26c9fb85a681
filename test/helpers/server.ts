import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, MessageRecord, ServerToClientEvents, VisitorIdentity } from '../../shared/index.js';
import type { Config } from '../../server/lib/config.js';
import { ensureBotFromFile } from '../../server/bots/bot-file.js';
import { findProjectRoot } from '../../server/lib/project-root.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { createServices } from '../../server/compose.js';
import { createApp } from '../../server/http/app.js';
import { systemClock, type Clock } from '../../server/lib/clock.js';
import { createLimits, LIMITS, TRUST_NOBODY, type LimitOverrides } from '../../server/lib/limits/index.js';
import type { Logger } from '../../server/lib/logger.js';
import { createOutboundClient } from '../../server/lib/outbound/index.js';
import { createStore } from '../../server/store/index.js';
import { tempDir } from './databases.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const DEMO_TOKEN = 'test-demo-admin-token-0123456789';
export const root = findProjectRoot();

/**
 * The tests' visitors all come from 127.0.0.1 and most talk to the one demo bot: there the
 * per-address and per-bot budgets are a thousand times the table's, the per-visitor ones
 * (and the 003 per-cid one) as they are. A test of a per-address limit sets its own.
 */
export const TEST_LIMITS: LimitOverrides = Object.fromEntries(
  Object.entries(LIMITS).flatMap(([name, rule]) =>
    Object.entries(rule.budgets as Record<string, { points: number; seconds: number }>)
      .filter(([key]) => key === 'ip' || key === 'bot')
      .map(([key, rate]) => [`${name}.${key}`, { points: rate.points * 1_000, seconds: rate.seconds }]),
  ),
);

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: overrides.dataDir ?? tempDir(),
    databaseUrl: undefined,
    redisUrl: undefined,
    secret: 'test-secret-0123456789abcdef',
    encryptionKey: undefined,
    visitorTokenTtlMs: 90 * 86_400_000,
    loadDemo: true,
    demoToken: DEMO_TOKEN,
    publicUrl: undefined,
    presenceGraceMs: 30_000,
    answerTimeoutMs: 300_000,
    // The tests' fake bots, providers and APIs listen on 127.0.0.1: allowed here, never by default.
    outboundAllow: ['127.0.0.1'],
    trustProxy: TRUST_NOBODY,
    logLevel: 'silent',
    metricsToken: undefined,
    metricsPort: undefined,
    shutdownTimeoutMs: 10_000,
    ...overrides,
    limits: { ...TEST_LIMITS, ...overrides.limits },
  };
}

/** What the server logged as errors (its `log` function), for tests that expect none. */
export type LogLine = { message: string; err?: unknown };

/** A real Confab server on a free port with the demo bot loaded; `log` receives what it would log as errors. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  options: { log?: (message: string, err?: unknown) => void; clock?: Clock; logger?: Logger; onStatement?: (sql: string, parameters: readonly unknown[]) => void } = {},
): Promise<RunningServer> {
  const server = await startServer({
    config: testConfig(overrides),
    log: options.log ?? (() => undefined),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  await ensureBotFromFile(server.store, join(root, 'demo', 'bot.json'), DEMO_TOKEN, new Date(), { resetAdminToken: true });
  return server;
}

/** The HTTP app alone, on a fresh SQLite store with the demo bot: for `app.request()` tests. */
export async function createTestApp(options: { widgetDir?: string; consoleDir?: string } = {}) {
  const dataDir = tempDir();
  const store = await createStore({ dataDir });
  await ensureBotFromFile(store, join(root, 'demo', 'bot.json'), DEMO_TOKEN, new Date(), { resetAdminToken: true });
  const clock = systemClock;
  // The production composition, without sockets; api_fetch calls to "/..." go nowhere.
  const services = createServices({
    store,
    clock,
    publicUrl: () => 'http://localhost',
    selfUrl: () => 'http://127.0.0.1:9',
    outbound: createOutboundClient({ allow: ['127.0.0.1'] }),
    limits: createLimits({ overrides: TEST_LIMITS }),
    sleep: async () => undefined,
    log: () => undefined,
  });
  const app = createApp({
    ...services,
    store,
    dataDir,
    publicUrl: () => 'http://localhost',
    secret: 'test-secret-0123456789abcdef',
    clock,
    widgetDir: options.widgetDir ?? tempDir(),
    demoDir: join(root, 'demo'),
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    log: () => undefined,
  });
  return { app, store, service: services.service, visitorRequests: services.visitorRequests };
}

export async function newVisitor(baseUrl: string, botKey = 'demo'): Promise<VisitorIdentity> {
  const res = await fetch(`${baseUrl}/api/widget/visitors`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ botKey }),
  });
  if (res.status !== 201) throw new Error(`visitor creation answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as VisitorIdentity;
}

/** A connected socket.io-client, or the connect_error's message as a rejection. */
export function connectVisitor(baseUrl: string, auth: { botKey: string; token: string }): Promise<ClientSocket> {
  const socket: ClientSocket = connect(baseUrl, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Collects `message:new` events so a test can wait for the one it expects. */
export function messageInbox(socket: ClientSocket) {
  const received: MessageRecord[] = [];
  const waiters: Array<{ test: (m: MessageRecord) => boolean; resolve: (m: MessageRecord) => void }> = [];
  socket.on('message:new', (m) => {
    received.push(m);
    for (const w of [...waiters]) {
      if (w.test(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  return {
    received,
    next(test: (m: MessageRecord) => boolean, timeoutMs = 5_000): Promise<MessageRecord> {
      const seen = received.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching message:new in time')), timeoutMs);
        waiters.push({
          test,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
}

export const fromBot = (m: MessageRecord) => m.author === 'bot';
export const bodyOf = (m: MessageRecord | undefined): string | undefined =>
  m && 'body' in m.packet.payload ? (m.packet.payload as { body?: string }).body : undefined;
