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

/** The record's plain fields and their types; seen and persona are checked below. */
const FIELDS = { visitorId: 'string', token: 'string', conversationId: 'string', open: 'boolean', previewDismissed: 'string' } as const;

function load(storage: Storage | null, key: string): RememberedVisitor {
  try {
    const parsed = (JSON.parse(storage?.getItem(key) ?? '{}') ?? {}) as Record<string, unknown>;
    // Written by this widget, but readable by anything on the page: keep only well-typed fields.
    const record: Record<string, unknown> = {};
    for (const [field, type] of Object.entries(FIELDS)) if (typeof parsed[field] === type) record[field] = parsed[field];
    const { seen, persona } = parsed as { seen?: Partial<SeenMark> | null; persona?: Partial<PersonaChoice> | null };
    if (typeof seen?.conversationId === 'string' && typeof seen.seq === 'number') record.seen = { conversationId: seen.conversationId, seq: seen.seq };
    if (typeof persona?.conversationId === 'string' && typeof persona.personaId === 'string') record.persona = { conversationId: persona.conversationId, personaId: persona.personaId };
    return record as RememberedVisitor;
  } catch {
    return {};
  }
}
