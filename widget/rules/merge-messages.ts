import type { MessageRecord } from '../../shared/index.js';

/**
 * Snapshots, reconnect deltas, acks and message:new all overlap: merging by id and ordering
 * by seq makes every arrival order end in the same list, with no duplicate and no gap.
 */
export function mergeMessages(current: readonly MessageRecord[], incoming: readonly MessageRecord[]): MessageRecord[] {
  if (incoming.length === 0) return current as MessageRecord[];
  const byId = new Map<string, MessageRecord>();
  for (const message of current) byId.set(message.id, message);
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The reconnect cursor: the newest sequence number the widget holds (0 when none). */
export function lastSeq(messages: readonly MessageRecord[]): number {
  let last = 0;
  for (const message of messages) last = Math.max(last, message.seq);
  return last;
}
