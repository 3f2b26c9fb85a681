import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { persistentSecret } from './data-dir.js';

/**
 * Secrets stored at rest (webhook headers, API tokens, AI keys) are sealed with AES-256-GCM
 * into a versioned envelope, `enc:v1:<iv>:<tag>:<data>` (base64url). A value without the
 * prefix was stored by a version that did not encrypt: it is read as it is, and sealed the
 * next time it is written (and by the store's startup pass).
 */
export interface SecretBox {
  /** The envelope of a secret; a fresh IV every time. */
  seal(plain: string): string;
  /** The secret in an envelope; a value stored before encryption is returned unchanged. */
  open(stored: string): string;
}

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`an encryption key has ${KEY_BYTES} bytes, not ${key.length}`);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
    },
    open(stored) {
      if (!isSealed(stored)) return stored;
      const [iv, tag, data] = stored.slice(PREFIX.length).split(':');
      if (iv === undefined || tag === undefined || data === undefined) throw new Error('a stored secret is not a valid enc:v1 envelope');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a stored secret cannot be decrypted: is CONFAB_ENCRYPTION_KEY (or DATA_DIR/encryption-key) the key it was stored with?');
      }
    },
  };
}

/** CONFAB_ENCRYPTION_KEY: 32 bytes as 64 hex digits or as base64 / base64url; a message says what is wrong. */
export function parseEncryptionKey(text: string): Buffer | string {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64url');
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(trimmed) && !/^[A-Za-z0-9+/_-]{43,44}={0,2}$/.test(trimmed))) {
    return `must be ${KEY_BYTES} bytes, as 64 hex digits or base64 (openssl rand -base64 32)`;
  }
  return key;
}

/** The key from the environment, else one generated once into DATA_DIR/encryption-key (mode 600). */
export function encryptionKey(dataDir: string, fromEnv: string | undefined): Buffer {
  const text = persistentSecret(dataDir, 'encryption-key', fromEnv, () => randomBytes(KEY_BYTES).toString('base64url'));
  const key = parseEncryptionKey(text);
  if (typeof key === 'string') throw new Error(`invalid encryption key (${fromEnv ? 'CONFAB_ENCRYPTION_KEY' : `${dataDir}/encryption-key`}): ${key}`);
  return key;
}
