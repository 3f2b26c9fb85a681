import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, encryptionKey, isSealed, parseEncryptionKey } from './secret-box.js';

const key = Buffer.alloc(32, 7);

describe('secret box', () => {
  it('seals into a versioned envelope that opens to the secret, with a fresh IV each time', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('Bearer sk-live-123');
    expect(sealed).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('sk-live');
    expect(box.seal('Bearer sk-live-123')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('Bearer sk-live-123');
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('enc:v1:looks-sealed'))).toBe('enc:v1:looks-sealed');
  });

  it('reads a value stored in plaintext by an older version as it is', () => {
    const box = createSecretBox(key);
    expect(isSealed('sk-plain')).toBe(false);
    expect(box.open('sk-plain')).toBe('sk-plain');
  });

  it('refuses an envelope changed at rest or sealed with another key', () => {
    const sealed = createSecretBox(key).seal('secret');
    const [prefix, version, iv, tag, data] = sealed.split(':');
    const flipped = `${prefix}:${version}:${iv}:${tag}:${data!.slice(0, -2)}${data!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => createSecretBox(key).open(flipped)).toThrow(/cannot be decrypted/);
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow(/CONFAB_ENCRYPTION_KEY/);
    expect(() => createSecretBox(key).open('enc:v1:only-one-part')).toThrow(/not a valid enc:v1 envelope/);
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('takes CONFAB_ENCRYPTION_KEY as 64 hex digits or base64 of 32 bytes', () => {
    expect(parseEncryptionKey('07'.repeat(32))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
    expect(parseEncryptionKey('too-short')).toMatch(/32 bytes/);
    expect(parseEncryptionKey(Buffer.alloc(31).toString('base64'))).toMatch(/32 bytes/);
  });

  it('without CONFAB_ENCRYPTION_KEY generates a key once into DATA_DIR/encryption-key, mode 0600, in a 0700 directory', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'confab-key-')), 'data');
    const first = encryptionKey(dataDir, undefined);
    expect(first).toHaveLength(32);
    expect(encryptionKey(dataDir, undefined)).toEqual(first);
    expect(statSync(join(dataDir, 'encryption-key')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dataDir, 'encryption-key'), 'utf8').trim()).toBe(first.toString('base64url'));
    expect(encryptionKey(dataDir, '07'.repeat(32))).toEqual(key);
  });
});
