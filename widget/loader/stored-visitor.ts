import type { WidgetOptions } from '../contract.js';
import { storageKey } from '../storage-key.js';

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
 * at once; a visitor with a conversation gets the panel at idle (for unread badges); anyone
 * else gets it on intent.
 */
export function peekVisitor(options: WidgetOptions): { open?: unknown; conversationId?: unknown } {
  try {
    const record: unknown = JSON.parse(storageOf(options)?.getItem(storageKey(options.botKey)) ?? '{}');
    return record && typeof record === 'object' ? record : {};
  } catch {
    return {}; // a corrupt record
  }
}

/** window.Confab.reset(): the next panel starts as a new visitor, even one not loaded yet. */
export function forgetVisitor(options: WidgetOptions): void {
  try {
    storageOf(options)?.removeItem(storageKey(options.botKey));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
