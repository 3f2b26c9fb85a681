import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBot, openTestStore } from '../../test/helpers/unit-fixture.js';
import { oneNode } from '../lib/cluster/index.js';
import type { AgentBody } from '../definitions/people-definition.js';
import type { Store } from '../store/index.js';
import { createAgentPresence, PRESENCE_HEARTBEAT_MS } from './presence.js';

const agent = (name: string): AgentBody => ({ name, email: null, avatar: null, teams: [], skills: [], max_chats: 5 });

describe('agent presence across nodes', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  it('counts the agents online on another node, and stops once their tab has been gone for the grace period', async () => {
    const bot = await addBot(store);
    const { id } = await store.agents.create(bot.id, agent('Ada'), '2026-01-01T00:00:00.000Z');
    let now = Date.parse('2026-01-05T10:00:00.000Z');
    const clock = { now: () => new Date(now) };
    // Two nodes, one cluster between them (what Redis is with REDIS_URL).
    const cluster = { ...oneNode(), shared: true };
    const [nodeA, nodeB] = [createAgentPresence({ store, clock, graceMs: 30_000, cluster }), createAgentPresence({ store, clock, graceMs: 30_000, cluster })];
    expect(await nodeA.agentsOnline(bot.id)).toBe(false);
    nodeB.connect({ id: id, botId: bot.id }, 'tab-1');
    await expect.poll(() => nodeA.agentsOnline(bot.id)).toBe(true);
    expect(await nodeA.agentsAvailable(bot.id)).toBe(true);
    // Away by choice on B: not online on A either.
    nodeB.choose(id, 'away');
    await expect.poll(() => nodeA.agentsOnline(bot.id)).toBe(false);
    nodeB.choose(id, 'online');
    await expect.poll(() => nodeA.agentsOnline(bot.id)).toBe(true);
    // The tab closes: online for the grace period, then not.
    nodeB.disconnect(id, 'tab-1');
    now += 29_000;
    expect(await nodeA.agentsOnline(bot.id)).toBe(true);
    now += 2_000;
    expect(await nodeA.agentsOnline(bot.id)).toBe(false);
  });

  it('a node that stops renewing (killed) loses its agents after three heartbeats', async () => {
    const bot = await addBot(store);
    const { id } = await store.agents.create(bot.id, agent('Bo'), '2026-01-01T00:00:00.000Z');
    let now = Date.parse('2026-01-05T10:00:00.000Z');
    const clock = { now: () => new Date(now) };
    const cluster = { ...oneNode(), shared: true };
    const [nodeA, nodeB] = [createAgentPresence({ store, clock, graceMs: 30_000, cluster }), createAgentPresence({ store, clock, graceMs: 30_000, cluster })];
    nodeB.connect({ id: id, botId: bot.id }, 'tab-1');
    await expect.poll(() => nodeA.agentsOnline(bot.id)).toBe(true);
    // The test's clock moves; node B's heartbeat (a real timer) has not run in between.
    now += 3 * PRESENCE_HEARTBEAT_MS + 1;
    expect(await nodeA.agentsOnline(bot.id)).toBe(false);
  });
});
