import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A unique id that sorts in the order ids were made on this process (time, then a counter,
 * then randomness): rows written in the same instant of a test's clock, or the same
 * millisecond, still list in the order they happened when sorted by (created_at, id).
 */
export function orderedId(): string {
  const ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else counter += 1;
  return `${lastMs.toString(16).padStart(12, '0')}-${counter.toString(16).padStart(6, '0')}-${randomBytes(8).toString('hex')}`;
}
