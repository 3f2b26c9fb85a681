import type { VisitorIdentity } from '../../shared/index.js';
import type { StorageKind } from '../contract.js';
import { storageKey } from '../storage-key.js';

/** What the widget remembers per bot between page loads. */
export interface VisitorRecord {
  visitorId?: string;
  token?: string;
  conversationId?: string;
  open?: boolean;
}

export interface VisitorStore {
  read(): VisitorRecord;
  /** Merges the patch in; a key set to undefined is removed. */
  update(patch: VisitorRecord): void;
  identity(): VisitorIdentity | null;
  /** Drops the visitor and its conversation (the server refused the token); keeps `open`. */
  forgetIdentity(): void;
}

/**
 * The record lives in memory and is written through to web storage when allowed. Storage
 * may be off (data-storage="none") or throw (blocked cookies, Safari private mode): the
 * widget then still works for the life of the page.
 */
export function createVisitorStore(botKey: string, kind: StorageKind): VisitorStore {
  const key = storageKey(botKey);
  const storage = pickStorage(kind);
  let record = load(storage, key);

  const update = (patch: VisitorRecord): void => {
    record = { ...record, ...patch };
    try {
      storage?.setItem(key, JSON.stringify(record));
    } catch {
      // Quota or privacy mode: memory is enough for this page.
    }
  };

  return {
    read: () => record,
    update,
    identity: () =>
      record.visitorId && record.token ? { visitorId: record.visitorId, token: record.token } : null,
    forgetIdentity: () => update({ visitorId: undefined, token: undefined, conversationId: undefined }),
  };
}

function pickStorage(kind: StorageKind): Storage | null {
  try {
    if (kind === 'local') return window.localStorage;
    if (kind === 'session') return window.sessionStorage;
  } catch {
    // Reading the property itself throws when storage is blocked.
  }
  return null;
}

function load(storage: Storage | null, key: string): VisitorRecord {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    const { visitorId, token, conversationId, open } = parsed as Record<string, unknown>;
    return {
      ...(typeof visitorId === 'string' ? { visitorId } : {}),
      ...(typeof token === 'string' ? { token } : {}),
      ...(typeof conversationId === 'string' ? { conversationId } : {}),
      ...(typeof open === 'boolean' ? { open } : {}),
    };
  } catch {
    return {};
  }
}
