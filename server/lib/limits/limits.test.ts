import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressKey, clientAddress, parseTrustProxy } from './client-ip.js';
import { createLimits, RateLimited, type LimiterFactory } from './limits.js';
import { LIMITS, limitTable, parseLimitOverrides } from './table.js';

const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as RateLimited);

describe('the limits table', () => {
  it('reads CONFAB_LIMITS: budgets, off, and says what is wrong', () => {
    expect(parseLimitOverrides(' message.ip=600/60, files.ip=off ,')).toEqual({ 'message.ip': { points: 600, seconds: 60 }, 'files.ip': 'off' });
    expect(parseLimitOverrides('')).toEqual({});
    expect(parseLimitOverrides('message.ip=600')).toMatch(/name\.key=points\/seconds/);
    expect(parseLimitOverrides('messages.ip=1/1')).toMatch(/no limit named "messages"/);
    expect(parseLimitOverrides('message.room=1/1')).toMatch(/"room" is not a key/);
    expect(parseLimitOverrides('message.ip=0/60')).toMatch(/at least 1/);
  });

  it('applies overrides without touching the defaults', () => {
    const table = limitTable({ 'message.ip': { points: 5, seconds: 10 }, 'message.bot': 'off', 'react.bot': { points: 7, seconds: 60 } });
    expect(table.message.budgets).toEqual({ visitor: LIMITS.message.budgets.visitor, ip: { points: 5, seconds: 10 } });
    expect(table.react.budgets.bot).toEqual({ points: 7, seconds: 60 });
    expect(LIMITS.message.budgets.ip).toEqual({ points: 300, seconds: 60 });
  });
});

describe('limits', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses past a budget with rate_limited, the budget in words and when to try again', async () => {
    const limits = createLimits({ overrides: { 'message.visitor': { points: 2, seconds: 60 } } });
    await limits.take('message', { visitor: 'v1' });
    await limits.take('message', { visitor: 'v1' });
    const err = await refusal(limits.take('message', { visitor: 'v1' }));
    expect(err).toBeInstanceOf(RateLimited);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, key: 'visitor', first: true });
    expect(err!.message).toMatch(/^too many messages: at most 2 a minute for this visitor; try again in (59|60) s$/);
    expect(err!.retryAfterMs).toBeGreaterThan(58_000);
    expect(err!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await refusal(limits.take('message', { visitor: 'v1' }))).toMatchObject({ first: false });
    // Another visitor has a budget of their own.
    await expect(limits.take('message', { visitor: 'v2' })).resolves.toBeUndefined();
  });

  it('counts the narrowest budget first, and what one refuses costs the others nothing', async () => {
    const limits = createLimits({ overrides: { 'message.visitor': { points: 1, seconds: 60 }, 'message.ip': { points: 3, seconds: 60 } } });
    await limits.take('message', { visitor: 'a', ip: '198.51.100.1' });
    // Refused by the visitor's budget: the address is not charged.
    for (let i = 0; i < 5; i++) expect(await refusal(limits.take('message', { visitor: 'a', ip: '198.51.100.1' }))).toMatchObject({ key: 'visitor' });
    await limits.take('message', { visitor: 'b', ip: '198.51.100.1' });
    await limits.take('message', { visitor: 'c', ip: '198.51.100.1' });
    // The address is spent: refused by it, and the visitor gets its point back.
    expect(await refusal(limits.take('message', { visitor: 'd', ip: '198.51.100.1' }))).toMatchObject({ key: 'ip', message: expect.stringContaining('from this address') });
    await expect(limits.take('message', { visitor: 'd', ip: '203.0.113.5' })).resolves.toBeUndefined();
  });

  it('counts only the budgets the subject has, and none that is off', async () => {
    const limits = createLimits({ overrides: { 'message.visitor': { points: 1, seconds: 60 }, 'message.bot': 'off' } });
    for (let i = 0; i < 10; i++) await limits.take('message', { bot: 'b1' });
    await limits.take('message', { visitor: 'v' });
    await expect(limits.take('message', { visitor: 'v' })).rejects.toBeInstanceOf(RateLimited);
  });

  it('opens the budget again when its window has passed (the limiter reads Date.now: fake timers, no sleeping)', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const limits = createLimits({ overrides: { 'identify.visitor': { points: 1, seconds: 60 } } });
    await limits.take('identify', { visitor: 'v' });
    vi.advanceTimersByTime(30_000);
    const err = await refusal(limits.take('identify', { visitor: 'v' }));
    expect(err!.retryAfterMs).toBe(30_000);
    vi.advanceTimersByTime(30_001);
    await expect(limits.take('identify', { visitor: 'v' })).resolves.toBeUndefined();
  });

  it('counts points by weight (bytes), checks without taking, and gives back', async () => {
    const limits = createLimits({ overrides: { 'upload-bytes.visitor': { points: 1_000, seconds: 86_400 } } });
    await limits.take('upload-bytes', { visitor: 'v' }, 600);
    await expect(limits.check('upload-bytes', { visitor: 'v' }, 400)).resolves.toBeUndefined();
    expect(await refusal(limits.check('upload-bytes', { visitor: 'v' }, 401))).toMatchObject({ message: expect.stringMatching(/^too many bytes of uploads: at most 1000 a day for this visitor/) });
    await limits.giveBack('upload-bytes', { visitor: 'v' }, 600);
    await expect(limits.check('upload-bytes', { visitor: 'v' }, 1_000)).resolves.toBeUndefined();
    // Nothing used yet, and more than the whole budget: refused too.
    await expect(limits.check('upload-bytes', { visitor: 'w' }, 1_001)).rejects.toBeInstanceOf(RateLimited);
  });

  it('takes every counter from the one factory, named by rule and key', async () => {
    const made: string[] = [];
    const factory: LimiterFactory = (options) => {
      made.push(`${options.keyPrefix} ${options.points}/${options.duration}`);
      return new RateLimiterMemory(options);
    };
    const limits = createLimits({ factory });
    await limits.take('message', { visitor: 'v', ip: '198.51.100.1', bot: 'b' });
    await limits.take('message', { visitor: 'w' });
    expect(made).toEqual(['confab:message.visitor 30/60', 'confab:message.ip 300/60', 'confab:message.bot 6000/60']);
  });
});

describe('the client address', () => {
  it('is the connection’s address unless a proxy is trusted', () => {
    expect(clientAddress({ hops: 0 }, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(clientAddress({ hops: 1 }, '127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    // One proxy trusted: a client's own X-Forwarded-For entry further left is not believed.
    expect(clientAddress({ hops: 1 }, '127.0.0.1', '10.9.9.9, 203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress({ hops: 2 }, '127.0.0.1', '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
    expect(clientAddress({ addresses: ['loopback'] }, '127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    // The connection is not from a trusted proxy: the header is the client's word, ignored.
    expect(clientAddress({ addresses: ['loopback'] }, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(clientAddress({ hops: 1 }, undefined, '203.0.113.9')).toBe('unknown');
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 by its /64', () => {
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff::9'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  });

  it('reads CONFAB_TRUST_PROXY: a number of hops or proxy addresses', () => {
    expect(parseTrustProxy('')).toEqual({ hops: 0 });
    expect(parseTrustProxy('false')).toEqual({ hops: 0 });
    expect(parseTrustProxy('1')).toEqual({ hops: 1 });
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toEqual({ addresses: ['loopback', '10.0.0.0/8'] });
    expect(parseTrustProxy('not-an-address')).toMatch(/number of proxies/);
  });
});
