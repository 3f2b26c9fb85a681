import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { Owner, Store } from '../store/index.js';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from './passwords.js';
import { hashToken } from './secrets.js';

/** An owner's console session lasts this long; signing in again starts a new one. */
export const OWNER_SESSION_TTL_MS = 30 * 86_400_000;
export const OWNER_SESSION_PREFIX = 'cfo_';

export { OWNER_PASSWORD_MAX, OWNER_PASSWORD_MIN } from '../../shared/limits.js';

export interface NewOwner {
  email: string;
  name: string;
  password: string;
}

/** Creates an owner account; undefined when an account has that email already (in any case). */
export async function createOwner(store: Store, input: NewOwner, now: Date): Promise<Owner | undefined> {
  const owner: Owner = {
    id: randomUUID(),
    email: input.email.trim().toLowerCase(),
    name: input.name,
    passwordHash: await hashPassword(input.password),
    createdAt: now.toISOString(),
  };
  return (await store.owners.create(owner)) ? owner : undefined;
}

/**
 * The owner of this email and password, else undefined. An unknown email costs a scrypt
 * like a wrong password does, so the time taken does not tell which accounts exist.
 */
export async function checkOwnerPassword(store: Store, email: string, password: string): Promise<Owner | undefined> {
  const owner = await store.owners.findByEmail(email.trim());
  const matches = await verifyPassword(password, owner?.passwordHash ?? UNMATCHABLE_HASH);
  return owner && matches ? owner : undefined;
}

/** A new session for the owner: the token is returned this once, the store keeps its sha256. */
export async function startOwnerSession(store: Store, owner: Owner, clock: Clock): Promise<string> {
  const token = `${OWNER_SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = clock.now();
  await store.owners.addSession({
    tokenHash: hashToken(token),
    ownerId: owner.id,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + OWNER_SESSION_TTL_MS).toISOString(),
  });
  return token;
}

/** The owner of a session token that is current. */
export function ownerOfSession(store: Store, token: string, clock: Clock): Promise<Owner | undefined> {
  return store.owners.findSession(hashToken(token), clock.now().toISOString());
}

/**
 * CONFAB_OWNER_EMAIL + CONFAB_OWNER_PASSWORD: the account is created at start when no account
 * has that email (an existing one keeps its password), and it adopts every bot without an
 * owner (an install from before owner accounts). What happened, for the start banner.
 */
export async function ensureOwnerFromEnv(store: Store, env: { email: string; password: string }, now: Date): Promise<string> {
  const created = await createOwner(store, { email: env.email, name: env.email.split('@')[0]!, password: env.password }, now);
  const owner = created ?? (await store.owners.findByEmail(env.email))!;
  const adopted = await store.bots.adopt(owner.id);
  const bots = adopted > 0 ? ` (given the ${adopted} bot${adopted === 1 ? '' : 's'} without an owner)` : '';
  return created ? `Owner account ${owner.email} created from CONFAB_OWNER_EMAIL${bots}` : `Owner account ${owner.email}: exists${bots}`;
}

/**
 * A new password for the owner; every session but `keepSession` (the sha256 of the one that
 * asked, if any) is signed out, so a browser left signed in elsewhere, or a thief's, is
 * out at once. How many sessions ended.
 */
export async function setOwnerPassword(store: Store, owner: Owner, password: string, keepSession?: string): Promise<number> {
  await store.owners.setPassword(owner.id, await hashPassword(password));
  return store.owners.endSessions(owner.id, keepSession);
}

/** A password to hand an owner once (the CLI's reset): 18 random bytes, 24 URL-safe characters. */
export const generatedOwnerPassword = () => randomBytes(18).toString('base64url');
