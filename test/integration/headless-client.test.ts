import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, type MessageRecord } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { createClient, type ConfabClient, type ConnectionStatus } from '../../widget/npm/client.js';
import { tempDir } from '../helpers/databases.js';
import { bodyOf, fromBot, startTestServer } from '../helpers/server.js';

/** confab/client in Node.js against a real server: the widget's protocol, outbox and reconnects without its UI. */
describe('the headless client (confab/client)', () => {
  let server: RunningServer | undefined;
  let client: ConfabClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    server = client = undefined;
  });

  /** Resolves with the first event payload that matches; listens from now on. */
  function next<T>(subscribe: (listener: (value: T) => void) => () => void, matches: (value: T) => boolean): Promise<T> {
    return new Promise((resolve) => {
      const stop = subscribe((value) => {
        if (!matches(value)) return;
        stop();
        resolve(value);
      });
    });
  }
  const status = (c: ConfabClient, wanted: ConnectionStatus) =>
    c.status() === wanted ? Promise.resolve(wanted) : next<ConnectionStatus>((l) => c.on('status', l), (s) => s === wanted);
  const botSays = (c: ConfabClient, text: string) => next<MessageRecord>((l) => c.on('message', l), (m) => fromBot(m) && Boolean(bodyOf(m)?.includes(text)));

  it('creates a visitor, loads the history, sends and receives the bot reply', async () => {
    server = await startTestServer();
    client = createClient({ server: server.url, botKey: 'demo' });
    const statuses: ConnectionStatus[] = [];
    client.on('status', (s) => void statuses.push(s));
    client.connect();
    await status(client, 'connected');
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(client.conversation()?.id).toEqual(expect.any(String));
    expect(client.history().some((m) => bodyOf(m)?.includes('Welcome to'))).toBe(true);

    const reply = botSays(client, 'free on orders over $40');
    expect(client.send('shipping')).toBe(true);
    await reply;
    expect(client.history().map((m) => [m.author, bodyOf(m)?.slice(0, 8)])).toContainEqual(['visitor', 'shipping']);
    expect(client.pending()).toEqual([]);
  });

  it('refuses empty and over-long text without sending it', async () => {
    server = await startTestServer();
    client = createClient({ server: server.url, botKey: 'demo' });
    expect(client.send('   ')).toBe(false);
    expect(client.send('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toBe(false);
    expect(client.pending()).toEqual([]);
    expect(client.status()).toBe('idle'); // nothing to send: not even connected
  });

  it('keeps what is sent while the server is down in the outbox and delivers it once on reconnect', async () => {
    const dataDir = tempDir();
    server = await startTestServer({ dataDir, port: 0 });
    const { port } = server;
    client = createClient({ server: server.url, botKey: 'demo' });
    client.connect();
    await status(client, 'connected');
    const conversationId = client.conversation()?.id;

    await server.close();
    await status(client, 'reconnecting');
    expect(client.send('opening hours?')).toBe(true);
    expect(client.pending()).toMatchObject([{ status: 'sending', packet: { payload: { body: 'opening hours?' } } }]);

    const reply = botSays(client, 'Mon–Fri 7:00');
    server = await startTestServer({ dataDir, port });
    await reply;
    expect(client.conversation()?.id).toBe(conversationId);
    expect(client.pending()).toEqual([]);
    expect(client.history().filter((m) => m.author === 'visitor' && bodyOf(m) === 'opening hours?')).toHaveLength(1);
  });

  it('close() disconnects and stops every listener', async () => {
    server = await startTestServer();
    client = createClient({ server: server.url, botKey: 'demo' });
    client.connect();
    await status(client, 'connected');
    const heard: unknown[] = [];
    client.on('message', (m) => void heard.push(m));
    client.close();
    expect(client.status()).toBe('idle');
    expect(client.send('shipping')).toBe(false);
    expect(heard).toEqual([]);
    await expect.poll(() => server!.io.of('/').sockets.size).toBe(0);
  });
});
