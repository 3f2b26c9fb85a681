import { describe, expect, it } from 'vitest';
import { signVisitorToken, verifyVisitorToken } from './visitor-token.js';

const secret = 'a-test-secret-of-some-length';

describe('visitor tokens', () => {
  it('verifies a token it signed and returns the visitor id', () => {
    const token = signVisitorToken(secret, 'bot-1', 'visitor-1');
    expect(verifyVisitorToken(secret, 'bot-1', token)).toBe('visitor-1');
  });

  it('refuses a token for another bot, another secret, or a changed visitor id', () => {
    const token = signVisitorToken(secret, 'bot-1', 'visitor-1');
    expect(verifyVisitorToken(secret, 'bot-2', token)).toBeUndefined();
    expect(verifyVisitorToken('another-secret-entirely', 'bot-1', token)).toBeUndefined();
    const forged = token.replace('visitor-1', 'visitor-2');
    expect(verifyVisitorToken(secret, 'bot-1', forged)).toBeUndefined();
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'nodot', '.sig', 'visitor-1.', `v.${'x'.repeat(300)}`]) {
      expect(verifyVisitorToken(secret, 'bot-1', bad)).toBeUndefined();
    }
  });
});
