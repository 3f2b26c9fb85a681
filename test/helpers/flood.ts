import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ConversationSnapshot, MessageRecord, VisitorIdentity } from '../../shared/index.js';
import { LIMITS, type LimitOverrides } from '../../server/lib/limits/index.js';

// One noisy client must not slow the others (issue 14, item 4): ~100 throwaway visitors on
// one address flood 3,000 messages while a normal visitor on another address chats. The
// integration test and the benchmark both run it.

/** Where the flood comes from and where the normal visitor is, as a proxy in front reports them. */
export const FLOOD_ADDRESS = '203.0.113.66';
export const NORMAL_ADDRESS = '198.51.100.10';

/**
 * The limits table as it ships, with every window stretched to at least an hour, so that
 * none passes during a run however slow the machine: what is accepted is exact.
 */
export const FLOOD_LIMITS: LimitOverrides = Object.fromEntries(
  Object.entries(LIMITS).flatMap(([name, rule]) =>
    Object.entries(rule.budgets as Record<string, { points: number; seconds: number }>).map(([key, rate]) => [
      `${name}.${key}`,
      { points: rate.points, seconds: Math.max(rate.seconds, 3_600) },
    ]),
  ),
);

/** FLOOD_LIMITS as CONFAB_LIMITS says it, for a server in another process. */
export const floodLimitsEnv = () =>
  Object.entries(FLOOD_LIMITS)
    .map(([entry, rate]) => (rate === 'off' || !rate ? `${entry}=off` : `${entry}=${rate.points}/${rate.seconds}`))
    .join(',');

function socketFrom(url: string, address: string, auth: { botKey: string; token: string }): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth, extraHeaders: { 'X-Forwarded-For': address } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

async function createVisitor(url: string, address: string): Promise<{ status: number; identity?: VisitorIdentity }> {
  const res = await fetch(`${url}/api/widget/visitors`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ botKey: 'demo' }),
  });
  if (res.status === 201) return { status: 201, identity: (await res.json()) as VisitorIdentity };
  if (res.status !== 429) throw new Error(`visitor creation answered ${res.status}: ${await res.text()}`);
  return { status: res.status };
}

interface Chatter {
  socket: Socket;
  conversationId: string;
}

async function chatter(url: string, address: string, identity: VisitorIdentity): Promise<Chatter> {
  const socket = await socketFrom(url, address, { botKey: 'demo', token: identity.token });
  const opened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
  if (!opened.ok) throw new Error(`conversation:open refused: ${opened.error.message}`);
  return { socket, conversationId: opened.data.conversation.id };
}

/** One message and the time until the bot's reply arrives (ms). */
function roundTrip({ socket, conversationId }: Chatter, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => reject(new Error(`no reply to "${body}" in 30 s`)), 30_000);
    const onMessage = (m: MessageRecord) => {
      if (m.author !== 'bot' || m.conversationId !== conversationId) return;
      clearTimeout(timer);
      socket.off('message:new', onMessage);
      resolve(performance.now() - started);
    };
    socket.on('message:new', onMessage);
    socket.emit('visitor:event', { conversationId, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body } } }, (res: Ack<unknown>) => {
      if (res.ok) return;
      clearTimeout(timer);
      socket.off('message:new', onMessage);
      reject(new Error(`the normal visitor was refused: ${res.error.message}`));
    });
  });
}

export interface FloodResult {
  /** Visitor creations the flood's address asked for, and how many got 201. */
  creations: { asked: number; created: number; refused: number };
  /** The flood's messages: accepted, refused with rate_limited, refused otherwise. */
  messages: { sent: number; accepted: number; rateLimited: number; other: number };
  /** The flood's visitors and conversations (for the store checks). */
  floodConversations: string[];
  normalConversation: string;
  /** The normal visitor's round trips (ms) alone, then while the flood is served. */
  before: number[];
  during: number[];
}

export interface FloodOptions {
  visitors?: number;
  messagesEach?: number;
  /** The normal visitor's round trips alone, and at most during the flood. */
  samples?: number;
  /** Makes a visitor of the demo bot without asking the server (throwaway visitors made earlier). */
  makeVisitor: () => Promise<VisitorIdentity>;
}

/**
 * The flood: the flood's address asks for `visitors` new visitors (past its budget the rest
 * are made beforehand, as a patient attacker would), each connects and sends `messagesEach`
 * messages at once; meanwhile the normal visitor sends one message at a time and waits for
 * the reply. Needs a server that trusts one proxy hop (CONFAB_TRUST_PROXY=1).
 */
export async function runFlood(url: string, options: FloodOptions): Promise<FloodResult> {
  const { visitors = 100, messagesEach = 30, samples = 12 } = options;
  const normal = await chatter(url, NORMAL_ADDRESS, (await createVisitor(url, NORMAL_ADDRESS)).identity!);
  const before: number[] = [];
  for (let i = 0; i < samples; i++) before.push(await roundTrip(normal, `before ${i}`));

  const creations = { asked: visitors, created: 0, refused: 0 };
  const identities: VisitorIdentity[] = [];
  for (let i = 0; i < visitors; i++) {
    const made = await createVisitor(url, FLOOD_ADDRESS);
    if (made.identity) {
      creations.created++;
      identities.push(made.identity);
    } else {
      creations.refused++;
      identities.push(await options.makeVisitor());
    }
  }
  const flood = await Promise.all(identities.map((identity) => chatter(url, FLOOD_ADDRESS, identity)));

  const messages = { sent: 0, accepted: 0, rateLimited: 0, other: 0 };
  const acks: Array<Promise<void>> = [];
  for (const { socket, conversationId } of flood) {
    for (let i = 0; i < messagesEach; i++) {
      messages.sent++;
      const req = { conversationId, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: `flood ${i}` } } };
      acks.push(
        (socket.timeout(60_000).emitWithAck('visitor:event', req) as Promise<Ack<unknown>>).then(
          (res) => {
            if (res.ok) messages.accepted++;
            else if (res.error.code === 'rate_limited') messages.rateLimited++;
            else messages.other++;
          },
          () => void messages.other++,
        ),
      );
    }
  }
  let floodDone = false;
  const settled = Promise.all(acks).then(() => (floodDone = true));
  const during: number[] = [];
  // While the flood is being served (and at least a few, if it is over quickly).
  while (during.length < samples && (!floodDone || during.length < 3)) during.push(await roundTrip(normal, `during ${during.length}`));
  await settled;

  for (const { socket } of flood) socket.close();
  normal.socket.close();
  return { creations, messages, floodConversations: flood.map((f) => f.conversationId), normalConversation: normal.conversationId, before, during };
}
