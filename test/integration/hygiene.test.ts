import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ack, ClientToServerEvents, EventRefusal } from '../../shared/index.js';
import { configFromEnv } from '../../server/lib/config.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { DEMO_TOKEN, startTestServer, testConfig, type ClientSocket, type LogLine } from '../helpers/server.js';
import { messageEvent, testVisitor, type TestVisitor } from '../helpers/visitor-client.js';
import { tempDir } from '../helpers/databases.js';

// Issue 14, item 8: no event goes unanswered, the server listens only where it is told, and a
// client that goes away mid-request is not an error.

/** Emits without the typed event map, as a broken or hostile client would. */
function rawEmit(socket: ClientSocket, event: string, ...args: unknown[]): void {
  (socket.emit as (event: string, ...args: unknown[]) => void).call(socket, event, ...args);
}

/** Emits and waits for the ack, whatever the event and arguments. */
function rawAck(socket: ClientSocket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  const timed = socket.timeout(3_000) as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<Ack<unknown>> };
  return timed.emitWithAck(event, ...args);
}

function nextRefusal(socket: ClientSocket, timeoutMs = 3_000): Promise<EventRefusal> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event:refused in time')), timeoutMs);
    socket.once('event:refused', (refusal) => {
      clearTimeout(timer);
      resolve(refusal);
    });
  });
}

const KNOWN_EVENTS: Array<keyof ClientToServerEvents> = [
  'conversation:open',
  'visitor:event',
  'visitor:identify',
  'message:react',
  'persona:select',
  'conversation:read',
];

describe('socket events that cannot be served are answered, never ignored', () => {
  let server: RunningServer;
  const logged: LogLine[] = [];
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { log: (message, err) => logged.push({ message, err }) });
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await server?.close();
  });

  async function visitor() {
    const v = await testVisitor(server);
    visitors.push(v);
    return v;
  }

  it('answers an unknown event with an ack by a bad_request naming it', async () => {
    const v = await visitor();
    expect(await rawAck(v.socket, 'conversation:delete', { conversationId: 'x' })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'unknown event "conversation:delete"' },
    });
    // Nor is an event without a payload, or with a name longer than any real one, a problem.
    expect(await rawAck(v.socket, 'nope')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const long = await rawAck(v.socket, 'x'.repeat(5_000), {});
    expect(long.ok ? 'ok' : long.error.message).toBe(`unknown event "${'x'.repeat(100)}"`);
  });

  it('answers an unknown event without an ack with event:refused, and keeps serving', async () => {
    const v = await visitor();
    const refused = nextRefusal(v.socket);
    rawEmit(v.socket, 'admin:drop-everything', { now: true });
    expect(await refused).toEqual({
      event: 'admin:drop-everything',
      error: { code: 'bad_request', message: 'unknown event "admin:drop-everything"' },
    });
    expect((await v.open()).conversation.status).toBe('open');
    expect(v.socket.connected).toBe(true);
  });

  it.each(KNOWN_EVENTS)('answers %s without a payload with a bad_request saying what is missing', async (event) => {
    const v = await visitor();
    const res = await rawAck(v.socket, event);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('bad_request');
    expect(res.error.message).toMatch(new RegExp(`^missing payload: ${event} takes \\{.+\\}$`));
    // null is no payload either (undefined arrives as null over the wire).
    expect(await rawAck(v.socket, event, null)).toEqual(res);
  });

  it('names the fields an event takes when its payload is missing', async () => {
    const v = await visitor();
    expect(await rawAck(v.socket, 'conversation:read')).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'missing payload: conversation:read takes {conversationId, seq}' },
    });
    expect(await rawAck(v.socket, 'conversation:open')).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'missing payload: conversation:open takes {conversationId?, after?, fresh?, proactive?, registration?}' },
    });
  });

  it('serves known events sent without an ack, and sends their refusals as event:refused', async () => {
    const v = await visitor();
    const { conversation } = await v.open();

    // A valid event without an ack still happens: the message is stored and broadcast.
    rawEmit(v.socket, 'visitor:event', messageEvent(conversation.id, 'What are your opening hours?'));
    expect((await v.inbox.next((m) => m.author === 'visitor' && m.seq === 2)).conversationId).toBe(conversation.id);

    // A refused one without an ack is not silence.
    let refused = nextRefusal(v.socket);
    rawEmit(v.socket, 'visitor:event', { nonsense: true });
    expect(await refused).toMatchObject({ event: 'visitor:event', error: { code: 'bad_request' } });
    refused = nextRefusal(v.socket);
    rawEmit(v.socket, 'conversation:read');
    expect(await refused).toEqual({
      event: 'conversation:read',
      error: { code: 'bad_request', message: 'missing payload: conversation:read takes {conversationId, seq}' },
    });
    refused = nextRefusal(v.socket);
    rawEmit(v.socket, 'conversation:read', { conversationId: 'no-such-conversation', seq: 1 });
    expect((await refused).error.code).toBe('not_found');

    // Every known event without ack or payload: nothing breaks, the socket keeps being served.
    for (const event of KNOWN_EVENTS) rawEmit(v.socket, event);
    const { message } = await v.send(conversation.id, 'shipping');
    expect(message.seq).toBeGreaterThan(2);
    expect(v.socket.connected).toBe(true);
    expect(logged).toEqual([]);
  });
});

describe('HOST: the server listens where it is told', () => {
  // configFromEnv's HOST: server/lib/config.test.ts.
  it('listens on loopback with the default configuration', async () => {
    const config = configFromEnv({ PORT: '0', DATA_DIR: tempDir(), CONFAB_DEMO: 'false', CONFAB_SECRET: 'test-secret-0123456789abcdef' });
    const server = await startServer({ config, log: () => undefined });
    try {
      expect(server.address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
      expect(server.url).toBe(`http://localhost:${server.port}`);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('listens on the address given, and only there', async () => {
    // All of 127.0.0.0/8 is this machine on Linux: 127.0.0.2 is an address that is not 127.0.0.1.
    const server = await startServer({ config: testConfig({ host: '127.0.0.2' }), log: () => undefined });
    try {
      expect(server.address).toMatchObject({ address: '127.0.0.2' });
      expect(server.url).toBe(`http://127.0.0.2:${server.port}`);
      expect((await fetch(`http://127.0.0.2:${server.port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('listens on every interface when HOST says so', async () => {
    const server = await startServer({ config: testConfig({ host: '0.0.0.0' }), log: () => undefined });
    try {
      expect(server.address).toMatchObject({ address: '0.0.0.0' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('a client that goes away mid-request is not an error', () => {
  let server: RunningServer;
  const logged: LogLine[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { log: (message, err) => logged.push({ message, err }) });
  });

  beforeEach(() => {
    logged.length = 0;
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Sends the head and part of a body over a raw connection, then cuts it without reading the answer. */
  function cutRequest(head: string, partialBody: string, cutAfterMs = 150): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => {
        socket.write(`${head}\r\n\r\n${partialBody}`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, cutAfterMs);
      });
      socket.on('error', reject);
    });
  }

  /** Long enough for the server to notice the cut and finish the request. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  async function visitorToken(): Promise<string> {
    const res = await fetch(`${server.url}/api/widget/visitors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ botKey: 'demo' }),
    });
    return ((await res.json()) as { token: string }).token;
  }

  const boundary = 'confab-test-boundary';
  const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;

  it('logs nothing when an upload is cut mid-way (chunked and with a length)', async () => {
    const token = await visitorToken();
    const head = (framing: string) =>
      [
        'POST /api/widget/uploads?botKey=demo HTTP/1.1',
        'Host: localhost',
        `Authorization: Bearer ${token}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        framing,
      ].join('\r\n');
    const chunk = `${filePart}${'x'.repeat(20_000)}`;
    await cutRequest(head('Transfer-Encoding: chunked'), `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await cutRequest(head('Content-Length: 1000000'), chunk);
    await settle();
    expect(logged).toEqual([]);
  });

  it('logs nothing when a JSON body is cut mid-way', async () => {
    const head = (route: string, framing: string) =>
      [route, 'Host: localhost', `Authorization: Bearer ${DEMO_TOKEN}`, 'Content-Type: application/json', framing].join('\r\n');
    // An optional body (read as text) and a required one (behind the body limit), each way.
    await cutRequest(head('POST /api/v1/chatbots/demo/threads HTTP/1.1', 'Content-Length: 1000'), '{"email":');
    await cutRequest(head('POST /api/chatbot/transfers/pickup HTTP/1.1', 'Transfer-Encoding: chunked'), 'c\r\n{"agent_id":\r\n');
    await cutRequest(head('PUT /api/chatbot/settings HTTP/1.1', 'Transfer-Encoding: chunked'), '9\r\n{"name":"\r\n');
    await settle();
    expect(logged).toEqual([]);
  });

  it('logs nothing when an SSE stream is cut mid-way, and the stream lets go of the conversation', async () => {
    const start = await fetch(`${server.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'API', bot_key: 'demo', from: { user_external_id: 'sse-cut', type: 'VISITOR' } }),
    });
    const { conversation } = (await start.json()) as { conversation: { id: string } };
    // A history far larger than the socket buffers, so the cut comes while the server is writing it.
    const body = 'y'.repeat(4_000);
    for (let i = 0; i < 10; i++) {
      await server.store.conversations.append(
        conversation.id,
        Array.from({ length: 100 }, () => ({ author: 'bot' as const, packet: { name: 'message' as const, payload: { body } } })),
        new Date().toISOString(),
      );
    }
    await new Promise<void>((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => {
        socket.write(`GET /api/v1/conversation/${conversation.id}/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${DEMO_TOKEN}\r\n\r\n`);
      });
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > 50_000) {
          socket.destroy();
          resolve();
        }
      });
      socket.on('error', reject);
    });
    await settle();
    // (This one held before too: hono's SSE stream swallows failed writes. A guard.)
    // And a message after the cut goes nowhere, quietly.
    const sent = await fetch(`${server.url}/api/v1/conversation/${conversation.id}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { type: 'VISITOR' }, message: { type: 'text', data: { body: 'still there?' } } }),
    });
    expect(sent.status).toBe(200);
    await settle();
    expect(logged).toEqual([]);
  });
});
