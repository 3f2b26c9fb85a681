import ipaddr from 'ipaddr.js';

/**
 * Which addresses an outbound request may reach: public unicast addresses, and the others
 * only where an allow-list says so. The ranges come from ipaddr.js (its IANA special-purpose
 * tables), not from CIDR math of our own.
 */

/** Why an address is not public, in the words of a refusal. */
export type AddressKind = 'loopback' | 'private' | 'carrier-grade NAT' | 'link-local' | 'unique-local' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

const V4_KINDS: Record<string, AddressKind> = {
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'carrier-grade NAT',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};
const V6_KINDS: Record<string, AddressKind> = {
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An IP address in the one form compared: IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 it carries. */
function canonical(address: string): Address | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/** undefined for a public unicast address; otherwise what kind of address it is. Not an address at all: reserved. */
export function addressKind(address: string): AddressKind | undefined {
  const parsed = canonical(address);
  if (!parsed) return 'reserved';
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  // Everything else (documentation, benchmarking, 6to4, NAT64, Teredo, IPv4-compatible, …) is reserved here.
  return (parsed.kind() === 'ipv4' ? V4_KINDS[range] : V6_KINDS[range]) ?? 'reserved';
}

/** localhost and *.localhost are loopback by definition (RFC 6761), whatever a resolver says. */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

export type AllowEntry =
  | { kind: 'host'; host: string; port?: number }
  | { kind: 'range'; range: [Address, number]; port?: number };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

/** A plain address: dotted-quad IPv4 (no octal or hex forms) or IPv6. */
function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return canonical(text);
  return undefined;
}

const wholeRange = (a: Address): [Address, number] => [a, a.kind() === 'ipv4' ? 32 : 128];

/**
 * One allow-list entry: a host name (`ollama.internal`), host:port (`localhost:11434`), an
 * address (`127.0.0.1`, `::1`), address:port (`127.0.0.1:4000`, `[::1]:4000`) or a CIDR
 * range (`10.0.0.0/8`, `fd00::/8`). A string: what is wrong with it.
 */
export function parseAllowEntry(input: string): AllowEntry | string {
  const text = input.trim().toLowerCase();
  if (text === '') return 'an empty entry';
  if (text.includes('/')) {
    const [base, bits, ...rest] = text.split('/');
    const address = parseAddress(base!);
    const written = ipaddr.IPv4.isValidFourPartDecimal(base!) ? 32 : 128;
    const length = /^\d{1,3}$/.test(bits ?? '') ? Number(bits) : NaN;
    if (rest.length > 0 || !address || !(length >= 0 && length <= written)) return `"${input}" is not a CIDR range`;
    // A mapped IPv6 range (::ffff:10.0.0.0/104) is compared as the IPv4 range it is.
    const v4Mapped = address.kind() === 'ipv4' && written === 128;
    if (v4Mapped && length < 96) return `"${input}" is not a CIDR range`;
    return { kind: 'range', range: [address, v4Mapped ? length - 96 : length] };
  }
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const address = ipaddr.IPv6.isValid(bracketed[1]!) ? canonical(bracketed[1]!) : undefined;
    if (!address) return `"${input}" is not an IPv6 address`;
    if (bracketed[2] === undefined) return { kind: 'range', range: wholeRange(address) };
    const port = parsePort(bracketed[2]);
    return port ? { kind: 'range', range: wholeRange(address), port } : `"${input}" has no valid port`;
  }
  const address = parseAddress(text);
  if (address) return { kind: 'range', range: wholeRange(address) };
  const colon = text.lastIndexOf(':');
  if (text.indexOf(':') !== colon) return `"${input}" is not an address (IPv6 with a port is written [::1]:8080)`;
  const host = colon === -1 ? text : text.slice(0, colon);
  const port = colon === -1 ? undefined : parsePort(text.slice(colon + 1));
  if (colon !== -1 && port === undefined) return `"${input}" has no valid port`;
  const hostAddress = parseAddress(host);
  if (hostAddress) return { kind: 'range', range: wholeRange(hostAddress), ...(port ? { port } : {}) };
  // Numbers and dots only, but not a dotted quad (0x7f.1, 2130706433): ambiguous, so not taken.
  // A name whose last label is a number (2130706433, 0x7f000001, 0177.0.0.1x.1) is an address to
  // the URL parser: ambiguous, so not taken; addresses are written as dotted quads.
  if (/(^|\.)(0x[0-9a-f]*|\d+)\.?$/.test(host)) return `"${input}" is not a dotted-quad address or a host name`;
  if (!HOSTNAME.test(host.replace(/\.$/, ''))) return `"${input}" is not a host name`;
  return { kind: 'host', host: host.replace(/\.$/, ''), ...(port ? { port } : {}) };
}

/** Every entry parsed; throws on the first invalid one (lists are checked when they are set). */
export function parseAllowList(entries: readonly string[]): AllowEntry[] {
  return entries.map((entry) => {
    const parsed = parseAllowEntry(entry);
    if (typeof parsed === 'string') throw new Error(`invalid outbound allow entry: ${parsed}`);
    return parsed;
  });
}

/** Whether the list lets a request to `hostname:port` connect to `address`. */
export function isAllowed(list: readonly AllowEntry[], target: { hostname: string; address: string; port: number }): boolean {
  const hostname = target.hostname.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  const address = canonical(target.address);
  return list.some((entry) => {
    if (entry.port !== undefined && entry.port !== target.port) return false;
    if (entry.kind === 'host') return entry.host === hostname;
    return address !== undefined && address.kind() === entry.range[0].kind() && address.match(entry.range);
  });
}
