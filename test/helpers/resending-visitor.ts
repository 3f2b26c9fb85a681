import { io as connect } from 'socket.io-client';
import type { Ack, ConversationSnapshot, MessageRecord } from '../../shared/index.js';
import { messageEvent } from './visitor-client.js';
import { newVisitor, type ClientSocket } from './server.js';

/**
 * A visitor the way the widget's outbox behaves: the socket reconnects by itself, a message
 * whose ack has not come stays in the outbox and is sent again, with the same client id, once
 * the connection is back; after each (re)connection the conversation is reopened from the
 * last sequence number seen, so what was missed while away arrives too. Messages go one at a
 * time, in order.
 */
export interface ResendingVisitor {
  conversationId: string;
  /** Every message seen, by id, from message:new and the reopen snapshots. */
  seen: Map<string, MessageRecord>;
  /** message:new events that repeated a message id already seen on the same connection. */
  repeatedDeliveries: number;
  /** What this visitor meant to send, in order. */
  sent: string[];
  /** Bodies the server acknowledged. */
  acked: Set<string>;
  /** Refusals the server sent, by code (a store that is down answers with one). */
  refusals: Map<string, number>;
  /** Queues a message; it is sent (and resent) until the server acknowledges it. */
  say(body: string): void;
  /** Resolves when the outbox is empty. */
  flushed(): Promise<void>;
  close(): void;
}

export async function resendingVisitor(url: string, options: { ackTimeoutMs?: number } = {}): Promise<ResendingVisitor> {
  const ackTimeoutMs = options.ackTimeoutMs ?? 3_000;
  const identity = await newVisitor(url);
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    auth: { botKey: 'demo', token: identity.token },
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    randomizationFactor: 0,
  });
  const outbox: Array<{ body: string; clientId: string }> = [];
  const seen = new Map<string, MessageRecord>();
  const onThisConnection = new Set<string>();
  let lastSeq = 0;
  let conversationId = '';
  let sending = false;
  let backoff = 0;
  let closed = false;
  const flushWaiters: Array<() => void> = [];

  const visitor: ResendingVisitor = {
    get conversationId() {
      return conversationId;
    },
    seen,
    repeatedDeliveries: 0,
    sent: [],
    acked: new Set(),
    refusals: new Map(),
    say(body) {
      visitor.sent.push(body);
      outbox.push({ body, clientId: crypto.randomUUID() });
      void pump();
    },
    flushed: () => (outbox.length === 0 ? Promise.resolve() : new Promise((resolve) => flushWaiters.push(resolve))),
    close() {
      closed = true;
      socket.close();
    },
  };

  const take = (m: MessageRecord) => {
    seen.set(m.id, m);
    lastSeq = Math.max(lastSeq, m.seq);
  };
  socket.on('message:new', (m) => {
    if (onThisConnection.has(m.id)) visitor.repeatedDeliveries += 1;
    onThisConnection.add(m.id);
    take(m);
  });

  function refused(code: string) {
    visitor.refusals.set(code, (visitor.refusals.get(code) ?? 0) + 1);
  }

  /** conversation:open from the last message seen; undefined when the connection went meanwhile. */
  async function reopen(): Promise<boolean> {
    const req = conversationId ? { conversationId, after: lastSeq } : {};
    try {
      const res = (await socket.timeout(ackTimeoutMs).emitWithAck('conversation:open', req)) as Ack<ConversationSnapshot>;
      if (!res.ok) {
        refused(res.error.code);
        return false;
      }
      conversationId = res.data.conversation.id;
      for (const m of res.data.messages) take(m);
      return true;
    } catch {
      return false;
    }
  }

  let opened: Promise<boolean> = Promise.resolve(false);
  socket.on('connect', () => {
    onThisConnection.clear();
    opened = reopen();
    void opened.then((ok) => (ok ? pump() : retryOpen()));
  });
  // A store that is down refuses the reopen: try again while connected.
  function retryOpen() {
    if (closed || !socket.connected) return;
    setTimeout(() => {
      if (closed || !socket.connected) return;
      opened = reopen();
      void opened.then((ok) => (ok ? pump() : retryOpen()));
    }, 200);
  }

  async function pump(): Promise<void> {
    if (sending || closed) return;
    sending = true;
    let unanswered = false;
    try {
      while (outbox.length > 0 && socket.connected && !closed && (await opened)) {
        const next = outbox[0]!;
        let res: Ack<{ message: MessageRecord }> | undefined;
        try {
          res = (await socket.timeout(ackTimeoutMs).emitWithAck('visitor:event', messageEvent(conversationId, next.body, next.clientId))) as Ack<{ message: MessageRecord }>;
        } catch {
          // No ack in time: the connection is gone, or the server is slow (a node that took
          // over waits out a dead one's lease on the conversation); the message stays.
          unanswered = true;
          break;
        }
        if (!res.ok) {
          refused(res.error.code);
          // A refusal while the store is down: the same message again later, backing off as the
          // widget does (the server's rate limit counts every attempt).
          await new Promise((r) => setTimeout(r, Math.min(4_000, 250 * 2 ** backoff++)));
          continue;
        }
        backoff = 0;
        outbox.shift();
        visitor.acked.add(next.body);
        take(res.data.message);
      }
    } finally {
      sending = false;
    }
    // Still connected: the same message again under its client id (the server stores it once),
    // as the widget's outbox does; a reconnect sends it anyway.
    if (unanswered && socket.connected && !closed) setTimeout(() => void pump(), 100);
    if (outbox.length === 0) {
      for (const resolve of flushWaiters.splice(0)) resolve();
    }
  }

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await opened;
  return visitor;
}
