/** The one storage key per bot, shared by the loader (to peek at `open`) and the panel. */
export function storageKey(botKey: string): string {
  return `confab:${botKey}`;
}
