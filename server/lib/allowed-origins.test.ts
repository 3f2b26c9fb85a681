import { describe, expect, it } from 'vitest';
import { originAllowed, parseOriginEntry, type ServerOrigin } from './allowed-origins.js';

const SERVER = { publicUrl: 'https://chat.example.com', host: 'chat.example.com' };

describe('allowed origins', () => {
  describe('an entry', () => {
    it.each([
      ['https://shop.example.com', 'https://shop.example.com'],
      ['HTTPS://Shop.Example.COM', 'https://shop.example.com'],
      ['https://shop.example.com/', 'https://shop.example.com'],
      ['https://shop.example.com:443', 'https://shop.example.com'],
      ['http://localhost:8080', 'http://localhost:8080'],
      ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
      ['http://[::1]:3000', 'http://[::1]:3000'],
      ['https://bücher.example', 'https://xn--bcher-kva.example'],
      ['https://*.example.com', 'https://*.example.com'],
      ['https://*.Shop.Example.com:8443', 'https://*.shop.example.com:8443'],
      ['self', 'self'],
    ])('%s is stored as %s', (entry, stored) => expect(parseOriginEntry(entry)).toBe(stored));

    it.each([
      ['a path', 'https://shop.example.com/checkout'],
      ['a query', 'https://shop.example.com?x=1'],
      ['a fragment', 'https://shop.example.com#top'],
      ['a user', 'https://user@shop.example.com'],
      ['no scheme', 'shop.example.com'],
      ['another scheme', 'ftp://shop.example.com'],
      ['a javascript: URL', 'javascript:alert(1)'],
      ['a bad port', 'https://shop.example.com:99999'],
      ['a wildcard for everything', '*'],
      ['a wildcard in the middle', 'https://shop.*.example.com'],
      ['a wildcard as a label part', 'https://*shop.example.com'],
      ['a wildcard over a top-level domain', 'https://*.com'],
      ['a wildcard over addresses', 'https://*.1.2.3'],
      ['null', 'null'],
      ['spaces', 'https://shop example.com'],
    ])('with %s is refused', (_case, entry) => expect(parseOriginEntry(entry)).toEqual({ error: expect.any(String) }));
  });

  describe('an Origin header', () => {
    const allowed = (entries: string[], origin: string | undefined, server: ServerOrigin = SERVER) => originAllowed(entries, origin, server);

    it('is allowed from anywhere when the bot lists none', () => {
      expect(allowed([], 'https://evil.example')).toBe(true);
    });

    it('is allowed when the request has none (no page asked: a server, a same-origin GET)', () => {
      expect(allowed(['https://shop.example.com'], undefined)).toBe(true);
    });

    it('matches an origin exactly: scheme, host and port', () => {
      const entries = ['https://shop.example.com'];
      expect(allowed(entries, 'https://shop.example.com')).toBe(true);
      for (const other of ['http://shop.example.com', 'https://shop.example.com:8443', 'https://evil.shop.example.com', 'https://shop.example.com.evil.example', 'https://evilshop.example.com']) {
        expect(allowed(entries, other), other).toBe(false);
      }
    });

    it('matches a wildcard on subdomains only, with its scheme and port', () => {
      const entries = ['https://*.example.com'];
      expect(allowed(entries, 'https://shop.example.com')).toBe(true);
      expect(allowed(entries, 'https://a.b.example.com')).toBe(true);
      for (const other of ['https://example.com', 'http://shop.example.com', 'https://shop.example.com:8443', 'https://evil-example.com', 'https://example.com.evil.example']) {
        expect(allowed(entries, other), other).toBe(false);
      }
    });

    it('matches self on the public URL’s origin and on the Host the request reached', () => {
      expect(allowed(['self'], 'https://chat.example.com')).toBe(true);
      expect(allowed(['self'], 'http://localhost:3000', { publicUrl: 'http://localhost:3000', host: 'localhost:3000' })).toBe(true);
      expect(allowed(['self'], 'http://10.0.0.5:3000', { publicUrl: 'http://localhost:3000', host: '10.0.0.5:3000' })).toBe(true);
      expect(allowed(['self'], 'https://evil.example')).toBe(false);
      expect(allowed(['self'], 'https://evil.example', { publicUrl: 'https://chat.example.com', host: undefined })).toBe(false);
    });

    it.each(['null', 'not an origin', 'https://'])('%s is no listed origin', (origin) => {
      expect(allowed(['https://shop.example.com', 'self'], origin)).toBe(false);
    });
  });
});
