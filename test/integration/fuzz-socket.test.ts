import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClientEvents } from '../../shared/agent-events.js';
import { MAX_SOCKET_PAYLOAD_BYTES, type ClientToServerEvents, type EventRefusal } from '../../shared/index.js';
import { nestsDeeperThan } from '../../server/lib/json-depth.js';
import type { RunningServer } from '../../server/server.js';
import { connectAgent, createAgent, type AgentSocket } from '../helpers/agent-client.js';
import { fuzzParameters, fuzzSeed, hostileString, hostileValue, payloadOf, prototypeKeys } from '../helpers/fuzz.js';
import { call } from '../helpers/http.js';
import { fromBot, startTestServer, type LogLine } from '../helpers/server.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

/**
 * Property-based fuzzing of every socket event of the widget (ClientToServerEvents) and the
 * console (AgentClientEvents), on a real server with real socket.io clients: every event
 * with an ack is answered in time, with a success or `{ok: false, error: {code, message}}`
 * (never `internal`); an event without an ack that is refused says so as `event:refused`;
 * nothing is logged as a server failure; and a normal chat works afterwards.
 */

const VISITOR_RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 1_500);
const AGENT_RUNS = Math.round(VISITOR_RUNS / 2);
const ACK_TIMEOUT_MS = 10_000;
const ERROR_CODES = ['bad_request', 'empty_message', 'message_too_long', 'not_found', 'forbidden', 'unknown_bot', 'invalid_token', 'conversation_ended', 'conflict', 'rate_limited'];
/** Names socket.io keeps for itself: a client cannot emit them. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

type AnyEmitter = {
  connected: boolean;
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  once(event: string, fn: (...args: unknown[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
};

interface Case {
  slot: number;
  event: string;
  payload: unknown;
  withAck: boolean;
}

/** Whether an ack is a success or a refusal with a known code and words. */
function wellFormedAck(res: unknown): boolean {
  const r = res as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (r?.ok === true) return 'data' in r;
  return r?.ok === false && ERROR_CODES.includes(String(r.error?.code)) && typeof r.error?.message === 'string' && r.error.message.length > 0;
}

/** The payload as the client sends it (JSON), or undefined when no JSON client could send it (nested past the stack). */
function asJson(payload: unknown): string | undefined {
  try {
    return JSON.stringify(payload) ?? '';
  } catch {
    return undefined;
  }
}

/** Resolves when `test` holds, checked on every tick of the event loop until the timeout. */
async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('fuzzing the socket events', () => {
  let server: RunningServer;
  const logged: LogLine[] = [];
  const visitors: TestVisitor[] = [];
  const refusals = new Map<AnyEmitter, EventRefusal[]>();
  const ids = { conversations: [] as string[], messages: [] as string[], agent: '' };
  let agentToken = '';
  let agent: AgentSocket | undefined;

  /** Listens for refusals and checks the shape of each as it comes. */
  function watch(socket: AnyEmitter) {
    const list: EventRefusal[] = [];
    refusals.set(socket, list);
    socket.on('event:refused', (refusal) => list.push(refusal as EventRefusal));
    return socket;
  }

  async function newVisitorSlot(): Promise<TestVisitor> {
    const v = await testVisitor(server, { timeoutMs: ACK_TIMEOUT_MS });
    watch(v.socket as unknown as AnyEmitter);
    const opened = await v.open();
    ids.conversations.push(opened.conversation.id);
    ids.messages.push(...opened.messages.map((m) => m.id));
    return v;
  }

  beforeAll(async () => {
    server = await startTestServer({}, { log: (message, err) => logged.push({ message, err }) });
    for (let i = 0; i < 8; i++) visitors.push(await newVisitorSlot());
    const created = await createAgent(server.url, { name: 'Fuzz Agent', teams: [], max_chats: 50 });
    ids.agent = created.id;
    agentToken = created.token;
    agent = await connectAgent(server.url, { token: agentToken });
    watch(agent as unknown as AnyEmitter);
    // Two conversations in the queue, so the console's events reach past "not found".
    for (const v of visitors.slice(0, 2)) {
      const res = await call(server.url, 'POST', '/api/chatbot/transfers', { body: { contact_id: v.identity.visitorId } });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    agent?.close();
    await server?.close();
  });

  const known = (list: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: hostileString });
  const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: hostileString });
  const int = fc.oneof(fc.integer({ min: -2, max: 50 }), fc.integer(), fc.double());

  function visitorEvents(): { [E in keyof ClientToServerEvents]: fc.Arbitrary<unknown> } {
    const conversationId = known(ids.conversations);
    const messageId = known(ids.messages);
    return {
      'conversation:open': payloadOf({ conversationId, after: int, fresh: fc.boolean() }),
      'visitor:event': payloadOf({
        conversationId,
        clientId: fc.oneof(fc.uuid(), text),
        packet: payloadOf({
          name: fc.constantFrom('message', 'click', 'media', 'start', ...prototypeKeys),
          payload: payloadOf({ body: text, value: payloadOf({ id: text, label: text }), link: fc.constantFrom('http://127.0.0.1/uploads/none.png', '/uploads/x.png', 'javascript:alert(1)'), type: fc.constantFrom('image', 'file', 'video'), name: text, size: int }),
        }),
        replyTo: messageId,
      }),
      'visitor:identify': payloadOf({ name: text, email: fc.constantFrom('ada@example.com', 'not an email'), phone: fc.constantFrom('+49 30 1234567', 'call me'), external_id: text }),
      'message:react': payloadOf({ conversationId, messageId, reaction: fc.constantFrom('POSITIVE', 'NEGATIVE', 'NEUTRAL', 'LOVE') }),
      'persona:select': payloadOf({ conversationId, personaId: text }),
      'answer:stop': payloadOf({ conversationId, draftId: text }),
      'conversation:read': payloadOf({ conversationId, seq: int }),
      'visitor:typing': payloadOf({ conversationId, typing: fc.boolean() }),
    };
  }

  function agentEvents(): { [E in keyof AgentClientEvents]: fc.Arbitrary<unknown> } {
    const conversationId = known(ids.conversations);
    return {
      'inbox:get': payloadOf({}),
      'agent:status': payloadOf({ status: fc.constantFrom('online', 'away', 'offline') }),
      'conversation:watch': payloadOf({ conversationId, after: int }),
      'conversation:unwatch': payloadOf({ conversationId }),
      'transfer:pick-next': payloadOf({ teamId: text }),
      'conversation:assign': payloadOf({ conversationId, agentId: known([ids.agent]) }),
      'conversation:transfer': payloadOf({ conversationId, teamId: fc.oneof(fc.constant(null), text), notes: text }),
      'conversation:resume-bot': payloadOf({ conversationId }),
      'conversation:end': payloadOf({ conversationId }),
      'agent:message': payloadOf({ conversationId, clientId: fc.oneof(fc.uuid(), text), body: text, attachment: payloadOf({ link: fc.constantFrom('/uploads/none.png', 'https://example.com/uploads/a.png', 'javascript:x'), type: fc.constantFrom('image', 'file'), name: text }) }),
      'agent:note': payloadOf({ conversationId, body: text }),
      'agent:typing': payloadOf({ conversationId, typing: fc.boolean() }),
      'conversation:read': payloadOf({ conversationId, seq: int }),
    };
  }

  /** A case: a known event with a fuzzed payload (or an unknown name), with an ack or without. */
  function cases(events: Record<string, fc.Arbitrary<unknown>>, slots: number): fc.Arbitrary<Case> {
    const knownEvent = fc.constantFrom(...Object.keys(events)).chain((event) => events[event]!.map((payload) => ({ event, payload })));
    const unknownEvent = fc
      .tuple(fc.oneof(fc.constantFrom(...prototypeKeys, 'error', 'message', 'ping'), hostileString), hostileValue)
      .filter(([event]) => !RESERVED.has(event) && !(event in events))
      .map(([event, payload]) => ({ event, payload }));
    // Now and then a binary payload: socket.io carries those too.
    const binary = fc.constantFrom(...Object.keys(events)).chain((event) => fc.uint8Array({ maxLength: 64 }).map((b) => ({ event, payload: Buffer.from(b) as unknown })));
    return fc
      .tuple(fc.nat(slots - 1), fc.oneof({ weight: 12, arbitrary: knownEvent }, { weight: 2, arbitrary: unknownEvent }, { weight: 1, arbitrary: binary }), fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }))
      .map(([slot, { event, payload }, withAck]) => ({ slot, event, payload, withAck }));
  }

  /** Sends one case and checks the answer; returns false when the socket was closed, as it must be for a payload over the limit. */
  async function attempt(socket: AnyEmitter, c: Case, knownEvents: Record<string, unknown>): Promise<boolean> {
    const args = c.payload === undefined ? [] : [c.payload];
    // socket.io-client's encoder recurses through the payload: what nests past a thousand
    // levels no client can send (the HTTP fuzzer sends such bodies as text).
    const json = nestsDeeperThan(c.payload, 1_000) ? undefined : asJson(c.payload);
    if (json === undefined) return true;
    const where = `${c.event} ${json.slice(0, 300)}`;
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(c.event);
    if (bytes > MAX_SOCKET_PAYLOAD_BYTES + 1_024) {
      // Too large for the server (the event's name counts too): it closes the connection (README), and nothing else breaks.
      const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      socket.emit(c.event, ...args);
      await closed;
      return false;
    }
    if (bytes > MAX_SOCKET_PAYLOAD_BYTES - 1_024) return true; // at the limit: either answer is right; not worth a case
    const seen = refusals.get(socket)!.length;
    if (c.withAck) {
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(c.event, ...args);
      expect(wellFormedAck(res), `${where} was answered ${JSON.stringify(res)?.slice(0, 300)}`).toBe(true);
    } else {
      socket.emit(c.event, ...args);
      // Without its payload or unknown, the refusal must come as an event:refused.
      if (c.payload === undefined || c.payload === null || !(c.event in knownEvents)) {
        await until(() => refusals.get(socket)!.slice(seen).some((r) => r.event === c.event), ACK_TIMEOUT_MS, `event:refused for ${where}`);
      }
      // The connection still answers.
      const probe = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:read', {});
      expect(wellFormedAck(probe)).toBe(true);
    }
    for (const r of refusals.get(socket)!.slice(seen)) expect(ERROR_CODES, JSON.stringify(r)).toContain(r.error.code);
    expect(socket.connected, `${where} closed the connection`).toBe(true);
    expect(logged.map((l) => `${l.message}: ${String(l.err)}`), `after ${where}`).toEqual([]);
    return true;
  }

  it(`answers ${VISITOR_RUNS} fuzzed visitor events, each in time and in the ack's envelope`, async () => {
    const seed = fuzzSeed('fuzz-socket (visitor)');
    const started = Date.now();
    let closed = 0;
    const events = visitorEvents();
    const property = fc.asyncProperty(cases(events, visitors.length), async (c) => {
      const socket = visitors[c.slot]!.socket as unknown as AnyEmitter;
      if (await attempt(socket, c, events)) return;
      closed++;
      visitors[c.slot]!.close();
      visitors[c.slot] = await newVisitorSlot();
    });
    await fc.assert(property, fuzzParameters(seed, VISITOR_RUNS));
    console.log(`fuzz-socket: ${VISITOR_RUNS} visitor events in ${((Date.now() - started) / 1000).toFixed(1)} s (${closed} over ${MAX_SOCKET_PAYLOAD_BYTES} bytes closed their connection)`);
  }, 480_000);

  it(`answers ${AGENT_RUNS} fuzzed console events, each in time and in the ack's envelope`, async () => {
    const seed = fuzzSeed('fuzz-socket (console)');
    const started = Date.now();
    const events = agentEvents();
    const property = fc.asyncProperty(cases(events, 1), async (c) => {
      if (await attempt(agent as unknown as AnyEmitter, c, events)) return;
      agent = await connectAgent(server.url, { token: agentToken });
      watch(agent as unknown as AnyEmitter);
    });
    await fc.assert(property, fuzzParameters(seed, AGENT_RUNS));
    console.log(`fuzz-socket: ${AGENT_RUNS} console events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 480_000);

  it('still holds a normal chat afterwards: a message gets the bot’s reply', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    const { message } = await v.send(conversation.id, 'What are your opening hours?');
    await v.inbox.next((m) => fromBot(m) && m.seq > message.seq, 10_000);
    expect(logged).toEqual([]);
  });
});
