import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/**
 * Which proxies in front of Confab are believed about the client's address
 * (CONFAB_TRUST_PROXY): none (the connection's own address counts), the nearest N hops, or
 * the proxies at these addresses / ranges (`loopback`, `10.0.0.0/8`, …), as Express does.
 */
export type TrustProxy = { hops: number } | { addresses: string[] };

export const TRUST_NOBODY: TrustProxy = { hops: 0 };

/** CONFAB_TRUST_PROXY's text → a TrustProxy, or the problem in words. */
export function parseTrustProxy(text: string): TrustProxy | string {
  const value = text.trim();
  if (value === '' || value === 'false') return TRUST_NOBODY;
  if (/^\d+$/.test(value)) return { hops: Number(value) };
  const addresses = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  try {
    proxyaddr.compile(addresses);
  } catch (err) {
    return `${(err as Error).message}: write a number of proxies (1) or their addresses (loopback, 10.0.0.0/8, …)`;
  }
  return { addresses };
}

/**
 * The key a client's address is counted under: IPv4 as it is (also when it comes IPv4-mapped),
 * IPv6 by its /64, the block one subscriber gets, so that rotating through it changes nothing.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    const parts = v6.parts.slice(0, 4).concat([0, 0, 0, 0]);
    return `${new ipaddr.IPv6(parts).toString()}/64`;
  }
  return parsed.toString();
}

/**
 * The client's address key, from the connection's address and its X-Forwarded-For header,
 * believing the header only as far as `trust` says. Without an address (a request made
 * in-process), "unknown".
 */
export function clientAddress(trust: TrustProxy, remoteAddress: string | undefined, forwardedFor: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const trusts = 'hops' in trust ? (_addr: string, i: number) => i < trust.hops : proxyaddr.compile(trust.addresses);
  const req = { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } };
  return addressKey(proxyaddr(req as unknown as Parameters<typeof proxyaddr>[0], trusts));
}
