import { describe, expect, it } from 'vitest';
import { addressKind, isAllowed, isLocalhostName, parseAllowEntry, parseAllowList } from './address-policy.js';

describe('addressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    // Addresses that embed an IPv4 one some other way: NAT64, 6to4, Teredo.
    ['64:ff9b::7f00:1', 'reserved'],
    ['2002:7f00:1::', 'reserved'],
    ['2001::1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(addressKind(address)).toBeUndefined();
  });
});

describe('the URL forms of an address', () => {
  // The WHATWG parser normalises numeric hosts; the policy then sees the plain address.
  it.each([
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', '[::ffff:7f00:1]'],
    ['http://[::1]/', '[::1]'],
  ])('%s is %s, not public', (url, hostname) => {
    const host = new URL(url).hostname;
    expect(host).toBe(hostname);
    expect(addressKind(host.replace(/^\[|\]$/g, ''))).toBeDefined();
  });

  it('knows localhost and its subdomains by name', () => {
    expect(['localhost', 'LOCALHOST', 'localhost.', 'api.localhost'].map(isLocalhostName)).toEqual([true, true, true, true]);
    expect(['localhost.example.com', 'mylocalhost'].map(isLocalhostName)).toEqual([false, false]);
  });
});

describe('allow-list entries', () => {
  it.each([
    ['ollama.internal', { kind: 'host', host: 'ollama.internal' }],
    ['Ollama.Internal.', { kind: 'host', host: 'ollama.internal' }],
    ['localhost:11434', { kind: 'host', host: 'localhost', port: 11434 }],
  ])('reads %s as a host', (entry, parsed) => {
    expect(parseAllowEntry(entry)).toEqual(parsed);
  });

  it.each(['', 'http://x.example', 'host:0', 'host:65536', 'host:abc', '10.0.0.0/33', '::1/129', '0x7f000001', '2130706433', '0177.0.0.1', '127.1', '[::1', '[nope]:80', 'a b', '1.2.3.4.5', '::ffff:10.0.0.0/90'])(
    'refuses %j',
    (entry) => {
      expect(typeof parseAllowEntry(entry)).toBe('string');
    },
  );

  it('throws on the first invalid entry of a list', () => {
    expect(() => parseAllowList(['127.0.0.1', 'http://nope'])).toThrow(/invalid outbound allow entry/);
  });

  const allows = (entry: string, hostname: string, address: string, port: number) => isAllowed(parseAllowList([entry]), { hostname, address, port });

  it('matches an address, at any port or at one', () => {
    expect(allows('127.0.0.1', '127.0.0.1', '127.0.0.1', 8080)).toBe(true);
    expect(allows('127.0.0.1', 'api.example', '127.0.0.1', 8080)).toBe(true);
    expect(allows('127.0.0.1', '127.0.0.2', '127.0.0.2', 8080)).toBe(false);
    expect(allows('127.0.0.1:4000', '127.0.0.1', '127.0.0.1', 4000)).toBe(true);
    expect(allows('127.0.0.1:4000', '127.0.0.1', '127.0.0.1', 4001)).toBe(false);
    // A mapped address is the IPv4 address it carries.
    expect(allows('127.0.0.1', '::ffff:127.0.0.1', '::ffff:127.0.0.1', 80)).toBe(true);
  });

  it('matches CIDR ranges, IPv4 and IPv6', () => {
    expect(allows('10.0.0.0/8', 'db.internal', '10.20.30.40', 5432)).toBe(true);
    expect(allows('10.0.0.0/8', 'db.internal', '11.0.0.1', 5432)).toBe(false);
    expect(allows('169.254.169.254/32', 'x', '169.254.169.254', 80)).toBe(true);
    expect(allows('fd00::/8', 'x', 'fd12::1', 80)).toBe(true);
    expect(allows('fd00::/8', 'x', 'fc00::1', 80)).toBe(false);
    expect(allows('::ffff:10.0.0.0/104', 'x', '10.1.1.1', 80)).toBe(true);
    // An IPv4 range never matches an IPv6 address, nor the other way round.
    expect(allows('0.0.0.0/0', 'x', '::1', 80)).toBe(false);
  });

  it('matches IPv6 addresses with and without a port', () => {
    expect(allows('::1', '::1', '::1', 80)).toBe(true);
    expect(allows('[::1]', '::1', '::1', 80)).toBe(true);
    expect(allows('[::1]:8080', '[::1]', '::1', 8080)).toBe(true);
    expect(allows('[::1]:8080', '[::1]', '::1', 8081)).toBe(false);
  });

  it('matches a host name by the name asked for, whatever it resolves to', () => {
    expect(allows('ollama.internal', 'ollama.internal', '10.0.0.7', 11434)).toBe(true);
    expect(allows('ollama.internal', 'OLLAMA.internal.', '10.0.0.7', 11434)).toBe(true);
    expect(allows('ollama.internal', 'other.internal', '10.0.0.7', 11434)).toBe(false);
    expect(allows('localhost:11434', 'localhost', '127.0.0.1', 11434)).toBe(true);
    expect(allows('localhost:11434', 'localhost', '127.0.0.1', 22)).toBe(false);
  });
});
