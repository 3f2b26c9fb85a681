import { useState } from 'preact/hooks';
import { endIfSignedOut } from './owner-session.js';

/**
 * A view's requests: `run` marks the view busy, clears the last error, and on a refusal shows
 * the server's message (and signs out when the session is over).
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      endIfSignedOut(err);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
