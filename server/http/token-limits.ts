import type { Context } from 'hono';
import { requestAddress, type HttpLimitsDeps } from './rate-limits.js';

export type TokenLimitsDeps = HttpLimitsDeps;

/**
 * Guessing tokens: every wrong token an address sends is counted ('bad-token'); past the
 * budget the address is refused with 429 whatever token it sends, until the window passes,
 * so a guess that happens to be right is not told apart from a wrong one.
 */
export function refuseBadToken(deps: TokenLimitsDeps) {
  return {
    /** Before the token is checked: an address past its budget is refused. */
    guard: (c: Context) => deps.limits.check('bad-token', { ip: requestAddress(c, deps.trustProxy) }, 1),
    /** The token was wrong: counted. */
    failed: (c: Context) => deps.limits.take('bad-token', { ip: requestAddress(c, deps.trustProxy) }),
  };
}
