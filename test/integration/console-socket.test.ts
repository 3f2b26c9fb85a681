import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { agentAttempt, connectAgent, createAgent, type AgentSocket } from '../helpers/agent-client.js';
import { startTestServer } from '../helpers/server.js';

type ConnectRefusal = Error & { data?: { code: string; message: string; retryAfterMs?: number } };

/** A handshake's refusal (the connect_error), or a failure when it connected. */
async function refusal(attempt: Promise<AgentSocket>): Promise<ConnectRefusal> {
  const socket = await attempt.catch((err: ConnectRefusal) => err);
  if (!(socket instanceof Error)) {
    socket.close();
    throw new Error('the handshake was accepted');
  }
  return socket;
}

/** The console's namespace (/agents) is guarded as the visitors' is: by origin, and by the limits table. */
describe('the console socket: origins and limits', () => {
  let server: RunningServer;
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      limits: { 'console-connect.ip': { points: 6, seconds: 600 }, 'console-event.agent': { points: 4, seconds: 600 } },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  const open = async (token: string, headers?: Record<string, string>) => {
    const socket = await connectAgent(server.url, { token }, headers);
    sockets.push(socket);
    return socket;
  };

  it("takes the console's own origin and clients that send none; refuses a page elsewhere before its token is checked", async () => {
    const { token } = await createAgent(server.url, { name: 'Origin Ana' });
    await open(token, { Origin: server.url });
    await open(token);
    const elsewhere = await refusal(connectAgent(server.url, { token }, { Origin: 'https://evil.example' }));
    expect(elsewhere.message).toBe('origin_not_allowed');
    expect(elsewhere.data?.message).toContain('https://evil.example');
    // Refused first: a made-up token from that page gets the same answer.
    expect((await refusal(connectAgent(server.url, { token: 'made-up' }, { Origin: 'https://evil.example' }))).message).toBe('origin_not_allowed');
    expect((await refusal(connectAgent(server.url, { token }, { Origin: 'null' }))).message).toBe('origin_not_allowed');
  });

  it("counts an agent's events: past the budget each is refused with rate_limited and when to try again", async () => {
    const { token } = await createAgent(server.url, { name: 'Busy Bea' });
    const socket = await open(token);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await agentAttempt(socket, 'agent:status', { status: i % 2 ? 'online' : 'away' }));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, true, false, false]);
    const refused = answers[4]!;
    if (refused.ok) throw new Error('not refused');
    expect(refused.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^too many console events: at most 4 in 600 s for this agent/), retryAfterMs: expect.any(Number) });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    // Another agent has a budget of their own.
    const other = await open((await createAgent(server.url, { name: 'Cy' })).token);
    expect((await agentAttempt(other, 'inbox:get', {})).ok).toBe(true);
  });

  it('counts handshakes per address before the token: past the budget even a valid token gets rate_limited', async () => {
    const { token } = await createAgent(server.url, { name: 'Dee' });
    let refused: ConnectRefusal | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      await open(token).catch((err: ConnectRefusal) => (refused = err));
    }
    expect(refused?.message).toBe('rate_limited');
    expect(refused?.data?.retryAfterMs).toBeGreaterThan(0);
    // The address's six handshakes, those of the tests above included (the refused origins were not counted).
    expect(sockets).toHaveLength(6);
  });
});
