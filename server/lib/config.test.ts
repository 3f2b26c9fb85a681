import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_HOST } from './config.js';

describe('configFromEnv', () => {
  it('listens on loopback only unless HOST says otherwise', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(configFromEnv({}).host).toBe('127.0.0.1');
    expect(configFromEnv({ HOST: '' }).host).toBe('127.0.0.1');
    expect(() => configFromEnv({ HOST: '  ' })).toThrow(/HOST/);
  });

  it('reads CONFAB_OWNER_EMAIL and CONFAB_OWNER_PASSWORD together, and refuses one alone or a short password', () => {
    expect(configFromEnv({}).owner).toBeUndefined();
    expect(configFromEnv({ CONFAB_OWNER_EMAIL: 'ada@example.com', CONFAB_OWNER_PASSWORD: 'long enough password' }).owner).toEqual({ email: 'ada@example.com', password: 'long enough password' });
    expect(() => configFromEnv({ CONFAB_OWNER_EMAIL: 'ada@example.com' })).toThrow(/CONFAB_OWNER_EMAIL and CONFAB_OWNER_PASSWORD/);
    expect(() => configFromEnv({ CONFAB_OWNER_PASSWORD: 'long enough password' })).toThrow(/CONFAB_OWNER_EMAIL and CONFAB_OWNER_PASSWORD/);
    expect(() => configFromEnv({ CONFAB_OWNER_EMAIL: 'ada@example.com', CONFAB_OWNER_PASSWORD: 'short' })).toThrow(/CONFAB_OWNER_PASSWORD/);
    expect(() => configFromEnv({ CONFAB_OWNER_EMAIL: 'not an email', CONFAB_OWNER_PASSWORD: 'long enough password' })).toThrow(/CONFAB_OWNER_EMAIL/);
  });

  it('takes REDIS_URL only with DATABASE_URL: the SQLite store belongs to one node', () => {
    expect(configFromEnv({}).redisUrl).toBeUndefined();
    expect(configFromEnv({ REDIS_URL: 'redis://cache:6379', DATABASE_URL: 'postgres://db/confab' }).redisUrl).toBe('redis://cache:6379');
    expect(() => configFromEnv({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL.*needs DATABASE_URL.*SQLite/);
    expect(() => configFromEnv({ REDIS_URL: 'http://cache', DATABASE_URL: 'postgres://db/confab' })).toThrow(/REDIS_URL.*redis:\/\//);
  });

  it('takes HOST and PORT from the environment', () => {
    expect(configFromEnv({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(configFromEnv({ HOST: '::' }).host).toBe('::');
    expect(configFromEnv({ HOST: ' 192.168.1.20 ', PORT: '8080' })).toMatchObject({ host: '192.168.1.20', port: 8080 });
    expect(configFromEnv({}).port).toBe(3000);
  });

  it('reads CONFAB_OUTBOUND_ALLOW as a comma-separated list, empty by default, and refuses a bad entry', () => {
    expect(configFromEnv({}).outboundAllow).toEqual([]);
    expect(configFromEnv({ CONFAB_OUTBOUND_ALLOW: ' 127.0.0.1:11434, 10.0.0.0/8,ollama.internal ,[::1]:8080,' }).outboundAllow).toEqual(['127.0.0.1:11434', '10.0.0.0/8', 'ollama.internal', '[::1]:8080']);
    expect(() => configFromEnv({ CONFAB_OUTBOUND_ALLOW: '127.0.0.1,http://x' })).toThrow(/CONFAB_OUTBOUND_ALLOW.*http:\/\/x/);
    expect(() => configFromEnv({ CONFAB_OUTBOUND_ALLOW: '10.0.0.0/40' })).toThrow(/CONFAB_OUTBOUND_ALLOW/);
  });

  it('reads CONFAB_ENCRYPTION_KEY (32 bytes, hex or base64) and CONFAB_VISITOR_TOKEN_TTL_DAYS (90 by default)', () => {
    expect(configFromEnv({}).encryptionKey).toBeUndefined();
    expect(configFromEnv({ CONFAB_ENCRYPTION_KEY: 'ab'.repeat(32) }).encryptionKey).toBe('ab'.repeat(32));
    expect(() => configFromEnv({ CONFAB_ENCRYPTION_KEY: 'short' })).toThrow(/CONFAB_ENCRYPTION_KEY.*32 bytes/);
    expect(configFromEnv({}).visitorTokenTtlMs).toBe(90 * 86_400_000);
    expect(configFromEnv({ CONFAB_VISITOR_TOKEN_TTL_DAYS: '7' }).visitorTokenTtlMs).toBe(7 * 86_400_000);
    expect(() => configFromEnv({ CONFAB_VISITOR_TOKEN_TTL_DAYS: '0' })).toThrow(/CONFAB_VISITOR_TOKEN_TTL_DAYS/);
  });

  it('reads CONFAB_LIMITS and CONFAB_TRUST_PROXY, and refuses what it cannot read', () => {
    expect(configFromEnv({})).toMatchObject({ limits: {}, trustProxy: { hops: 0 } });
    expect(configFromEnv({ CONFAB_LIMITS: 'message.ip=600/60,files.ip=off', CONFAB_TRUST_PROXY: '1' })).toMatchObject({
      limits: { 'message.ip': { points: 600, seconds: 60 }, 'files.ip': 'off' },
      trustProxy: { hops: 1 },
    });
    expect(configFromEnv({ CONFAB_TRUST_PROXY: 'loopback,10.0.0.0/8' }).trustProxy).toEqual({ addresses: ['loopback', '10.0.0.0/8'] });
    expect(() => configFromEnv({ CONFAB_LIMITS: 'message.ip=lots' })).toThrow(/CONFAB_LIMITS/);
    expect(() => configFromEnv({ CONFAB_TRUST_PROXY: 'the proxy' })).toThrow(/CONFAB_TRUST_PROXY/);
  });

  it('reads LOG_LEVEL, METRICS_TOKEN, METRICS_PORT and CONFAB_SHUTDOWN_TIMEOUT_SECONDS, and refuses bad values', () => {
    expect(configFromEnv({})).toMatchObject({ logLevel: 'info', metricsToken: undefined, metricsPort: undefined, shutdownTimeoutMs: 10_000 });
    expect(configFromEnv({ LOG_LEVEL: 'debug', METRICS_TOKEN: 'm'.repeat(16), METRICS_PORT: '9100', CONFAB_SHUTDOWN_TIMEOUT_SECONDS: '25' })).toMatchObject({
      logLevel: 'debug',
      metricsToken: 'm'.repeat(16),
      metricsPort: 9100,
      shutdownTimeoutMs: 25_000,
    });
    expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => configFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => configFromEnv({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => configFromEnv({ CONFAB_SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/CONFAB_SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
