import { describe, expect, it } from 'vitest';
import { createLimits, memoryLimiters, RateLimited } from './limits.js';
import { sweptMemoryLimiter, SweptMemoryStorage } from './swept-memory-storage.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('the limits’ memory counters', () => {
  it('arm no timer per key: 1,000 new visitors’ counts add one timer per limiter at most', async () => {
    const limiter = memoryLimiters({ keyPrefix: 'confab:test.visitor', points: 5, duration: 60 });
    const before = timers();
    for (let i = 0; i < 1_000; i++) await limiter.consume(`visitor-${i}`);
    expect(timers() - before).toBeLessThanOrEqual(1);
  });

  it('count, refuse, and start over when the window has passed, on its own clock', async () => {
    let now = Date.parse('2026-12-02T08:00:00Z');
    const limiter = sweptMemoryLimiter({ keyPrefix: 'confab:test', points: 2, duration: 60 }, () => now);
    await limiter.consume('v');
    expect((await limiter.consume('v')).remainingPoints).toBe(0);
    now += 30_000;
    const refused = await limiter.consume('v').catch((res: unknown) => res as { msBeforeNext: number; consumedPoints: number });
    expect(refused).toMatchObject({ msBeforeNext: 30_000, consumedPoints: 3 });
    await limiter.reward('v', 1);
    expect((await limiter.get('v'))?.consumedPoints).toBe(2);
    now += 30_001;
    expect(await limiter.get('v')).toBeNull();
    expect((await limiter.consume('v')).consumedPoints).toBe(1);
  });

  it('drop the counts nobody uses again when they are swept', () => {
    let now = 0;
    const storage = new SweptMemoryStorage(60_000, () => now);
    storage.set('a', 1, 60);
    storage.set('b', 1, 120);
    storage.set('forever', 1, 0);
    now = 60_000;
    expect(storage.sweep()).toBe(2);
    now = 120_000;
    expect(storage.sweep()).toBe(1);
    expect(storage.get('forever')?.consumedPoints).toBe(1);
  });

  it('are what the limits use by default', async () => {
    const limits = createLimits({ overrides: { 'open.visitor': { points: 1, seconds: 60 } } });
    const before = timers();
    for (let i = 0; i < 100; i++) await limits.take('open', { visitor: `v${i}` });
    expect(timers() - before).toBeLessThanOrEqual(1);
    await expect(limits.take('open', { visitor: 'v0' })).rejects.toBeInstanceOf(RateLimited);
  });
});
