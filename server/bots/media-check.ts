/**
 * 003: the file a media action points to must be reachable when the action is processed.
 * A HEAD request (or a one-byte GET where HEAD is not allowed) says whether it is.
 */
export async function checkMediaReachable(url: string, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    let res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (res.status === 405 || res.status === 501) {
      res = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      await res.body?.cancel();
    }
    return res.ok ? undefined : `the file answered HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error;
    return e.name === 'TimeoutError' ? `the file did not answer within ${timeoutMs} ms` : `the file is not reachable (${e.message})`;
  }
}
