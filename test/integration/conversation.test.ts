import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, BotMessage, ConversationSnapshot, MessageRecord, OpenConversationRequest } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { testDatabases } from '../helpers/databases.js';
import { bodyOf, connectVisitor, fromBot, messageInbox, newVisitor, startTestServer, type ClientSocket } from '../helpers/server.js';

/** Emits without the typed event map, as a broken or hostile client would. */
function rawEmit(socket: ClientSocket, event: string, ...args: unknown[]): void {
  (socket.emit as (event: string, ...args: unknown[]) => void).call(socket, event, ...args);
}

function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe.each(testDatabases)('conversations over Socket.IO ($name)', (database) => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const db = await database.create();
    drop = db.drop;
    server = await startTestServer({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    await drop?.();
  });

  async function visitorSocket() {
    const identity = await newVisitor(server.url);
    const socket = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(socket);
    return { identity, socket, inbox: messageInbox(socket) };
  }

  const open = (socket: ClientSocket, req: OpenConversationRequest = {}) =>
    socket.timeout(5_000).emitWithAck('conversation:open', req) as Promise<Ack<ConversationSnapshot>>;

  const send = (socket: ClientSocket, conversationId: string, body: string, clientId: string = crypto.randomUUID()) =>
    socket.timeout(5_000).emitWithAck('visitor:event', {
      conversationId,
      clientId,
      packet: { name: 'message', payload: { body } },
    }) as Promise<Ack<{ message: MessageRecord }>>;

  it('greets a new conversation with the greeting and its buttons', async () => {
    const { socket } = await visitorSocket();
    const { conversation, messages } = unwrap(await open(socket));
    expect(conversation).toMatchObject({ status: 'open', lastSeq: 1 });
    expect(messages).toHaveLength(1);
    const greeting = messages[0] as BotMessage;
    expect(greeting).toMatchObject({ author: 'bot', seq: 1, packet: { name: 'bubbles' } });
    expect(greeting.packet.payload).toMatchObject({
      options: [{ label: 'Track Order' }, { label: 'Product Info' }, { label: 'Speak to Agent' }],
    });
  });

  it('reopens the same conversation instead of greeting again', async () => {
    const { identity, socket } = await visitorSocket();
    const first = unwrap(await open(socket));
    const again = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(again);
    const second = unwrap(await open(again));
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
  });

  it('answers a message by the keyword rules, then the fallback', async () => {
    const { socket, inbox } = await visitorSocket();
    const { conversation } = unwrap(await open(socket));
    const { message } = unwrap(await send(socket, conversation.id, 'What are your opening hours?'));
    expect(message).toMatchObject({ author: 'visitor', seq: 2, packet: { name: 'message', payload: { body: 'What are your opening hours?' } } });
    const reply = await inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(bodyOf(reply)).toContain('Mon–Fri 7:00–18:00');

    unwrap(await send(socket, conversation.id, 'qwertyuiop'));
    const fallback = await inbox.next((m) => fromBot(m) && m.seq === 5);
    expect(fallback.packet.name).toBe('bubbles');
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
  });

  it('stores a resend with the same client id once and answers it once', async () => {
    const { socket, inbox } = await visitorSocket();
    const { conversation } = unwrap(await open(socket));
    const first = unwrap(await send(socket, conversation.id, 'shipping', 'client-id-1'));
    const second = unwrap(await send(socket, conversation.id, 'shipping', 'client-id-1'));
    expect(second.message.id).toBe(first.message.id);
    await inbox.next((m) => fromBot(m) && m.seq === 3);
    await server.service.idle();
    const all = unwrap(await open(socket, { conversationId: conversation.id }));
    expect(all.messages.map((m) => `${m.seq}:${m.author}`)).toEqual(['1:bot', '2:visitor', '3:bot']);
  });

  it('records the first click on a choice as a click and later ones as messages', async () => {
    const { socket, inbox } = await visitorSocket();
    const { conversation, messages } = unwrap(await open(socket));
    const greeting = messages[0] as BotMessage;
    const click = (label: string, id: string) =>
      socket.timeout(5_000).emitWithAck('visitor:event', {
        conversationId: conversation.id,
        clientId: crypto.randomUUID(),
        packet: { name: 'click', payload: { value: { id, label } } },
        replyTo: greeting.id,
      }) as Promise<Ack<{ message: MessageRecord }>>;
    const options = (greeting.packet.payload as { options: Array<{ id: string; label: string }> }).options;
    const product = options[1]!;
    const first = unwrap(await click(product.label, product.id));
    expect(first.message).toMatchObject({ replyTo: greeting.id, packet: { name: 'click', payload: { value: product } } });
    const reply = await inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(bodyOf(reply)).toContain('Morning Fog');

    const track = options[0]!;
    const second = unwrap(await click(track.label, track.id));
    expect(second.message.packet).toEqual({ name: 'message', payload: { body: 'Track Order' } });
    expect(second.message).not.toHaveProperty('replyTo');
  });

  it('lets a reconnecting client fetch exactly the messages it missed', async () => {
    const { identity, socket } = await visitorSocket();
    const { conversation } = unwrap(await open(socket));
    socket.close();

    const other = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(other);
    const inbox = messageInbox(other);
    unwrap(await open(other));
    unwrap(await send(other, conversation.id, 'hello'));
    await inbox.next((m) => fromBot(m) && m.seq === 3);

    const back = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(back);
    const missed = unwrap(await open(back, { conversationId: conversation.id, after: 1 }));
    expect(missed.messages.map((m) => m.seq)).toEqual([2, 3]);
  });

  it('shows one conversation live in two tabs of the same visitor', async () => {
    const { identity, socket } = await visitorSocket();
    const { conversation } = unwrap(await open(socket));
    const tab2 = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(tab2);
    const inbox2 = messageInbox(tab2);
    unwrap(await open(tab2));
    unwrap(await send(socket, conversation.id, 'coffee'));
    const seen: MessageRecord[] = [await inbox2.next((m) => m.seq === 2), await inbox2.next((m) => m.seq === 3)];
    expect(seen.map((m) => m.author)).toEqual(['visitor', 'bot']);
  });

  it('refuses missing, forged and foreign tokens, and unknown bots', async () => {
    const identity = await newVisitor(server.url);
    await expect(connectVisitor(server.url, { botKey: 'demo', token: '' })).rejects.toThrow('invalid_token');
    await expect(connectVisitor(server.url, { botKey: 'demo', token: `${identity.visitorId}.forged` })).rejects.toThrow('invalid_token');
    const [id, sig] = identity.token.split('.');
    const otherId = crypto.randomUUID();
    await expect(connectVisitor(server.url, { botKey: 'demo', token: `${otherId}.${sig}` })).rejects.toThrow('invalid_token');
    await expect(connectVisitor(server.url, { botKey: 'nope', token: identity.token })).rejects.toThrow('unknown_bot');
    expect(id).toBe(identity.visitorId);
  });

  it("never lets a visitor read or write another visitor's conversation", async () => {
    const a = await visitorSocket();
    const b = await visitorSocket();
    const { conversation } = unwrap(await open(a.socket));
    const readAttempt = await open(b.socket, { conversationId: conversation.id });
    expect(readAttempt).toEqual({ ok: false, error: { code: 'not_found', message: 'no such conversation' } });
    const writeAttempt = await send(b.socket, conversation.id, 'hi');
    expect(writeAttempt.ok).toBe(false);
  });

  it('answers bad input with a clear error and keeps serving', async () => {
    const { socket, inbox } = await visitorSocket();
    const { conversation } = unwrap(await open(socket));
    const errorOf = (ack: Ack<unknown>) => (ack.ok ? undefined : ack.error.code);

    expect(errorOf(await send(socket, conversation.id, '   '))).toBe('empty_message');
    expect(errorOf(await send(socket, conversation.id, 'x'.repeat(5_001)))).toBe('message_too_long');
    expect(errorOf(await send(socket, 'no-such-conversation', 'hi'))).toBe('not_found');
    const malformed = [
      'a string',
      null,
      { conversationId: conversation.id },
      { conversationId: conversation.id, clientId: 'x', packet: { name: 'message', payload: { body: 42 } } },
      { conversationId: conversation.id, clientId: 'x', packet: { name: 'start', payload: {} } },
      { conversationId: conversation.id, clientId: 'x'.repeat(500), packet: { name: 'message', payload: { body: 'hi' } } },
    ];
    for (const req of malformed) {
      const ack = (await socket.timeout(5_000).emitWithAck('visitor:event', req as never)) as Ack<unknown>;
      expect(errorOf(ack)).toBe('bad_request');
    }
    const badOpen = await open(socket, { after: -1 } as never);
    expect(errorOf(badOpen)).toBe('bad_request');
    // An event without an ack callback is ignored, not a crash.
    rawEmit(socket, 'visitor:event', { nonsense: true });

    unwrap(await send(socket, conversation.id, 'x'.repeat(5_000)));
    await inbox.next((m) => fromBot(m) && m.seq === 3);
  });

  it('drops a connection whose payload is oversized, and serves the next one', async () => {
    const { identity, socket } = await visitorSocket();
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    rawEmit(socket, 'visitor:event', { blob: 'x'.repeat(200_000) });
    expect(await closed).toMatch(/transport (close|error)/);
    const again = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    sockets.push(again);
    expect(unwrap(await open(again)).conversation.status).toBe('open');
  });
});
