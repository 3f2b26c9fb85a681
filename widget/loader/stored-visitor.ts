import type { WidgetOptions } from '../contract.js';
import { outboxKey, storageKey } from '../storage-key.js';

/** The panel owns the visitor record; the loader only peeks at it and, on reset, drops it. */
export function storageOf(options: WidgetOptions): Storage | null {
  try {
    return options.storage === 'local' ? localStorage : options.storage === 'session' ? sessionStorage : null;
  } catch {
    return null; // storage blocked (third-party iframes, privacy modes)
  }
}

/**
 * What the loader decides from the record: a panel left open on the previous page is imported
 * at once; a visitor with a conversation, or with unsent messages (the outbox's key exists
 * only while it holds some), gets the panel at idle (for unread badges, and to send them);
 * anyone else gets it on intent.
 */
export function peekVisitor(options: WidgetOptions): { open?: unknown; conversationId?: unknown; unsent?: boolean } {
  try {
    const storage = storageOf(options);
    const record: unknown = JSON.parse(storage?.getItem(storageKey(options.botKey)) ?? '{}');
    const unsent = storage?.getItem(outboxKey(options.botKey)) != null;
    return record && typeof record === 'object' ? { ...record, unsent } : { unsent };
  } catch {
    return {}; // a corrupt record
  }
}

/** window.Confab.reset(): the next panel starts as a new visitor, even one not loaded yet. */
export function forgetVisitor(options: WidgetOptions): void {
  try {
    storageOf(options)?.removeItem(storageKey(options.botKey));
    storageOf(options)?.removeItem(outboxKey(options.botKey));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
