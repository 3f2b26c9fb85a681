import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_HOST } from './config.js';

describe('configFromEnv', () => {
  it('listens on loopback only unless HOST says otherwise', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(configFromEnv({}).host).toBe('127.0.0.1');
    expect(configFromEnv({ HOST: '' }).host).toBe('127.0.0.1');
    expect(() => configFromEnv({ HOST: '  ' })).toThrow(/HOST/);
  });

  it('takes HOST and PORT from the environment', () => {
    expect(configFromEnv({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(configFromEnv({ HOST: '::' }).host).toBe('::');
    expect(configFromEnv({ HOST: ' 192.168.1.20 ', PORT: '8080' })).toMatchObject({ host: '192.168.1.20', port: 8080 });
    expect(configFromEnv({}).port).toBe(3000);
  });
});
