import type { VisitorIdentity } from '../../shared/index.js';
import type { StorageKind } from '../contract.js';
import { storageKey } from '../storage-key.js';
import type { PersonaChoice, SeenMark } from './chat-state.js';

/** What the widget remembers per bot between page loads. */
export interface RememberedVisitor {
  visitorId?: string;
  token?: string;
  conversationId?: string;
  open?: boolean;
  /** The newest message seen with the panel open and the page visible. */
  seen?: SeenMark;
  /** The preview bubble the visitor closed ("greeting" or a message id). */
  previewDismissed?: string;
  persona?: PersonaChoice;
}

/** The visitor's record in web storage: read, patch, forget. */
export interface VisitorRecord {
  read(): RememberedVisitor;
  /** Merges the patch in; a key set to undefined is removed. */
  update(patch: RememberedVisitor): void;
  identity(): VisitorIdentity | null;
  /** Drops the visitor and its conversation (the server refused the token); keeps `open`. */
  forgetIdentity(): void;
}

/**
 * The record lives in memory and is written through to web storage when allowed. Storage
 * may be off (data-storage="none") or throw (blocked cookies, Safari private mode): the
 * widget then still works for the life of the page.
 */
export function createVisitorRecord(botKey: string, kind: StorageKind): VisitorRecord {
  const key = storageKey(botKey);
  const storage = pickStorage(kind);
  let record = load(storage, key);

  const update = (patch: RememberedVisitor): void => {
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

export function pickStorage(kind: StorageKind): Storage | null {
  try {
    if (kind === 'local') return window.localStorage;
    if (kind === 'session') return window.sessionStorage;
  } catch {
    // Reading the property itself throws when storage is blocked.
  }
  return null;
}

function load(storage: Storage | null, key: string): RememberedVisitor {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    const { visitorId, token, conversationId, open, seen, previewDismissed, persona } = parsed as Record<string, unknown>;
    const mark = seen as Partial<SeenMark> | null | undefined;
    const picked = persona as Partial<PersonaChoice> | null | undefined;
    // Written by this widget, but readable by anything on the page: keep only well-typed fields.
    const record: RememberedVisitor = {};
    if (typeof visitorId === 'string') record.visitorId = visitorId;
    if (typeof token === 'string') record.token = token;
    if (typeof conversationId === 'string') record.conversationId = conversationId;
    if (typeof open === 'boolean') record.open = open;
    if (typeof mark?.conversationId === 'string' && typeof mark.seq === 'number') record.seen = { conversationId: mark.conversationId, seq: mark.seq };
    if (typeof previewDismissed === 'string') record.previewDismissed = previewDismissed;
    if (typeof picked?.conversationId === 'string' && typeof picked.personaId === 'string') record.persona = { conversationId: picked.conversationId, personaId: picked.personaId };
    return record;
  } catch {
    return {};
  }
}
