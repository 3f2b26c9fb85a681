import { SerialQueue } from '../serial-queue.js';

/**
 * What one node needs of the others: a job taken by exactly one of them, lists they share in
 * order, news for every one of them. On one node (no REDIS_URL) every job is this node's and
 * there is nobody to tell.
 */
export interface Cluster {
  /** Whether several nodes share the work (REDIS_URL is set). */
  readonly shared: boolean;
  /**
   * Takes the job `key` for `ttlMs`: one holder across every node until it lets go or the
   * time passes (a node killed while holding it loses it then, and another takes over).
   */
  claim(key: string, ttlMs: number): Promise<Lease | undefined>;
  /** Adds to the end of a shared list; the order of one node's calls is kept. */
  append(list: string, item: string): Promise<void>;
  /** Takes the first item of a shared list. */
  shift(list: string): Promise<string | undefined>;
  length(list: string): Promise<number>;
  /** Puts `member` in a shared set until `untilMs` (epoch ms); again, with a new time, renews it. */
  mark(set: string, member: string, untilMs: number): Promise<void>;
  unmark(set: string, member: string): Promise<void>;
  /** The set's members whose time has not passed at `nowMs`. */
  marked(set: string, nowMs: number): Promise<string[]>;
  /** Tells every node, this one included, on a channel. */
  publish(channel: string, message: string): Promise<void>;
  /** Hears a channel from every node. */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Whether what the nodes share is reachable (/readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A job held: renewed while it runs, let go when it is done. */
export interface Lease {
  /** Longer by the lease's time; false when it was lost (expired, maybe taken by another node). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

const HELD: Lease = { renew: async () => true, release: async () => undefined };

/** One node: every job is its own, every message its own. */
export function oneNode(): Cluster {
  const listeners = new Map<string, Array<(message: string) => void>>();
  const lists = new Map<string, string[]>();
  const sets = new Map<string, Map<string, number>>();
  return {
    shared: false,
    claim: async () => HELD,
    async append(list, item) {
      lists.set(list, [...(lists.get(list) ?? []), item]);
    },
    async shift(list) {
      const items = lists.get(list);
      const first = items?.shift();
      if (items?.length === 0) lists.delete(list);
      return first;
    },
    length: async (list) => lists.get(list)?.length ?? 0,
    async mark(set, member, untilMs) {
      sets.set(set, (sets.get(set) ?? new Map<string, number>()).set(member, untilMs));
    },
    async unmark(set, member) {
      sets.get(set)?.delete(member);
    },
    marked: async (set, nowMs) => [...(sets.get(set) ?? [])].filter(([, until]) => until > nowMs).map(([member]) => member),
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    },
    async subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
}

/** Runs `task` under a lease, renewing it at a third of its time, and lets go after. */
export async function withLease<T>(lease: Lease, ttlMs: number, task: () => Promise<T>): Promise<T> {
  const renewal = setInterval(() => void lease.renew().catch(() => undefined), Math.max(1, Math.floor(ttlMs / 3)));
  renewal.unref();
  try {
    return await task();
  } finally {
    clearInterval(renewal);
    await lease.release().catch(() => undefined);
  }
}

/** Waits until this node holds `key` (asking again at growing intervals, at most 100 ms apart). */
export async function lock(cluster: Cluster, key: string, ttlMs: number): Promise<Lease> {
  for (let wait = 2; ; wait = Math.min(100, wait * 2)) {
    const lease = await cluster.claim(key, ttlMs);
    if (lease) return lease;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** How long a node killed while holding a conversation keeps it from the others. */
export const CONVERSATION_LEASE_MS = 10_000;

/**
 * Tasks one after another per key across every node: in this node's queue first (so its own
 * tasks do not ask Redis in turn), then under the key's lease. On one node, the queue alone.
 */
export function clusterQueue(cluster: Cluster, name: string, ttlMs = CONVERSATION_LEASE_MS): Pick<SerialQueue, 'run' | 'idle'> {
  const local = new SerialQueue();
  if (!cluster.shared) return local;
  return {
    run: (key, task) => local.run(key, async () => withLease(await lock(cluster, `${name}:${key}`, ttlMs), ttlMs, task)),
    idle: () => local.idle(),
  };
}
