import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../server/store/index.js';
import { createGate, type Gate } from '../helpers/fake-ai.js';
import { startMainProcess, type MainProcess } from '../helpers/main-process.js';
import { scrape, sampleValue } from '../helpers/metrics.js';
import { connectVisitor, DEMO_TOKEN, newVisitor } from '../helpers/server.js';
import { putSettings } from '../helpers/threads.js';
import { ack, messageEvent } from '../helpers/visitor-client.js';

/** A webhook bot that answers a conversation's start at once and holds every message until the gate opens. */
async function startHeldWebhook(gate: Gate) {
  const messages: string[] = [];
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return JSON.parse(text) as { info: { cid: string }; packet: { name: string; payload: { body?: string } } };
  };
  const server: Server = createServer((req, res) => {
    void read(req).then(async (event) => {
      if (event.packet.name === 'message') {
        messages.push(event.packet.payload.body ?? '');
        await gate.wait();
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(event.packet.name === 'message' ? [{ info: { cid: event.info.cid }, packet: { name: 'message', payload: { body: 'answered while stopping' } } }] : []));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    messages,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A POST whose body is sent in two parts: the request stays in flight until `finish()`. */
function heldRequest(url: string, path: string, body: string) {
  const req = request(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { response, finish: () => req.end(body.slice(half)) };
}

const refusedCode = async (url: string) => {
  try {
    await fetch(url);
    return 'answered';
  } catch (err) {
    return ((err as Error).cause as { code?: string } | undefined)?.code;
  }
};

describe('SIGTERM', () => {
  let main: MainProcess | undefined;
  let hook: Awaited<ReturnType<typeof startHeldWebhook>> | undefined;
  afterEach(async () => {
    main?.kill('SIGKILL');
    await hook?.close();
  });

  /** main.ts with the demo bot as a webhook bot, and a visitor whose message the bot holds on to. */
  async function chatHeldByTheBot(env: Record<string, string>, text: string) {
    const gate = createGate();
    hook = await startHeldWebhook(gate);
    main = await startMainProcess(env);
    await putSettings(main.url, { bot_type: 'webhook', webhook_url: hook.url, behavior_mode: 'firewall', webhook_timeout_ms: 30_000, webhook_retries: 0, business_hours_enabled: false });
    const identity = await newVisitor(main.url);
    const socket = await connectVisitor(main.url, { botKey: 'demo', token: identity.token });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const { conversation } = await ack(socket, 'conversation:open', {});
    await ack(socket, 'visitor:event', messageEvent(conversation.id, text));
    await expect.poll(() => hook!.messages).toEqual([text]);
    return { main, gate, socket, disconnected, conversation };
  }

  it('refuses new connections, cuts sockets so their clients reconnect, finishes the request and the bot turn in flight, and exits 0', async () => {
    const { main, gate, disconnected, conversation } = await chatHeldByTheBot({ CONFAB_SHUTDOWN_TIMEOUT_SECONDS: '120' }, 'please hold this one');
    const held = heldRequest(main.url, '/api/widget/visitors', JSON.stringify({ botKey: 'demo' }));
    // The request has reached its handler, which waits for the rest of the body: in flight with the scrape.
    await expect.poll(async () => sampleValue(await scrape(`${main.url}/metrics`, DEMO_TOKEN), 'confab_http_requests_in_flight')).toBe(2);

    main.kill('SIGTERM');
    await main.line((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM');
    // Not a Socket.IO disconnect (which a client takes as final): the transport closes, and
    // socket.io-client reconnects, through the proxy to another node.
    expect(await disconnected).toBe('transport close');
    expect(await refusedCode(`${main.url}/readyz`)).toBe('ECONNREFUSED');

    held.finish();
    const answered = await held.response;
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body)).toMatchObject({ visitorId: expect.any(String), token: expect.any(String) });
    expect(main.lines.some((l) => l.msg === 'stopped')).toBe(false);

    gate.release();
    expect(await main.exited).toEqual({ code: 0, signal: null });
    expect(main.lines.at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
    expect(main.stdout()).not.toContain('please hold this one');

    // The bot's answer that arrived while the server stopped was stored.
    const store = await createStore({ dataDir: main.dataDir });
    const stored = await store.conversations.messages(conversation.id, { after: 0, limit: 10 });
    await store.close();
    expect(stored.map((m) => m.author === 'bot' && 'body' in m.packet.payload && m.packet.payload.body)).toContain('answered while stopping');
  }, 120_000);

  it('exits anyway after CONFAB_SHUTDOWN_TIMEOUT_SECONDS when the work in flight does not finish, with a log line', async () => {
    const { main, socket } = await chatHeldByTheBot({ CONFAB_SHUTDOWN_TIMEOUT_SECONDS: '1' }, 'never answered');

    main.kill('SIGTERM');
    expect(await main.exited).toEqual({ code: 1, signal: null });
    expect(main.lines.find((l) => l.level === 'error')).toMatchObject({ msg: 'shutdown did not finish in time: exiting anyway', timeoutSeconds: 1 });
    socket.close();
  }, 120_000);
});
