import type { WidgetOptions } from '../contract.js';
import { storageKey } from '../storage-key.js';

/**
 * Whether the visitor left the panel open on the previous page: the loader then imports the
 * panel at once instead of waiting for idle time. The panel owns the record; this only peeks.
 */
export function wasLeftOpen(options: WidgetOptions): boolean {
  try {
    const storage = options.storage === 'local' ? localStorage : options.storage === 'session' ? sessionStorage : null;
    const raw = storage?.getItem(storageKey(options.botKey));
    return raw ? (JSON.parse(raw) as { open?: unknown }).open === true : false;
  } catch {
    return false; // storage blocked (third-party iframes, privacy modes) or a corrupt record
  }
}
