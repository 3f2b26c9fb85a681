import type { WidgetOptions } from '../contract.js';
import { storageKey } from '../storage-key.js';

/** The panel owns the visitor record; the loader only peeks at it and, on reset, drops it. */
function storageOf(options: WidgetOptions): Storage | null {
  try {
    return options.storage === 'local' ? localStorage : options.storage === 'session' ? sessionStorage : null;
  } catch {
    return null; // storage blocked (third-party iframes, privacy modes)
  }
}

/**
 * Whether the visitor left the panel open on the previous page: the loader then imports the
 * panel at once instead of waiting for idle time.
 */
export function wasLeftOpen(options: WidgetOptions): boolean {
  try {
    const raw = storageOf(options)?.getItem(storageKey(options.botKey));
    return raw ? (JSON.parse(raw) as { open?: unknown }).open === true : false;
  } catch {
    return false; // a corrupt record
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
