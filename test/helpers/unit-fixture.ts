import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageRecord } from '../../shared/index.js';
import type { ConversationPublisher } from '../../server/conversations/publisher.js';
import { createOutboundClient } from '../../server/lib/outbound/index.js';
import { parseSettings, type BotSettings, type SettingsUpdate } from '../../server/definitions/bot-definition.js';
import type { Session } from '../../server/engine/types.js';
import { createStore, type Bot, type Conversation, type Store } from '../../server/store/index.js';
import { tempDir } from './databases.js';

/**
 * What the server's unit tests share: a real store (SQLite in a temp dir), bots, visitors and
 * conversations in it, a clock the test moves, a publisher that records, and a loopback HTTP
 * server that records its requests.
 */

export async function openTestStore(): Promise<{ store: Store; close(): Promise<void> }> {
  const dataDir = tempDir('confab-unit-');
  const store = await createStore({ dataDir });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock that stands still until the test moves it. */
export function testClock(start: string) {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    set(iso: string) {
      at = Date.parse(iso);
    },
    advance(ms: number) {
      at += ms;
    },
  };
}

/**
 * A bot with settings checked like the configuration API's (`settings`), then `raw` on top,
 * unchecked (a webhook timeout below the API's minimum keeps tests fast).
 */
export async function addBot(store: Store, settings: SettingsUpdate = {}, raw: Partial<BotSettings> = {}): Promise<Bot> {
  const id = randomUUID();
  await store.bots.create(
    { id, key: `bot-${id.slice(0, 8)}`, name: 'Test bot', adminTokenHash: `hash-${id}`, settings: { ...parseSettings(settings), ...raw }, createdAt: '2026-01-01T00:00:00.000Z' },
    [],
  );
  return (await store.bots.findById(id))!;
}

export async function addVisitor(store: Store, botId: string, fields: { name?: string; email?: string } = {}): Promise<string> {
  const id = randomUUID();
  await store.visitors.create({ id, botId, createdAt: '2026-01-01T00:00:00.000Z', ...fields });
  return id;
}

export function addConversation(store: Store, input: { botId: string; visitorId: string; at: string; session?: Session }): Promise<Conversation> {
  return store.conversations.create({ botId: input.botId, visitorId: input.visitorId, session: input.session ?? { variables: {} }, now: input.at });
}

export type Published =
  | { kind: 'message'; conversationId: string; message: MessageRecord }
  | { kind: 'messageUpdate'; conversationId: string; message: MessageRecord }
  | { kind: 'typing'; conversationId: string; until: string | null }
  | { kind: 'conversation'; conversationId: string; status: string };

export function recordingPublisher(): ConversationPublisher & { events: Published[] } {
  const events: Published[] = [];
  return {
    events,
    message: (conversationId, message) => events.push({ kind: 'message', conversationId, message }),
    messageUpdate: (conversationId, message) => events.push({ kind: 'messageUpdate', conversationId, message }),
    typing: (conversationId, until) => events.push({ kind: 'typing', conversationId, until }),
    conversation: (view) => events.push({ kind: 'conversation', conversationId: view.id, status: view.status }),
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server on 127.0.0.1 (a free port) that records each request and lets `handle` answer. */
export async function startHttpServer(handle: (req: RecordedRequest, res: ServerResponse, n: number) => void | Promise<void>) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      void Promise.resolve(handle(recorded, res, requests.length)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Answers with JSON (or, given a string, that text as is). */
export function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
}

/** A loopback origin where nothing listens: connecting is refused. */
export async function refusedOrigin(): Promise<string> {
  const server = await startHttpServer(() => undefined);
  await server.close();
  return server.origin;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The outbound client as the tests' configuration has it: 127.0.0.1, where their fake servers listen, is allowed. */
export const loopbackOutbound = createOutboundClient({ allow: ['127.0.0.1'] });
