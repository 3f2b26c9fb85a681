import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { hashToken } from '../identity/secrets.js';
import { logContext, type Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { Store } from '../store/index.js';
import { errorResponse } from './envelopes.js';

/** Where a node is in its life: it takes traffic only while ready. */
export type NodeState = 'starting' | 'ready' | 'stopping';

/** One dependency /readyz checks (the store; Redis when there is one). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface OperationsDeps {
  store: Store;
  /** The node's state; without it the app counts as ready (tests' app). */
  state?: () => NodeState;
  /** What /readyz checks besides the state; the store's ping by default. */
  checks?: ReadinessCheck[];
  metrics?: Metrics;
  /** METRICS_TOKEN; absent, only an admin token opens /metrics on the main port. */
  metricsToken?: string | undefined;
  /** false when /metrics has a port of its own (METRICS_PORT): then the main port has none. */
  metricsOnMainPort?: boolean;
}

/** A readiness check that hangs (a black-holed database) fails after this long. */
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** The Prometheus text of a registry, uncached. */
async function metricsResponse(metrics: Metrics): Promise<Response> {
  return new Response(await metrics.registry.metrics(), {
    headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' },
  });
}

/** /healthz (alive), /readyz (takes traffic) and /metrics on the main port. */
export function operationsApi(deps: OperationsDeps) {
  const app = new Hono();
  const checks = deps.checks ?? [{ name: 'store', check: () => deps.store.ping() }];

  // Alive, not ready: a store that is down is /readyz's answer. A liveness probe that failed
  // with the database would have every node restarted by its orchestrator at once.
  app.get('/healthz', (c) => c.json({ status: 'ok', store: deps.store.dialect }));

  app.get('/readyz', async (c) => {
    const state = deps.state?.() ?? 'ready';
    if (state !== 'ready') return errorResponse(c, 503, state === 'stopping' ? 'shutting down' : 'starting');
    for (const { name, check } of checks) {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS, name);
      } catch {
        return errorResponse(c, 503, `the ${name} is not reachable`);
      }
    }
    return c.json({ status: 'ok', store: deps.store.dialect });
  });

  app.get('/metrics', async (c) => {
    const { metrics } = deps;
    if (!metrics || deps.metricsOnMainPort === false) return errorResponse(c, 404, 'no route for GET /metrics');
    const match = /^Bearer\s+(\S{1,500})$/i.exec(c.req.header('Authorization') ?? '');
    const token = match?.[1];
    // Compared as hashes: equal lengths for timingSafeEqual, whatever was sent.
    const isMetricsToken = token !== undefined && deps.metricsToken !== undefined && timingSafeEqual(sha256(token), sha256(deps.metricsToken));
    const allowed = isMetricsToken || (token !== undefined && (await deps.store.bots.findByAdminTokenHash(hashToken(token))) !== undefined);
    if (!allowed) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, token ? 'the token is not valid for /metrics' : 'a token is required: Authorization: Bearer <METRICS_TOKEN or an admin token>');
    }
    return metricsResponse(metrics);
  });

  return app;
}

/** /metrics alone, without a token: the app of METRICS_PORT, for a private network. */
export function metricsPortApp(metrics: Metrics) {
  const app = new Hono();
  app.get('/metrics', () => metricsResponse(metrics));
  app.notFound((c) => errorResponse(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  return app;
}

/** Probes and scrapes come every few seconds: their lines are debug, not info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Every request gets an id (X-Request-Id: the proxy's, when it sends a plain one, else a new
 * one, echoed on the response), carried by every log line written while it runs, and one line
 * of its own when it ends: method, path (never the query), status and milliseconds. Nothing of
 * headers or bodies. Also counts the requests whose handlers still run, for the shutdown.
 */
export function requestTracking(logger: Logger | undefined) {
  let running = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (running > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const ids = requestId({ limitLength: 100 });
  const middleware: MiddlewareHandler<{ Variables: RequestIdVariables }> = (c, next) =>
    ids(c, async () => {
      const id = c.get('requestId');
      const started = performance.now();
      running++;
      try {
        await logContext.run({ requestId: id }, next);
      } finally {
        running--;
        settle();
        const line = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) };
        if (QUIET_PATHS.has(c.req.path)) logger?.debug({ requestId: id, ...line }, 'request');
        else logger?.info({ requestId: id, ...line }, 'request');
      }
    });
  return {
    middleware,
    running: () => running,
    /** Resolves when no request handler runs (streams already answered do not count). */
    idle: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
