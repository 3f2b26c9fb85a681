import { randomUUID } from 'node:crypto';
import type { Cluster } from './cluster.js';

/** How often a node tells the others which of its rooms have members; an entry lasts three of these. */
export const ROOMS_HEARTBEAT_MS = 5_000;

const CHANNEL = 'rooms';

export interface RoomsElsewhere {
  /** Whether a node may have a member in `room`; without a room, in any room. */
  occupied(room?: string): boolean;
  /** A room got its first member here: the other nodes hear it at once rather than at the next heartbeat. */
  opened(room: string): void;
  stop(): void;
}

/**
 * Which rooms have members on the other nodes, known here without a round trip. The Socket.IO
 * adapter spans the nodes but cannot say whether a room has members elsewhere, so work done
 * only for a room's members (a console's inbox row: six queries a message) was done for every
 * message with several nodes. Each node tells the others its occupied rooms on a channel (when
 * one opens, and every heartbeat); an entry lapses after three heartbeats (a killed node's).
 * Until a node has heard a full round of heartbeats it answers yes: it cannot know yet, and
 * too much work costs time where too little would lose a console's update.
 */
export function roomsElsewhere(cluster: Cluster, localRooms: () => Iterable<string>, options: { heartbeatMs?: number; now?: () => number } = {}): RoomsElsewhere {
  const heartbeatMs = options.heartbeatMs ?? ROOMS_HEARTBEAT_MS;
  const now = options.now ?? Date.now;
  const node = randomUUID();
  const rooms = new Map<string, number>();
  let knowsSince: number | undefined;
  const tell = (list: string[]) => void cluster.publish(CHANNEL, JSON.stringify({ node, rooms: list })).catch(() => undefined);
  void cluster
    .subscribe(CHANNEL, (raw) => {
      const news = JSON.parse(raw) as { node: string; rooms: string[] };
      if (news.node === node) return;
      const until = now() + 3 * heartbeatMs;
      for (const room of news.rooms) rooms.set(room, until);
    })
    .then(() => (knowsSince = now()))
    .catch(() => undefined);
  const timer = setInterval(() => {
    const at = now();
    for (const [room, until] of rooms) if (until <= at) rooms.delete(room);
    tell([...localRooms()]);
  }, heartbeatMs);
  timer.unref();
  // A heartbeat's lateness on a loaded machine is allowed for: half a heartbeat more.
  const knows = () => knowsSince !== undefined && now() - knowsSince >= 1.5 * heartbeatMs;
  return {
    occupied(room) {
      if (!knows()) return true;
      if (room === undefined) return rooms.size > 0;
      return (rooms.get(room) ?? 0) > now();
    },
    opened: (room) => tell([room]),
    stop: () => clearInterval(timer),
  };
}
