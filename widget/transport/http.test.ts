import { describe, expect, it, vi } from 'vitest';
import { createVisitor } from './http.js';

const respond = (status: number, body: unknown) =>
  vi.fn<typeof fetch>(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('createVisitor', () => {
  it('posts the bot key and returns the identity', async () => {
    const fetchImpl = respond(201, { visitorId: 'v1', token: 't1' });
    expect(await createVisitor('http://confab.test', 'demo', fetchImpl)).toEqual({ data: { visitorId: 'v1', token: 't1' } });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('http://confab.test/api/widget/visitors');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ botKey: 'demo' });
    // CORS-simple: a string body with no headers goes as text/plain, so no preflight.
    expect(init?.headers).toBeUndefined();
    expect(new Request('http://confab.test', init).headers.get('content-type')).toBe('text/plain;charset=UTF-8');
  });

  it("returns the server's error message", async () => {
    const result = await createVisitor('http://x', 'nope', respond(404, { status: 'error', message: 'Unknown bot' }));
    expect(result).toEqual({ error: 'Unknown bot' });
  });

  it('never throws on a network failure or an odd answer', async () => {
    const offline = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await createVisitor('http://x', 'demo', offline)).error).toMatch(/Could not reach/);
    expect((await createVisitor('http://x', 'demo', respond(201, { visitor: 1 }))).error).toMatch(/unexpected/);
    expect((await createVisitor('http://x', 'demo', respond(500, 'oops'))).error).toMatch(/500/);
  });
});
