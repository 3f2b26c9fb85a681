import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER, startRedis, type TestRedis } from '../../../test/helpers/redis-server.js';
import { clusterQueue, oneNode, withLease, type Cluster } from './cluster.js';
import { connectRedis, redisCluster, type RedisClient } from './redis-cluster.js';
import { roomsElsewhere } from './rooms-elsewhere.js';

describe('one node', () => {
  it('owns every job and hears its own news; its queue keeps the order per key', async () => {
    const cluster = oneNode();
    expect(await cluster.claim('x', 1_000)).toBeDefined();
    expect(await cluster.claim('x', 1_000)).toBeDefined();
    const heard: string[] = [];
    await cluster.subscribe('news', (m) => heard.push(m));
    await cluster.publish('news', 'hello');
    expect(heard).toEqual(['hello']);
    await cluster.append('l', '1');
    await cluster.append('l', '2');
    expect([await cluster.shift('l'), await cluster.shift('l'), await cluster.shift('l')]).toEqual(['1', '2', undefined]);
  });
});

describe.runIf(existsSync(REDIS_SERVER) || process.env.CI)('nodes sharing a redis-server', () => {
  let redis: TestRedis;
  const clients: RedisClient[] = [];
  let nodeA: Cluster;
  let nodeB: Cluster;
  const log = () => undefined;

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) clients.push(await connectRedis(redis.url, log));
    [nodeA, nodeB] = clients.map((c) => redisCluster(c)) as [Cluster, Cluster];
  }, 30_000);
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await redis?.stop();
  });

  it('a lease has one holder until it is let go; only its holder lets go or renews it', async () => {
    const held = await nodeA.claim('job-1', 60_000);
    expect(held).toBeDefined();
    expect(await nodeB.claim('job-1', 60_000)).toBeUndefined();
    await held!.release();
    const taken = await nodeB.claim('job-1', 60_000);
    expect(taken).toBeDefined();
    // The first holder's lease is gone: letting go again or renewing does not touch B's.
    await held!.release();
    expect(await held!.renew()).toBe(false);
    expect(await nodeA.claim('job-1', 60_000)).toBeUndefined();
    expect(await taken!.renew()).toBe(true);
    await taken!.release();
  });

  it('renewAll renews many leases in one command, each by its own time, and says which were lost', async () => {
    const kept = (await nodeA.claim('many-1', 60_000))!;
    const lost = (await nodeA.claim('many-2', 60_000))!;
    await lost.release();
    const theirs = (await nodeB.claim('many-2', 30_000))!;
    // Shortened behind the holder's back: only a renewal sets it back to its minute.
    await clients[0]!.pExpire('confab:lease:many-1', 5_000);
    expect(await nodeA.renewAll([kept, lost])).toEqual([true, false]);
    expect(await clients[0]!.pTTL('confab:lease:many-1')).toBeGreaterThan(30_000);
    // The lost one's key is B's, with B's time.
    expect(await clients[0]!.pTTL('confab:lease:many-2')).toBeLessThanOrEqual(30_000);
    expect(await nodeA.renewAll([])).toEqual([]);
    await kept.release();
    await theirs.release();
  });

  it('a lease its holder never lets go (a node killed) passes to another once its time is up', async () => {
    expect(await nodeA.claim('job:2', 50)).toBeDefined();
    // The queue asks again until Redis has expired the key (the dead holder answers no
    // request to let go): no clock of the test's decides it.
    const queue = clusterQueue(nodeB, 'job');
    expect(await queue.run('2', async () => 'ran')).toBe('ran');
    await queue.letGo();
    expect(await nodeA.claim('job:2', 60_000)).toBeDefined();
  });

  it('a node keeps a key between its tasks (one claim, one term) and lets go as soon as another node asks for it', async () => {
    const claims: string[] = [];
    const counting = (cluster: Cluster, node: string): Cluster => ({ ...cluster, claim: (key, ttl) => (claims.push(node), cluster.claim(key, ttl)) });
    const onA = clusterQueue(counting(nodeA, 'A'), 'held');
    const onB = clusterQueue(counting(nodeB, 'B'), 'held');
    const terms: Array<object | undefined> = [];
    for (let i = 0; i < 3; i++) await onA.run('c1', async () => void terms.push(onA.term('c1')));
    expect(claims).toEqual(['A']);
    expect(new Set(terms).size).toBe(1);
    // A has no task for c1 and keeps it for HOLD_IDLE_MS unless asked: B asks, A lets go.
    expect(await onB.run('c1', async () => onB.term('c1'))).toBeDefined();
    expect(claims.filter((n) => n === 'B').length).toBeGreaterThanOrEqual(2);
    // A's next task takes the key again, in a new term: what A did before, B may have touched since.
    await onA.run('c1', async () => void terms.push(onA.term('c1')));
    expect(terms.at(-1)).not.toBe(terms[0]);
    await Promise.all([onA.letGo(), onB.letGo()]);
  });

  it('a key\'s tasks run one at a time across nodes, in the order they got the lease', async () => {
    const queues = [clusterQueue(nodeA, 'test'), clusterQueue(nodeB, 'test')];
    const running: string[] = [];
    let overlap = 0;
    const task = (name: string) => async () => {
      running.push(name);
      if (running.length > 1) overlap += 1;
      await new Promise((resolve) => setImmediate(resolve));
      running.splice(running.indexOf(name), 1);
      return name;
    };
    const done = await Promise.all(Array.from({ length: 20 }, (_, i) => queues[i % 2]!.run('conversation-1', task(`t${i}`))));
    expect(done).toHaveLength(20);
    expect(overlap).toBe(0);
  });

  it('news reaches every node; a shared list keeps the order of appends', async () => {
    const heardA: string[] = [];
    const heardB: string[] = [];
    await nodeA.subscribe('cache', (m) => heardA.push(m));
    await nodeB.subscribe('cache', (m) => heardB.push(m));
    await nodeB.publish('cache', 'bot-1');
    await expect.poll(() => [heardA, heardB]).toEqual([['bot-1'], ['bot-1']]);
    await Promise.all([nodeA.append('deliveries', '1'), nodeA.append('deliveries', '2')]);
    await nodeB.append('deliveries', '3');
    expect(await nodeB.length('deliveries')).toBe(3);
    expect([await nodeB.shift('deliveries'), await nodeA.shift('deliveries'), await nodeB.shift('deliveries'), await nodeA.shift('deliveries')]).toEqual(['1', '2', '3', undefined]);
  });

  it('withLease lets go after the task, also when it fails', async () => {
    const lease = (await nodeA.claim('job-3', 60_000))!;
    await expect(withLease(lease, 60_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await nodeB.claim('job-3', 60_000)).toBeDefined();
  });

  it('rooms with members on another node are known without asking: at once when one opens, and until three heartbeats pass without it', async () => {
    const roomsOfB = new Set<string>();
    const onA = roomsElsewhere(nodeA, () => [], { heartbeatMs: 50 });
    const onB = roomsElsewhere(nodeB, () => roomsOfB, { heartbeatMs: 50 });
    try {
      // Before a round of heartbeats A cannot know, so it says yes.
      expect(onA.occupied('bot:1')).toBe(true);
      await expect.poll(() => onA.occupied('bot:1')).toBe(false);
      expect(onA.occupied()).toBe(false);
      roomsOfB.add('bot:1');
      onB.opened('bot:1');
      await expect.poll(() => onA.occupied('bot:1')).toBe(true);
      expect(onA.occupied('bot:2')).toBe(false);
      expect(onA.occupied()).toBe(true);
      // B's own rooms are not "elsewhere" for B.
      await expect.poll(() => onB.occupied('bot:1')).toBe(false);
      roomsOfB.delete('bot:1');
      await expect.poll(() => onA.occupied('bot:1')).toBe(false);
    } finally {
      onA.stop();
      onB.stop();
    }
  });

  it('a node starting knows the rooms open on the others at once, from their marks, without waiting for a heartbeat', async () => {
    // Heartbeats a minute apart: within this test only the opening's mark and the read at start can tell.
    const onB = roomsElsewhere(nodeB, () => ['bot:7'], { heartbeatMs: 60_000 });
    onB.opened('bot:7');
    await expect.poll(() => nodeA.marked('rooms', Date.now())).toContainEqual(expect.stringMatching(/ bot:7$/));
    const onA = roomsElsewhere(nodeA, () => [], { heartbeatMs: 60_000 });
    try {
      expect(onA.occupied('bot:8')).toBe(true); // not read yet: it cannot know
      await onA.known;
      expect(onA.occupied('bot:7')).toBe(true);
      expect(onA.occupied('bot:8')).toBe(false);
      await onB.known;
      expect(onB.occupied('bot:7')).toBe(false); // its own mark is not "elsewhere"
    } finally {
      onA.stop();
      onB.stop();
    }
  });

  it('the ping fails while Redis is gone (/readyz)', async () => {
    await nodeA.ping();
    await redis.stop();
    await expect(nodeA.ping()).rejects.toThrow();
  });
});
