import { createMiddleware } from 'hono/factory';
import { OWNER_SESSION_PREFIX, ownerOfSession } from '../../identity/owner-accounts.js';
import type { Clock } from '../../lib/clock.js';
import type { Owner, Store } from '../../store/index.js';
import { errorResponse } from '../envelopes.js';
import { refuseBadToken, type TokenLimitsDeps } from '../token-limits.js';

export type OwnerEnv = { Variables: { owner: Owner; sessionToken: string } };

/** `Authorization: Bearer cfo_…`: a current owner session, else a 401 (wrong ones counted like wrong tokens). */
export function ownerAuth(deps: TokenLimitsDeps & { store: Store; clock: Clock }) {
  const badToken = refuseBadToken(deps);
  return createMiddleware<OwnerEnv>(async (c, next) => {
    await badToken.guard(c);
    const match = /^Bearer\s+(\S{1,500})$/i.exec(c.req.header('Authorization') ?? '');
    const token = match?.[1];
    const owner = token?.startsWith(OWNER_SESSION_PREFIX) ? await ownerOfSession(deps.store, token, deps.clock) : undefined;
    if (!owner) {
      if (match) await badToken.failed(c);
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, match ? 'the owner session is not valid (signed out or expired): sign in again' : 'an owner session is required: Authorization: Bearer <token from POST /api/console/session>');
    }
    c.set('owner', owner);
    c.set('sessionToken', token!);
    await next();
  });
}
