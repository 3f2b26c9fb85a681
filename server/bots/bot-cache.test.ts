import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addBot, openTestStore } from '../../test/helpers/unit-fixture.js';
import { parseFlow } from '../definitions/flow-definition.js';
import { parseSettings } from '../definitions/bot-definition.js';
import type { Store } from '../store/index.js';
import { oneNode } from '../lib/cluster/index.js';
import { createBotCache } from './bot-cache.js';

const T0 = new Date('2026-01-05T10:00:00.000Z');

describe('createBotCache', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  beforeEach(() => {
    // The cache reads Date.now(); only Date is faked, so the database's promises still run.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const rename = (botId: string, greeting: string) => store.bots.saveSettings(botId, parseSettings({ greeting_message: greeting }));

  it.each([
    ['within the window', 1_000, 'first'],
    ['at its very end', 2_000, 'first'],
    ['after it', 2_001, 'second'],
  ])('serves a bot read once for the time window: %s', async (_case, laterMs, expected) => {
    const bot = await addBot(store, { greeting_message: 'first' });
    const cache = createBotCache(store, 2_000);
    expect((await cache.bot(bot.id))?.settings.greeting_message).toBe('first');
    await rename(bot.id, 'second');
    vi.setSystemTime(T0.getTime() + laterMs);
    expect((await cache.bot(bot.id))?.settings.greeting_message).toBe(expected);
  });

  it('reads the store once for many concurrent asks', async () => {
    const bot = await addBot(store);
    const cache = createBotCache(store);
    const reads = vi.spyOn(store.bots, 'findById');
    const [a, b] = await Promise.all([cache.bot(bot.id), cache.bot(bot.id)]);
    await cache.config(bot.id);
    expect(a).toBe(b);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('an invalidation on one node reaches the caches of the others at once', async () => {
    const bot = await addBot(store, { greeting_message: 'first' });
    // Two nodes' caches, one cluster between them (what Redis is with REDIS_URL).
    const cluster = { ...oneNode(), shared: true };
    const [nodeA, nodeB] = [createBotCache(store, 2_000, cluster), createBotCache(store, 2_000, cluster)];
    expect((await nodeA.bot(bot.id))?.settings.greeting_message).toBe('first');
    await rename(bot.id, 'second');
    nodeB.invalidate(bot.id);
    // Well within node A's 2 s: only the news makes it read again.
    await vi.waitFor(async () => expect((await nodeA.bot(bot.id))?.settings.greeting_message).toBe('second'));
  });

  it('reads a bot again after invalidate()', async () => {
    const bot = await addBot(store, { greeting_message: 'first' });
    const cache = createBotCache(store);
    await cache.config(bot.id);
    await rename(bot.id, 'second');
    cache.invalidate(bot.id);
    expect((await cache.bot(bot.id))?.settings.greeting_message).toBe('second');
    expect((await cache.config(bot.id))?.settings.greeting_message).toBe('second');
  });

  it('invalidates only the bot it names', async () => {
    const one = await addBot(store, { greeting_message: 'one' });
    const two = await addBot(store, { greeting_message: 'two' });
    const cache = createBotCache(store);
    await Promise.all([cache.bot(one.id), cache.bot(two.id)]);
    await Promise.all([rename(one.id, 'one again'), rename(two.id, 'two again')]);
    cache.invalidate(one.id);
    expect((await cache.bot(one.id))?.settings.greeting_message).toBe('one again');
    expect((await cache.bot(two.id))?.settings.greeting_message).toBe('two');
  });

  it('gives the engine its configuration: settings, rules by priority, flows with their ids', async () => {
    const bot = await addBot(store, { greeting_message: 'Hi' });
    await store.bots.createKeywordRule(bot.id, { id: 'low', name: 'low', keywords: ['a'], match_type: 'contains', response_type: 'text', response: 'A', priority: 1, enabled: true }, T0.toISOString());
    await store.bots.createKeywordRule(bot.id, { id: 'high', name: 'high', keywords: ['b'], match_type: 'contains', response_type: 'text', response: 'B', priority: 5, enabled: true }, T0.toISOString());
    const flow = await store.flows.create(bot.id, parseFlow({ name: 'Order', trigger_keywords: ['order'], steps: [{ step_name: 'ask', step_order: 1, message: 'Number?', message_type: 'text', store_as: 'n' }] }), T0.toISOString());
    const config = await createBotCache(store).config(bot.id);
    expect(config?.settings.greeting_message).toBe('Hi');
    expect(config?.rules.map((r) => r.id)).toEqual(['high', 'low']);
    expect(config?.flows).toEqual([{ id: flow.id, ...flow.body }]);
  });

  it('reads rules and flows once for the window, and again after it', async () => {
    const bot = await addBot(store);
    const cache = createBotCache(store, 2_000);
    const rules = vi.spyOn(store.bots, 'keywordRules');
    await cache.config(bot.id);
    await cache.config(bot.id);
    expect(rules).toHaveBeenCalledTimes(1);
    vi.setSystemTime(T0.getTime() + 2_001);
    await cache.config(bot.id);
    expect(rules).toHaveBeenCalledTimes(2);
  });

  it('answers undefined for an unknown bot, and no configuration', async () => {
    const cache = createBotCache(store);
    expect(await cache.bot(randomUUID())).toBeUndefined();
    expect(await cache.config(randomUUID())).toBeUndefined();
  });

  it('keeps an unknown bot unknown for the window, even once it exists', async () => {
    const cache = createBotCache(store, 2_000);
    const id = randomUUID();
    expect(await cache.bot(id)).toBeUndefined();
    await store.bots.create({ id, key: `late-${id.slice(0, 8)}`, name: 'Late', adminTokenHash: `h-${id}`, settings: parseSettings({}), createdAt: T0.toISOString() }, []);
    expect(await cache.bot(id)).toBeUndefined();
    vi.setSystemTime(T0.getTime() + 2_001);
    expect((await cache.bot(id))?.name).toBe('Late');
  });

  it('does not keep a failed read: the next ask reads again', async () => {
    const bot = await addBot(store);
    const cache = createBotCache(store);
    vi.spyOn(store.bots, 'findById').mockRejectedValueOnce(new Error('database down'));
    await expect(cache.bot(bot.id)).rejects.toThrow('database down');
    expect((await cache.bot(bot.id))?.id).toBe(bot.id);
  });

  it('does not keep a failed configuration read either', async () => {
    const bot = await addBot(store);
    const cache = createBotCache(store);
    vi.spyOn(store.flows, 'list').mockRejectedValueOnce(new Error('database down'));
    await expect(cache.config(bot.id)).rejects.toThrow('database down');
    expect((await cache.config(bot.id))?.flows).toEqual([]);
  });

  it('starts over beyond 1,000 bots, so it never grows without bound', async () => {
    const cache = createBotCache(store, 60_000);
    const reads = vi.spyOn(store.bots, 'findById');
    const ids = Array.from({ length: 1_002 }, () => randomUUID());
    for (const id of ids) await cache.bot(id);
    expect(reads).toHaveBeenCalledTimes(1_002);
    await cache.bot(ids[1_001]!);
    expect(reads).toHaveBeenCalledTimes(1_002);
    await cache.bot(ids[0]!);
    expect(reads).toHaveBeenCalledTimes(1_003);
  });
});
