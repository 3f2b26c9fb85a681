import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { Log } from '../logger.js';
import type { Cluster, Lease } from './cluster.js';

// While Redis is away, Confab's own commands (leases, limits) fail at once instead of waiting
// in the client's queue: a visitor's event is refused (the widget sends it again) rather than
// left hanging. The Socket.IO adapter gets a client that waits (`queued`): it reads its stream
// again as soon as a read fails, and reads that fail at once would never let the event loop
// reach the reconnection.
const redisClient = (url: string, queued = false) => createClient({ url, disableOfflineQueue: !queued });
export type RedisClient = ReturnType<typeof redisClient>;

// Only the holder's token lets go of a lease or makes it longer: a node whose lease
// expired (a long pause) must not end or extend the one another node took since.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
// Renewing, for one lease or many: ARGV holds each key's token, then each key's time.
const RENEW_ALL =
  "local held = {} for i, key in ipairs(KEYS) do if redis.call('get', key) == ARGV[i] then held[i] = redis.call('pexpire', key, ARGV[#KEYS + i]) else held[i] = 0 end end return held";

const PREFIX = 'confab:';

/**
 * Connects to REDIS_URL; the client reconnects by itself, and its errors go to the log.
 * `forAdapter`: the Socket.IO adapter's client (see redisClient).
 */
export async function connectRedis(url: string, log: Log, forAdapter = false): Promise<RedisClient> {
  const client = redisClient(url, forAdapter);
  // Without a listener an 'error' (Redis restarting) would end the process; the client retries.
  let reported = false;
  client.on('error', (err: unknown) => {
    if (!reported) log('redis connection failed', err);
    reported = true;
  });
  client.on('ready', () => (reported = false));
  await client.connect();
  return client;
}

/** Several nodes sharing one Redis: leases with SET NX PX, news over PUBLISH/SUBSCRIBE. */
export function redisCluster(client: RedisClient) {
  let subscriber: Promise<RedisClient> | undefined;
  /** Each lease's key, token and time, for renewAll. */
  const held = new WeakMap<Lease, { name: string; token: string; ttlMs: number }>();
  const cluster: Cluster = {
    shared: true,
    async claim(key, ttlMs): Promise<Lease | undefined> {
      const token = randomUUID();
      const name = `${PREFIX}lease:${key}`;
      const taken = await client.set(name, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (taken !== 'OK') return undefined;
      const lease: Lease = {
        renew: async () => (await cluster.renewAll([lease]))[0]!,
        release: async () => void (await client.eval(RELEASE, { keys: [name], arguments: [token] })),
      };
      held.set(lease, { name, token, ttlMs });
      return lease;
    },
    async renewAll(leases) {
      const known = leases.map((lease) => held.get(lease));
      if (known.some((k) => !k)) throw new Error('renewAll: a lease this cluster did not give');
      const all = known as Array<{ name: string; token: string; ttlMs: number }>;
      if (all.length === 0) return [];
      const answers = (await client.eval(RENEW_ALL, { keys: all.map((k) => k.name), arguments: [...all.map((k) => k.token), ...all.map((k) => String(k.ttlMs))] })) as unknown[];
      return all.map((_, i) => Number(answers[i]) === 1);
    },
    async append(list, item) {
      await client.rPush(`${PREFIX}list:${list}`, item);
    },
    async shift(list) {
      return (await client.lPop(`${PREFIX}list:${list}`)) ?? undefined;
    },
    length: (list) => client.lLen(`${PREFIX}list:${list}`),
    // A sorted set scored by each member's expiry: what is past is pruned when it is read.
    async mark(set, member, untilMs) {
      await client.zAdd(`${PREFIX}set:${set}`, { score: untilMs, value: member });
    },
    async unmark(set, member) {
      await client.zRem(`${PREFIX}set:${set}`, member);
    },
    async marked(set, nowMs) {
      const key = `${PREFIX}set:${set}`;
      await client.zRemRangeByScore(key, '-inf', nowMs);
      return client.zRange(key, '(' + nowMs, '+inf', { BY: 'SCORE' });
    },
    async publish(channel, message) {
      await client.publish(`${PREFIX}${channel}`, message);
    },
    async subscribe(channel, listener) {
      // A connection in subscriber mode runs no other command: its own one, made once.
      subscriber ??= (async () => {
        const sub = client.duplicate();
        sub.on('error', () => undefined); // the main client reports the connection's trouble
        await sub.connect();
        return sub;
      })();
      await (await subscriber).subscribe(`${PREFIX}${channel}`, (message) => listener(message));
    },
    async ping() {
      await client.ping();
    },
    async close() {
      if (subscriber) (await subscriber).destroy();
      client.destroy();
    },
  };
  return cluster;
}
