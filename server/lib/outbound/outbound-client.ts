import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { addressKind, isAllowed, isLocalhostName, parseAllowList, type AllowEntry } from './address-policy.js';

/** Resolves a host name to every address it has: dns.lookup with all:true, unless a test injects one. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export type OutboundErrorCode = 'refused' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network';

/** Why an outbound request failed; `message` is fit for a log or a recorded failure. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The whole exchange, redirects and body included. */
  timeoutMs: number;
  /** The most of the body read; past it the request is aborted. */
  maxBytes: number;
  /** error (default): the body fails past maxBytes; truncate: it ends there. */
  overflow?: 'error' | 'truncate';
  /** The bot's outbound_allow, besides the server-wide list. */
  allow?: readonly string[];
  signal?: AbortSignal;
}

export interface OutboundClient {
  /**
   * An HTTP request that may only reach public addresses, or allowed ones. Resolves with a
   * Response whose body is capped; rejects with an OutboundError (or the caller's abort reason).
   */
  request(url: string, options: OutboundRequest): Promise<Response>;
  /** The same as a `fetch` function, for libraries that take one (the AI SDK). */
  fetchFor(options: Omit<OutboundRequest, 'method' | 'headers' | 'body' | 'signal'>): typeof fetch;
}

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([204, 205, 304]);
const ALLOW_HINT = 'allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW';

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Where one hop connects: the address that was checked, never a second lookup. */
export interface Target {
  url: URL;
  address: string;
  port: number;
}

/**
 * Resolves and checks one URL: the hop goes to the first of the host's addresses that is
 * public or allowed (localhost with 127.0.0.1 allowed and ::1 not, say); with none, it is
 * refused, naming the first address. Exported for tests.
 */
export async function checkTarget(url: URL, allow: readonly AllowEntry[], resolve: Resolver): Promise<Target> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('refused', `refused: ${url.protocol} URLs are not fetched`);
  // The WHATWG parser already turned 0x7f000001, 2130706433, 0177.0.0.1 and 127.1 into 127.0.0.1.
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  let addresses: string[];
  if (isIP(hostname)) addresses = [hostname];
  else if (isLocalhostName(hostname)) addresses = ['127.0.0.1', '::1'];
  else {
    try {
      addresses = (await resolve(hostname)).map((a) => a.address);
    } catch (err) {
      throw new OutboundError('network', `${hostname} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (addresses.length === 0) throw new OutboundError('network', `${hostname} has no address`);
  }
  const usable = addresses.find((address) => !addressKind(address) || isAllowed(allow, { hostname, address, port }));
  if (usable) return { url, address: usable, port };
  const address = addresses[0]!;
  const what = address === hostname ? address : `${hostname} (${address})`;
  const kind = addressKind(address)!;
  throw new OutboundError('refused', `refused: ${what} is ${kind === 'unspecified' ? 'an' : 'a'} ${kind} address; ${ALLOW_HINT}`);
}

function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  if (encoding === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

/** The response body as a web stream that counts bytes (after decompression) and stops at the cap. */
function cappedBody(res: IncomingMessage, destroy: (err?: Error) => void, options: { maxBytes: number; overflow: 'error' | 'truncate' }, signal: AbortSignal, failure: () => Error) {
  const source = decoded(res);
  let size = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        controller.error(err);
        destroy(err);
      };
      const onAbort = () => fail(failure());
      signal.addEventListener('abort', onAbort, { once: true });
      source.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = options.maxBytes - size;
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          if (options.overflow === 'error') return fail(new OutboundError('too_large', `the response is larger than ${options.maxBytes} bytes`));
          if (room > 0) controller.enqueue(new Uint8Array(chunk.subarray(0, room)));
          settled = true;
          controller.close();
          signal.removeEventListener('abort', onAbort);
          return destroy();
        }
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.on('end', () => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        controller.close();
      });
      const onError = (err: Error) => fail(signal.aborted ? failure() : new OutboundError('network', `the response was cut: ${err.message}`));
      source.on('error', onError);
      if (source !== res) res.on('error', onError);
      res.on('aborted', () => fail(signal.aborted ? failure() : new OutboundError('network', 'the response was cut')));
    },
    pull() {
      source.resume();
    },
    cancel() {
      settled = true;
      destroy();
    },
  });
}

interface Hop {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}

/** One request to the checked address; resolves at the response's head. */
function send(target: Target, hop: Hop, signal: AbortSignal, failure: () => Error): Promise<{ res: IncomingMessage; destroy: (err?: Error) => void }> {
  const { url } = target;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(failure());
    const req = request({
      host: target.address,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      method: hop.method,
      headers: { host: url.host, ...hop.headers, ...(hop.body ? { 'content-length': String(hop.body.byteLength) } : {}) },
      // TLS checks the certificate against the name asked for, not the address connected to.
      ...(isIP(hostname) ? {} : { servername: hostname }),
      agent: false,
    });
    const onAbort = () => req.destroy(failure());
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err instanceof OutboundError || signal.aborted ? (signal.aborted ? failure() : err) : new OutboundError('network', err.message));
    });
    req.on('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve({ res, destroy: (err) => req.destroy(err) });
    });
    req.end(hop.body);
  });
}

function responseHeaders(res: IncomingMessage, decodedBody: boolean): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!.toLowerCase();
    if (decodedBody && (name === 'content-encoding' || name === 'content-length')) continue;
    try {
      headers.append(name, res.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch would not accept either: left out.
    }
  }
  return headers;
}

/**
 * Confab's one way out to other servers (api_fetch, webhooks, API contexts, media checks, AI
 * providers). It resolves the host itself and connects to the address it checked, so a DNS
 * answer cannot change between the check and the connection; follows at most five redirects,
 * checking each; caps the body while it streams; and times out. `allow` is the server-wide
 * list (CONFAB_OUTBOUND_ALLOW); each request may add the bot's own.
 */
export function createOutboundClient(options: { allow?: readonly string[]; resolve?: Resolver } = {}): OutboundClient {
  const serverAllow = parseAllowList(options.allow ?? []);
  const resolve = options.resolve ?? defaultResolver;

  async function request(input: string, req: OutboundRequest): Promise<Response> {
    let allow: AllowEntry[];
    try {
      allow = [...serverAllow, ...parseAllowList(req.allow ?? [])];
    } catch (err) {
      // Lists are checked when they are set; one that is not (an old stored bot) refuses rather than throws.
      throw new OutboundError('refused', `refused: ${(err as Error).message}`);
    }
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    const failure = (): Error =>
      req.signal?.aborted ? (req.signal.reason instanceof Error ? req.signal.reason : new DOMException('aborted', 'AbortError')) : new OutboundError('timeout', `timed out after ${req.timeoutMs} ms`);
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundError('refused', `refused: ${JSON.stringify(input.slice(0, 200))} is not a URL`);
    }
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'Confab', ...lowerCased(req.headers ?? {}) };
    let hop: Hop = { method: (req.method ?? 'GET').toUpperCase(), headers, body: typeof req.body === 'string' ? Buffer.from(req.body) : req.body };
    for (let redirects = 0; ; redirects++) {
      const target = await checkTarget(url, allow, resolve);
      if (signal.aborted) throw failure();
      const { res, destroy } = await send(target, hop, signal, failure);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        destroy();
        if (redirects >= MAX_REDIRECTS) throw new OutboundError('too_many_redirects', `more than ${MAX_REDIRECTS} redirects`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new OutboundError('network', 'a redirect to something that is not a URL');
        }
        hop = redirected(hop, status, url, next);
        url = next;
        continue;
      }
      if (status < 200 || status > 599) {
        destroy();
        throw new OutboundError('network', `an unexpected HTTP status ${status}`);
      }
      const noBody = hop.method === 'HEAD' || NULL_BODY.has(status);
      const encoded = !noBody && /^(?:x-gzip|gzip|deflate|br)$/i.test(String(res.headers['content-encoding'] ?? '').trim());
      if (noBody) destroy();
      const body = noBody ? null : cappedBody(res, destroy, { maxBytes: req.maxBytes, overflow: req.overflow ?? 'error' }, signal, failure);
      const init = { status, headers: responseHeaders(res, encoded) };
      try {
        return new Response(body, { ...init, statusText: res.statusMessage ?? '' });
      } catch {
        // A reason phrase fetch would not take.
        return new Response(body, init);
      }
    }
  }

  return {
    request,
    fetchFor(defaults) {
      return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        const r = new Request(input, init);
        const body = r.body ? new Uint8Array(await r.arrayBuffer()) : undefined;
        const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
        const headers: Record<string, string> = {};
        r.headers.forEach((value, name) => (headers[name] = value));
        return request(r.url, {
          ...defaults,
          method: r.method,
          headers,
          ...(body ? { body } : {}),
          ...(signal ? { signal } : {}),
        });
      }) as typeof fetch;
    },
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The next hop as fetch makes it: 303 (and 301/302 of a POST) become a GET without body; credentials stay on their origin. */
function redirected(hop: Hop, status: number, from: URL, to: URL): Hop {
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const headers = { ...hop.headers };
  if (toGet) for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[name];
  if (from.origin !== to.origin) for (const name of ['authorization', 'cookie', 'proxy-authorization']) delete headers[name];
  return toGet ? { method: 'GET', headers, body: undefined } : { ...hop, headers };
}
