/** The one storage key per bot, shared by the loader (to peek at `open`) and the panel. */
export function storageKey(botKey: string): string {
  return `confab:${botKey}`;
}

/** The visitor's unsent messages, beside the record: tabs change it on their own (outbox.ts). */
export function outboxKey(botKey: string): string {
  return `${storageKey(botKey)}:outbox`;
}
