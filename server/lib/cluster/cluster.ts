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
  /**
   * Renews many of this node's leases at once, each by its own time: true for each one still
   * held. A node holding hundreds of conversations renews them in one command, not hundreds.
   */
  renewAll(leases: readonly Lease[]): Promise<boolean[]>;
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
    renewAll: async (leases) => leases.map(() => true),
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

/** How long a node killed while holding a conversation keeps it from the others. */
export const CONVERSATION_LEASE_MS = 10_000;

/** How long a node keeps a key nobody asked for and it has no task for (a conversation between two messages). */
export const HOLD_IDLE_MS = 15_000;

/** How many leases one renewal command carries: Redis runs a script alone, so not all at once. */
const RENEWALS_PER_COMMAND = 500;

/** Tasks one after another per key, across every node. */
export interface ClusterQueue extends Pick<SerialQueue, 'run' | 'idle'> {
  /**
   * Inside a task: the same object for as long as this node has held the key without a gap.
   * What was done in the same term, no other node can have touched since.
   */
  term(key: string): object | undefined;
  /** Lets go of every key this node holds and has no task for (a node that stops). */
  letGo(): Promise<void>;
}

const ONE_NODE: object = {};

interface Hold {
  lease: Lease;
  term: object;
  /** Until when the lease is this node's for sure (its last take or renewal, plus its time). */
  until: number;
  /** Another node asked for the key: let go after the task that runs. */
  wanted: boolean;
  lastUsed: number;
}

/**
 * Tasks one after another per key across every node: in this node's queue first (so its own
 * tasks do not ask Redis in turn), then under the key's lease. The lease is kept between tasks
 * (renewed in the background, let go after HOLD_IDLE_MS without a task) rather than taken and
 * let go around each one: a conversation's messages cost Redis nothing while one node serves
 * it. A node that needs a key another holds says so on a channel; the holder lets go after its
 * running task and says so, which wakes the waiter (polling is only the fallback for a holder
 * that died, whose lease runs out). On one node, the queue alone.
 */
export function clusterQueue(cluster: Cluster, name: string, ttlMs = CONVERSATION_LEASE_MS): ClusterQueue {
  const local = new SerialQueue();
  if (!cluster.shared) return { run: (key, task) => local.run(key, task), idle: () => local.idle(), term: () => ONE_NODE, letGo: async () => undefined };
  const holds = new Map<string, Hold>();
  /** Tasks of each key in this node's queue or running. */
  const queued = new Map<string, number>();
  const wakers = new Map<string, Set<() => void>>();
  const wantChannel = `lease-wanted:${name}`;
  const releasedChannel = `lease-released:${name}`;

  async function letGo(key: string, hold: Hold): Promise<void> {
    if (holds.get(key) !== hold) return;
    holds.delete(key);
    await hold.lease.release().catch(() => undefined);
    await cluster.publish(releasedChannel, key).catch(() => undefined);
  }
  void cluster
    .subscribe(wantChannel, (key) => {
      const hold = holds.get(key);
      if (!hold) return;
      hold.wanted = true;
      if (!queued.get(key)) void letGo(key, hold);
    })
    .catch(() => undefined);
  void cluster.subscribe(releasedChannel, (key) => wakers.get(key)?.forEach((wake) => wake())).catch(() => undefined);

  /** Waits until this node holds `key`: asks the holder to let go, wakes when it has (or at growing intervals, at most 100 ms apart). */
  async function take(key: string): Promise<Hold> {
    for (let wait = 2; ; wait = Math.min(100, wait * 2)) {
      const asked = Date.now();
      const lease = await cluster.claim(`${name}:${key}`, ttlMs);
      if (lease) return { lease, term: {}, until: asked + ttlMs, wanted: false, lastUsed: asked };
      void cluster.publish(wantChannel, key).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const waiting = wakers.get(key) ?? new Set<() => void>();
        wakers.set(key, waiting);
        const wake = () => {
          clearTimeout(timer);
          waiting.delete(wake);
          if (waiting.size === 0) wakers.delete(key);
          resolve();
        };
        const timer = setTimeout(wake, wait);
        waiting.add(wake);
      });
    }
  }

  /** The key's hold, renewed now when its background renewal is late (a task never starts on a lease about to run out). */
  async function held(key: string): Promise<Hold> {
    const hold = holds.get(key);
    if (hold && Date.now() < hold.until - ttlMs / 3) return hold;
    if (hold) {
      const asked = Date.now();
      if (await hold.lease.renew()) {
        hold.until = asked + ttlMs;
        return hold;
      }
      holds.delete(key);
    }
    const taken = await take(key);
    holds.set(key, taken);
    return taken;
  }

  const renewal = setInterval(
    () => {
      const kept: Array<[string, Hold]> = [];
      for (const [key, hold] of holds) {
        if (!queued.get(key) && Date.now() - hold.lastUsed >= HOLD_IDLE_MS) void letGo(key, hold);
        else kept.push([key, hold]);
      }
      const asked = Date.now();
      for (let i = 0; i < kept.length; i += RENEWALS_PER_COMMAND) {
        const some = kept.slice(i, i + RENEWALS_PER_COMMAND);
        void cluster
          .renewAll(some.map(([, hold]) => hold.lease))
          .then((still) =>
            some.forEach(([key, hold], j) => {
              if (still[j]) hold.until = Math.max(hold.until, asked + ttlMs);
              else if (holds.get(key) === hold) holds.delete(key);
            }),
          )
          .catch(() => undefined);
      }
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  renewal.unref();

  return {
    run(key, task) {
      queued.set(key, (queued.get(key) ?? 0) + 1);
      return local.run(key, async () => {
        let hold: Hold | undefined;
        try {
          hold = await held(key);
          return await task();
        } finally {
          const left = queued.get(key)! - 1;
          if (left === 0) queued.delete(key);
          else queued.set(key, left);
          if (hold) {
            hold.lastUsed = Date.now();
            if (hold.wanted) await letGo(key, hold);
          }
        }
      });
    },
    idle: () => local.idle(),
    term: (key) => holds.get(key)?.term,
    async letGo() {
      clearInterval(renewal);
      await Promise.all([...holds].filter(([key]) => !queued.get(key)).map(([key, hold]) => letGo(key, hold)));
    },
  };
}
