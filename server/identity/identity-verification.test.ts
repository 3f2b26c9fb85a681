import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isUserHashOf, userHash } from './identity-verification.js';

const secret = '5f0c6a3b0d8e4c1aa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';

describe('user_hash', () => {
  it('is HMAC-SHA256 of the external id with the secret, as lowercase hex', () => {
    expect(userHash(secret, 'cust-42')).toBe(createHmac('sha256', secret).update('cust-42').digest('hex'));
    // A value computed independently (Python: hmac.new(secret, b"cust-42", hashlib.sha256).hexdigest()).
    expect(userHash('secret', 'cust-42')).toBe('50a82d96002909c08f14a4eec69192869e2602bb236907ee36f80d9a2497c20c');
    expect(userHash(secret, 'cust-42')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the id as UTF-8', () => {
    expect(userHash(secret, 'jürgen')).toBe(createHmac('sha256', secret).update(Buffer.from('jürgen', 'utf8')).digest('hex'));
  });

  it('accepts the hash of that id, in either case', () => {
    const hash = userHash(secret, 'cust-42');
    expect(isUserHashOf(secret, 'cust-42', hash)).toBe(true);
    expect(isUserHashOf(secret, 'cust-42', hash.toUpperCase())).toBe(true);
  });

  it('refuses the hash of another id, with another secret, altered, truncated, padded or empty', () => {
    const hash = userHash(secret, 'cust-42');
    expect(isUserHashOf(secret, 'cust-43', hash)).toBe(false);
    expect(isUserHashOf(`${secret}x`, 'cust-42', hash)).toBe(false);
    const flipped = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
    expect(isUserHashOf(secret, 'cust-42', flipped)).toBe(false);
    expect(isUserHashOf(secret, 'cust-42', hash.slice(0, 63))).toBe(false);
    expect(isUserHashOf(secret, 'cust-42', `${hash}0`)).toBe(false);
    expect(isUserHashOf(secret, 'cust-42', '')).toBe(false);
    // The base64 form of the right MAC is not the documented hex form.
    expect(isUserHashOf(secret, 'cust-42', createHmac('sha256', secret).update('cust-42').digest('base64'))).toBe(false);
  });

  it('does not treat a hash of the secret-less id, or of the id with another separator, as proof', () => {
    expect(isUserHashOf(secret, 'cust-42', createHmac('sha256', '').update('cust-42').digest('hex'))).toBe(false);
    expect(isUserHashOf(secret, 'cust-42', createHmac('sha256', secret).update('cust-42\n').digest('hex'))).toBe(false);
  });
});
