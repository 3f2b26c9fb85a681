import { signal } from '@preact/signals';
import { ownerApi, OwnerApiError, type OwnerView } from './owner-api.js';

const STORAGE_KEY = 'confab-owner-session';

export interface OwnerSession {
  token: string;
  owner: OwnerView;
}

function stored(): OwnerSession | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as OwnerSession | null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The signed-in owner (kept across reloads like the agent's token), or null. */
export const ownerSession = signal<OwnerSession | null>(stored());

function keep(session: OwnerSession | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  ownerSession.value = session;
}

/** Email and password for a session; a refusal is thrown with the server's words. */
export async function signInOwner(server: string, email: string, password: string): Promise<void> {
  keep(await ownerApi(server, null).request<OwnerSession>('POST', '/api/console/session', { email, password }));
}

/** Ends the session on the server (if it can be reached) and here. */
export async function signOutOwner(server: string): Promise<void> {
  const session = ownerSession.value;
  keep(null);
  if (session) await ownerApi(server, session.token).request('DELETE', '/api/console/session').catch(() => undefined);
}

/** A stored session that expired or was signed out elsewhere: back to the sign-in form. */
export async function checkOwnerSession(server: string): Promise<void> {
  const session = ownerSession.value;
  if (!session) return;
  try {
    await ownerApi(server, session.token).request('GET', '/api/console/me');
  } catch (err) {
    if (err instanceof OwnerApiError && err.status === 401) keep(null);
  }
}

/** A request refused with 401 mid-work: the session is over. */
export function endIfSignedOut(err: unknown): void {
  if (err instanceof OwnerApiError && err.status === 401) keep(null);
}
