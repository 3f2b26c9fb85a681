import type { VisitorEvent } from '../../shared/index.js';
import type { StorageKind } from '../contract.js';
import { outboxKey } from '../storage-key.js';
import { pickStorage } from './visitor-record.js';

/** A visitor event not yet stored by the server, kept until its ack comes. */
export interface OutboxEntry {
  clientId: string;
  packet: VisitorEvent;
  replyTo?: string;
  /** sending: delivered whenever a conversation is open; failed: waits for the visitor's Retry. */
  status: 'sending' | 'failed';
  error?: string;
}

/**
 * The visitor's unsent messages, oldest first, in the same storage as their identity (memory
 * where that is off or blocked), so that a reload or a lost connection loses none of them.
 * Its own key, read afresh on every change: every tab of the visitor adds and removes
 * entries, and a tab's stale copy must not overwrite another's.
 */
export interface Outbox {
  entries(): OutboxEntry[];
  add(entry: OutboxEntry): void;
  /** Changes an entry that is still there; one another tab delivered meanwhile stays gone. */
  update(clientId: string, patch: Partial<Pick<OutboxEntry, 'status' | 'error'>>): void;
  remove(clientId: string): void;
  clear(): void;
  /** Other tabs share it (localStorage) and Web Locks exist: delivery takes the lock of this name first. */
  readonly lock?: string;
}

export function createOutbox(botKey: string, kind: StorageKind): Outbox {
  const key = outboxKey(botKey);
  let storage = pickStorage(kind);
  let memory: OutboxEntry[] = [];

  const read = (): OutboxEntry[] => {
    if (!storage) return memory;
    try {
      return parseEntries(storage.getItem(key));
    } catch {
      return memory;
    }
  };
  const write = (entries: OutboxEntry[]): void => {
    memory = entries;
    try {
      // No key at all when empty: the loader's peek is a plain null check.
      if (entries.length) storage?.setItem(key, JSON.stringify(entries));
      else storage?.removeItem(key);
    } catch {
      storage = null; // quota or privacy mode: memory holds the truth from now on
    }
  };

  return {
    entries: read,
    add: (entry) => write([...read().filter((e) => e.clientId !== entry.clientId), entry]),
    // An error set to undefined leaves the JSON.
    update: (clientId, patch) => write(read().map((e) => (e.clientId === clientId ? { ...e, ...patch } : e))),
    remove: (clientId) => write(read().filter((e) => e.clientId !== clientId)),
    clear: () => write([]),
    ...(kind === 'local' && storage && navigator.locks ? { lock: key } : {}),
  };
}

/** Written by this widget, but readable by anything on the page: only what looks like an entry (the server checks the packet). */
function parseEntries(raw: string | null): OutboxEntry[] {
  const parsed: unknown = JSON.parse(raw ?? '[]');
  return Array.isArray(parsed) ? parsed.filter((e: Partial<OutboxEntry> | null) => typeof e?.clientId === 'string' && typeof e.packet?.name === 'string') : [];
}
