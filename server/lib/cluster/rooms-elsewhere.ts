import { randomUUID } from 'node:crypto';
import type { Cluster } from './cluster.js';

/** How often a node tells the others which of its rooms have members; an entry lasts three of these. */
export const ROOMS_HEARTBEAT_MS = 5_000;

const CHANNEL = 'rooms';
/** The same news as a set of `node room` members, scored by expiry: what a node starting reads. */
const SET = 'rooms';

export interface RoomsElsewhere {
  /** Whether a node may have a member in `room`; without a room, in any room. */
  occupied(room?: string): boolean;
  /** A room got its first member here: the other nodes hear it at once rather than at the next heartbeat. */
  opened(room: string): void;
  /** Settles once this node has read what the others marked: from then on it answers for real. */
  readonly known: Promise<void>;
  stop(): void;
}

/**
 * Which rooms have members on the other nodes, known here without a round trip. The Socket.IO
 * adapter spans the nodes but cannot say whether a room has members elsewhere, so work done
 * only for a room's members (a console's inbox row: six queries a message) was done for every
 * message with several nodes. Each node tells the others its occupied rooms on a channel (when
 * one opens, and every heartbeat) and marks them in a shared set with the same lifetime; an
 * entry lapses after three heartbeats (a killed node's). A node starting reads the set once,
 * after subscribing, so it knows at once rather than after a round of heartbeats (until then,
 * about seven seconds of every message paying for the rows). Until it has read it answers yes:
 * too much work costs time where too little would lose a console's update.
 */
export function roomsElsewhere(cluster: Cluster, localRooms: () => Iterable<string>, options: { heartbeatMs?: number; now?: () => number } = {}): RoomsElsewhere {
  const heartbeatMs = options.heartbeatMs ?? ROOMS_HEARTBEAT_MS;
  const now = options.now ?? Date.now;
  const node = randomUUID();
  const rooms = new Map<string, number>();
  let known = false;
  let settle!: () => void;
  const knownAt = new Promise<void>((resolve) => (settle = resolve));
  const lasting = () => now() + 3 * heartbeatMs;
  const tell = (list: string[]) => {
    const until = lasting();
    for (const room of list) void cluster.mark(SET, `${node} ${room}`, until).catch(() => undefined);
    void cluster.publish(CHANNEL, JSON.stringify({ node, rooms: list })).catch(() => undefined);
  };
  const hear = (raw: string) => {
    const news = JSON.parse(raw) as { node: string; rooms: string[] };
    if (news.node === node) return;
    const until = lasting();
    for (const room of news.rooms) rooms.set(room, until);
  };
  let subscribed: Promise<void> | undefined;
  /** What the other nodes marked before this one listened; tried again each heartbeat until it is read. */
  async function learn(): Promise<void> {
    subscribed ??= cluster.subscribe(CHANNEL, hear).catch((err: unknown) => {
      subscribed = undefined;
      throw err;
    });
    await subscribed;
    const until = lasting();
    for (const member of await cluster.marked(SET, now())) {
      const gap = member.indexOf(' ');
      const room = member.slice(gap + 1);
      if (member.slice(0, gap) !== node) rooms.set(room, Math.max(rooms.get(room) ?? 0, until));
    }
    known = true;
    settle();
  }
  void learn().catch(() => undefined);
  const timer = setInterval(() => {
    const at = now();
    for (const [room, until] of rooms) if (until <= at) rooms.delete(room);
    tell([...localRooms()]);
    if (!known) void learn().catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  return {
    occupied(room) {
      if (!known) return true;
      if (room === undefined) return rooms.size > 0;
      return (rooms.get(room) ?? 0) > now();
    },
    opened: (room) => tell([room]),
    known: knownAt,
    stop: () => clearInterval(timer),
  };
}
