import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress, TRUST_NOBODY, type LimitName, type Limits, type LimitSubject, type TrustProxy } from '../lib/limits/index.js';

export interface HttpLimitsDeps {
  limits: Limits;
  /** Whose X-Forwarded-For names the client (CONFAB_TRUST_PROXY); nobody's by default. */
  trustProxy?: TrustProxy;
}

/**
 * The client's address key: the connection's own address (@hono/node-server puts the Node
 * request in `c.env.incoming`), or the X-Forwarded-For entry the trusted proxies vouch for.
 * A request made in-process (`app.request()` in tests) has no address: "unknown".
 */
export function requestAddress(c: Context, trust: TrustProxy = TRUST_NOBODY): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return clientAddress(trust, incoming?.socket?.remoteAddress, c.req.header('X-Forwarded-For'));
}

/**
 * Middleware that counts every request of a route against the rule's budgets for its
 * address (and whatever else `subject` adds); past a budget it throws RateLimited, which the
 * route's error handler answers with 429 and Retry-After in its own envelope.
 */
export function limitByAddress(deps: HttpLimitsDeps, name: LimitName, subject: (c: Context) => LimitSubject = () => ({})): MiddlewareHandler {
  return async (c, next) => {
    await deps.limits.take(name, { ...subject(c), ip: requestAddress(c, deps.trustProxy) });
    await next();
  };
}
