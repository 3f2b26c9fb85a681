import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startHttpServer } from '../../../test/helpers/unit-fixture.js';
import { parseAllowList } from './address-policy.js';
import { checkTarget, createOutboundClient, OutboundError, type Resolver } from './outbound-client.js';

const MIB = 1024 * 1024;
const refusal = (promise: Promise<unknown>) => promise.then(
  () => 'answered',
  (err: unknown) => (err instanceof OutboundError ? `${err.code}: ${err.message}` : `other: ${String(err)}`),
);

function listen(server: Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

describe('the outbound client', () => {
  let target: Awaited<ReturnType<typeof startHttpServer>>;
  let port: number;

  beforeAll(async () => {
    target = await startHttpServer((req, res) => {
      if (req.path === '/see-other') {
        res.writeHead(303, { Location: '/echo' });
        return void res.end();
      }
      if (req.path.startsWith('/hops/')) {
        const n = Number(req.path.slice(6));
        if (n > 0) {
          res.writeHead(302, { Location: `/hops/${n - 1}` });
          return void res.end();
        }
      }
      reply(res, 200, { method: req.method, path: req.path, body: req.body, host: req.headers.host, auth: req.headers.authorization ?? null });
    });
    port = Number(new URL(target.origin).port);
  });
  afterAll(() => target.close());

  const plain = createOutboundClient();
  const get = (url: string, more: Parameters<typeof plain.request>[1] | object = {}, client = plain) => client.request(url, { timeoutMs: 2_000, maxBytes: MIB, ...more });

  it.each([
    ['127.0.0.1', '127.0.0.1 is a loopback address'],
    ['0x7f000001', '127.0.0.1 is a loopback address'],
    ['2130706433', '127.0.0.1 is a loopback address'],
    ['0177.0.0.1', '127.0.0.1 is a loopback address'],
    ['127.1', '127.0.0.1 is a loopback address'],
    ['localhost', 'localhost (127.0.0.1) is a loopback address'],
    ['LOCALHOST.', 'localhost. (127.0.0.1) is a loopback address'],
    ['api.localhost', 'api.localhost (127.0.0.1) is a loopback address'],
    ['0.0.0.0', '0.0.0.0 is an unspecified address'],
    ['0', '0.0.0.0 is an unspecified address'],
    ['[::1]', '::1 is a loopback address'],
    ['[::]', ':: is an unspecified address'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1 is a loopback address'],
    ['169.254.169.254', '169.254.169.254 is a link-local address'],
    ['10.0.0.1', '10.0.0.1 is a private address'],
    ['192.168.0.1', '192.168.0.1 is a private address'],
    ['100.64.0.1', '100.64.0.1 is a carrier-grade NAT address'],
    ['[fe80::1]', 'fe80::1 is a link-local address'],
    ['[fd00::1]', 'fd00::1 is a unique-local address'],
    ['224.0.0.1', '224.0.0.1 is a multicast address'],
    ['255.255.255.255', '255.255.255.255 is a broadcast address'],
  ])('refuses %s before connecting', async (host, why) => {
    const before = target.requests.length;
    expect(await refusal(get(`http://${host}:${port}/x`))).toBe(`refused: refused: ${why}; allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW`);
    expect(target.requests.length).toBe(before);
  });

  it('refuses other schemes', async () => {
    expect(await refusal(get('file:///etc/passwd'))).toBe('refused: refused: file: URLs are not fetched');
  });

  it('reaches loopback when the server-wide list or the request allows it', async () => {
    const serverWide = createOutboundClient({ allow: ['127.0.0.1'] });
    expect((await get(`${target.origin}/a`, {}, serverWide)).status).toBe(200);
    expect((await get(`${target.origin}/b`, { allow: [`127.0.0.1:${port}`] })).status).toBe(200);
    expect((await get(`${target.origin}/c`, { allow: ['127.0.0.0/8'] })).status).toBe(200);
    expect((await get(`http://localhost:${port}/d`, { allow: [`localhost:${port}`] })).status).toBe(200);
    expect(await refusal(get(`${target.origin}/e`, { allow: [`127.0.0.1:${port + 1}`] }))).toMatch(/^refused/);
  });

  it('resolves a name once, and goes to one of its addresses that passed the check, never to a private one', async () => {
    const calls: string[] = [];
    const resolve: Resolver = async (host) => (calls.push(host), [{ address: '10.0.0.8', family: 4 }, { address: '93.184.216.34', family: 4 }]);
    expect((await checkTarget(new URL('http://mixed.example/'), [], resolve)).address).toBe('93.184.216.34');
    expect(calls).toEqual(['mixed.example']);
    const internal: Resolver = async () => [{ address: '10.0.0.8', family: 4 }, { address: 'fd00::8', family: 6 }];
    await expect(checkTarget(new URL('http://internal.example/'), [], internal)).rejects.toThrow('refused: internal.example (10.0.0.8) is a private address');
    // localhost with only 127.0.0.1 allowed: ::1 is skipped.
    expect((await checkTarget(new URL('http://localhost:8080/'), parseAllowList(['127.0.0.1']), internal)).address).toBe('127.0.0.1');
    expect((await checkTarget(new URL('http://localhost:8080/'), parseAllowList(['::1']), internal)).address).toBe('::1');
    // A public name: checked, and the address to connect to is the one checked (nothing connects here).
    const ok = await checkTarget(new URL('https://public.example/x'), [], async () => [{ address: '93.184.216.34', family: 4 }]);
    expect({ address: ok.address, port: ok.port }).toEqual({ address: '93.184.216.34', port: 443 });
  });

  it('refuses a name whose resolver answers a metadata address', async () => {
    const client = createOutboundClient({ resolve: async () => [{ address: '169.254.169.254', family: 4 }] });
    expect(await refusal(get('http://metadata.example/latest/meta-data/', {}, client))).toBe(
      'refused: refused: metadata.example (169.254.169.254) is a link-local address; allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW',
    );
  });

  it('connects to the address it checked: a resolver that rebinds to 127.0.0.1 after the check is never asked again', async () => {
    // Two servers on one port: the checked (allowed) 127.0.0.2, and 127.0.0.1 a rebinding would reach.
    const checked = createServer((_req, res) => res.end('checked'));
    const other = createServer((_req, res) => res.end('rebound'));
    const p = await listen(checked, '127.0.0.2');
    await listen(other, '127.0.0.1', p);
    try {
      const answers = ['127.0.0.2', '127.0.0.1'];
      const calls: string[] = [];
      const client = createOutboundClient({ allow: ['127.0.0.2'], resolve: async (host) => (calls.push(host), [{ address: answers.shift()!, family: 4 }]) });
      const res = await get(`http://rebind.example:${p}/`, {}, client);
      expect(await res.text()).toBe('checked');
      expect(calls).toEqual(['rebind.example']);
      // The second answer, were it asked for, is refused.
      expect(await refusal(get(`http://rebind.example:${p}/`, {}, client))).toMatch(/^refused: refused: rebind.example \(127.0.0.1\) is a loopback address/);
    } finally {
      checked.close();
      other.close();
    }
  });

  it('re-checks every redirect: an allowed redirector cannot send it to a loopback port that is not allowed', async () => {
    const redirector = await startHttpServer((_req, res) => {
      res.writeHead(302, { Location: `${target.origin}/secret` });
      res.end();
    });
    try {
      const rport = new URL(redirector.origin).port;
      const client = createOutboundClient({ allow: [`files.example.com:${rport}`], resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      const before = target.requests.length;
      expect(await refusal(get(`http://files.example.com:${rport}/image.png`, {}, client))).toBe(
        'refused: refused: 127.0.0.1 is a loopback address; allow it with outbound_allow or CONFAB_OUTBOUND_ALLOW',
      );
      expect(redirector.requests).toHaveLength(1);
      expect(target.requests.length).toBe(before);
    } finally {
      await redirector.close();
    }
  });

  it('follows five redirects and no more', async () => {
    const allow = ['127.0.0.1'];
    expect(await (await get(`${target.origin}/hops/5`, { allow })).json()).toMatchObject({ path: '/hops/0' });
    expect(await refusal(get(`${target.origin}/hops/6`, { allow }))).toBe('too_many_redirects: more than 5 redirects');
  });

  it('turns a POST into a GET on 303, as fetch does, and keeps credentials on their origin', async () => {
    const res = await get(`${target.origin}/see-other`, { allow: ['127.0.0.1'], method: 'POST', body: '{"a":1}', headers: { Authorization: 'Bearer x' } });
    expect(await res.json()).toEqual({ method: 'GET', path: '/echo', body: '', host: `127.0.0.1:${port}`, auth: 'Bearer x' });
    const elsewhere = await startHttpServer((_req, res) => {
      res.writeHead(307, { Location: `${target.origin}/echo` });
      res.end();
    });
    try {
      const moved = await get(`${elsewhere.origin}/`, { allow: ['127.0.0.1'], method: 'POST', body: 'kept', headers: { Authorization: 'Bearer x' } });
      expect(await moved.json()).toMatchObject({ method: 'POST', body: 'kept', auth: null });
    } finally {
      await elsewhere.close();
    }
  });

  it('times out, also in the middle of a body', async () => {
    const slow = await startHttpServer(async (req, res) => {
      if (req.path === '/head') return;
      res.writeHead(200);
      res.write('a');
    });
    try {
      expect(await refusal(get(`${slow.origin}/head`, { allow: ['127.0.0.1'], timeoutMs: 100 }))).toBe('timeout: timed out after 100 ms');
      const res = await get(`${slow.origin}/body`, { allow: ['127.0.0.1'], timeoutMs: 200 });
      expect(await refusal(res.text())).toBe('timeout: timed out after 200 ms');
    } finally {
      await slow.close();
    }
  });

  describe('the size cap', () => {
    let sent = 0;
    let closed: Promise<void>;
    let big: Server;
    let origin: string;

    beforeAll(async () => {
      // 150 MB, written as fast as the client takes it, unless the client goes away.
      big = createServer((req, res) => {
        if (req.url === '/gzip') {
          res.writeHead(200, { 'Content-Encoding': 'gzip' });
          return void res.end(gzipSync(Buffer.alloc(50 * MIB)));
        }
        sent = 0;
        closed = new Promise((resolve) => res.on('close', () => resolve()));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (sent < 150 * 1_000_000 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      });
      origin = `http://127.0.0.1:${await listen(big, '127.0.0.1')}`;
    });
    afterAll(() => new Promise<void>((resolve) => (big.closeAllConnections(), big.close(() => resolve()))));

    it('aborts a 150 MB body soon after the cap, without buffering it', async () => {
      const rss = process.memoryUsage().rss;
      const res = await get(`${origin}/big`, { allow: ['127.0.0.1'], timeoutMs: 10_000 });
      expect(await refusal(res.text())).toBe(`too_large: the response is larger than ${MIB} bytes`);
      await closed;
      // What the socket buffers held, not 150 MB.
      expect(sent).toBeLessThan(16 * MIB);
      expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MIB);
    });

    it('cuts the body at the cap when asked to truncate', async () => {
      const res = await get(`${origin}/big`, { allow: ['127.0.0.1'], timeoutMs: 10_000, maxBytes: 100_000, overflow: 'truncate' });
      expect((await res.text()).length).toBe(100_000);
      await closed;
      expect(sent).toBeLessThan(16 * MIB);
    });

    it('counts a compressed body as it is decompressed', async () => {
      const res = await get(`${origin}/gzip`, { allow: ['127.0.0.1'], timeoutMs: 10_000 });
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(await refusal(res.arrayBuffer())).toBe(`too_large: the response is larger than ${MIB} bytes`);
    });
  });

  it('is a fetch function for libraries that take one, with its checks', async () => {
    const guarded = plain.fetchFor({ timeoutMs: 2_000, maxBytes: MIB, allow: ['127.0.0.1'] });
    const res = await guarded(`${target.origin}/json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ q: 1 }) });
    expect(res).toBeInstanceOf(Response);
    expect(await res.json()).toMatchObject({ method: 'POST', body: '{"q":1}' });
    const unguarded = plain.fetchFor({ timeoutMs: 2_000, maxBytes: MIB });
    expect(await refusal(unguarded(`${target.origin}/json`))).toMatch(/^refused: refused: 127.0.0.1 is a loopback address/);
    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    expect(await refusal(guarded(`${target.origin}/json`, { signal: controller.signal }))).toBe('other: Error: stopped by the caller');
  });
});
