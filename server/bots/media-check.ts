import { OutboundError, type OutboundClient } from '../lib/outbound/index.js';

/**
 * 003: the file a media action points to must be reachable when the action is processed.
 * A HEAD request (or a one-byte GET where HEAD is not allowed) says whether it is.
 *
 * The answer must not tell a bot author what listens where: a refused address, a closed port,
 * a timeout and any other network failure all give the same words. Only a server that answered
 * (at an address the bot may reach) is told apart, by its HTTP status.
 */
export const NOT_REACHABLE = 'the file is not reachable';

export async function checkMediaReachable(outbound: OutboundClient, url: string, allow: readonly string[], timeoutMs = 5_000): Promise<string | undefined> {
  const options = { timeoutMs, maxBytes: 64 * 1024, overflow: 'truncate' as const, allow };
  try {
    let res = await outbound.request(url, { ...options, method: 'HEAD' });
    if (res.status === 405 || res.status === 501) {
      res = await outbound.request(url, { ...options, headers: { Range: 'bytes=0-0' } });
      await res.body?.cancel();
    }
    return res.ok ? undefined : `the file answered HTTP ${res.status}`;
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    return NOT_REACHABLE;
  }
}
