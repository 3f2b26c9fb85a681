import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ack, BotMessage, ConversationSnapshot, MessageRecord, OpenConversationRequest } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { testDatabases } from '../helpers/databases.js';
import { serverOnDatabase } from '../helpers/database-server.js';
import { bodyOf, connectVisitor, fromBot, newVisitor, type ClientSocket } from '../helpers/server.js';
import { errorCode, messageEvent, type TestVisitorOptions } from '../helpers/visitor-client.js';

/** Emits without the typed event map, as a broken or hostile client would. */
function rawEmit(socket: ClientSocket, event: string, ...args: unknown[]): void {
  (socket.emit as (event: string, ...args: unknown[]) => void).call(socket, event, ...args);
}

/** A connection whose handshake names the conversation to open, as the widget's first one does; resolves with conversation:opened. */
function openWithHandshake(url: string, auth: { botKey: string; token: string; open: unknown }): Promise<{ socket: ClientSocket; res: Ack<ConversationSnapshot> }> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    // Listening before the connect: the answer follows the connect packet at once.
    socket.once('conversation:opened', (res) => resolve({ socket, res }));
    socket.once('connect_error', reject);
  });
}

describe.each(testDatabases)('conversations over Socket.IO ($name)', (database) => {
  const suite = serverOnDatabase(database);
  let server: RunningServer;
  beforeAll(() => void (server = suite.server));
  const visitor = (options: TestVisitorOptions = {}) => suite.visitor(options);

  it('greets a new conversation with the greeting and its buttons', async () => {
    const v = await visitor();
    const { conversation, messages } = await v.open();
    expect(conversation).toMatchObject({ status: 'open', lastSeq: 1 });
    expect(messages).toHaveLength(1);
    const greeting = messages[0] as BotMessage;
    expect(greeting).toMatchObject({ author: 'bot', seq: 1, packet: { name: 'bubbles' } });
    expect(greeting.packet.payload).toMatchObject({
      options: [{ label: 'Track Order' }, { label: 'Product Info' }, { label: 'Speak to Agent' }],
    });
  });

  it('opens with the handshake: conversation:opened brings what conversation:open acks, with no round trip more', async () => {
    const identity = await newVisitor(server.url, 'demo');
    const open: OpenConversationRequest = {};
    const first = await openWithHandshake(server.url, { botKey: 'demo', token: identity.token, open });
    if (!first.res.ok) throw new Error(first.res.error.message);
    expect(first.res.data.conversation).toMatchObject({ status: 'open', lastSeq: 1 });
    expect(first.res.data.messages.map((m) => m.author)).toEqual(['bot']);
    // Joined the conversation's room as conversation:open would: replies come on this socket.
    const replies: MessageRecord[] = [];
    first.socket.on('message:new', (m) => void replies.push(m));
    const conversationId = first.res.data.conversation.id;
    first.socket.emit('visitor:event', messageEvent(conversationId, 'opening hours'), () => {});
    await expect.poll(() => replies.some((m) => fromBot(m) && bodyOf(m)?.includes('Mon–Fri'))).toBe(true);
    first.socket.close();

    // The same visitor again (a reload): the same conversation, not a second greeting; and
    // conversation:open still answers on that socket, as for reconnects and other clients.
    const again = await openWithHandshake(server.url, { botKey: 'demo', token: identity.token, open: { conversationId } });
    if (!again.res.ok) throw new Error(again.res.error.message);
    expect(again.res.data.conversation.id).toBe(conversationId);
    const reopened = await new Promise<Ack<ConversationSnapshot>>((resolve) => again.socket.emit('conversation:open', { conversationId, after: 3 }, resolve));
    expect(reopened).toMatchObject({ ok: true, data: { conversation: { id: conversationId }, messages: [] } });
    again.socket.close();
  });

  it('answers a malformed handshake open with bad_request on conversation:opened, and the socket works on', async () => {
    const identity = await newVisitor(server.url, 'demo');
    for (const open of ['x', null, { after: -1 }, { conversationId: 42 }]) {
      const { socket, res } = await openWithHandshake(server.url, { botKey: 'demo', token: identity.token, open });
      expect(res, JSON.stringify(open)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const opened = await new Promise<Ack<ConversationSnapshot>>((resolve) => socket.emit('conversation:open', {}, resolve));
      expect(opened.ok).toBe(true);
      socket.close();
    }
  });

  it('reopens the same conversation instead of greeting again', async () => {
    const v = await visitor();
    const first = await v.open();
    const again = await visitor({ identity: v.identity });
    const second = await again.open();
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
  });

  it('answers a message by the keyword rules, then the fallback', async () => {
    const v = await visitor();
    const { conversation } = await v.open();
    const { message } = await v.send(conversation.id, 'What are your opening hours?');
    expect(message).toMatchObject({ author: 'visitor', seq: 2, packet: { name: 'message', payload: { body: 'What are your opening hours?' } } });
    const reply = await v.inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(bodyOf(reply)).toContain('Mon–Fri 7:00–18:00');

    await v.send(conversation.id, 'qwertyuiop');
    const fallback = await v.inbox.next((m) => fromBot(m) && m.seq === 5);
    expect(fallback.packet.name).toBe('bubbles');
    expect(bodyOf(fallback)).toContain("Sorry, I didn't understand that");
  });

  it('stores a resend with the same client id once and answers it once', async () => {
    const v = await visitor();
    const { conversation } = await v.open();
    const first = await v.send(conversation.id, 'shipping', 'client-id-1');
    const second = await v.send(conversation.id, 'shipping', 'client-id-1');
    expect(second.message.id).toBe(first.message.id);
    await v.inbox.next((m) => fromBot(m) && m.seq === 3);
    await server.service.idle();
    const all = await v.open({ conversationId: conversation.id });
    expect(all.messages.map((m) => `${m.seq}:${m.author}`)).toEqual(['1:bot', '2:visitor', '3:bot']);
  });

  it('records the first click on a choice as a click and later ones as messages', async () => {
    const v = await visitor();
    const { messages } = await v.open();
    const greeting = messages[0] as BotMessage;
    const options = (greeting.packet.payload as { options: Array<{ id: string; label: string }> }).options;
    const product = options[1]!;
    const first = await v.click(greeting, product);
    expect(first.message).toMatchObject({ replyTo: greeting.id, packet: { name: 'click', payload: { value: product } } });
    const reply = await v.inbox.next((m) => fromBot(m) && m.seq === 3);
    expect(bodyOf(reply)).toContain('Morning Fog');

    const track = options[0]!;
    const second = await v.click(greeting, track);
    expect(second.message.packet).toEqual({ name: 'message', payload: { body: 'Track Order' } });
    expect(second.message).not.toHaveProperty('replyTo');
  });

  it('lets a reconnecting client fetch exactly the messages it missed', async () => {
    const v = await visitor();
    const { conversation } = await v.open();
    v.close();

    const other = await visitor({ identity: v.identity });
    await other.open();
    await other.send(conversation.id, 'hello');
    await other.inbox.next((m) => fromBot(m) && m.seq === 3);

    const back = await visitor({ identity: v.identity });
    const missed = await back.open({ conversationId: conversation.id, after: 1 });
    expect(missed.messages.map((m) => m.seq)).toEqual([2, 3]);
  });

  it('shows one conversation live in two tabs of the same visitor', async () => {
    const v = await visitor();
    const { conversation } = await v.open();
    const tab2 = await visitor({ identity: v.identity });
    await tab2.open();
    await v.send(conversation.id, 'coffee');
    const seen: MessageRecord[] = [await tab2.inbox.next((m) => m.seq === 2), await tab2.inbox.next((m) => m.seq === 3)];
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
    const a = await visitor();
    const b = await visitor();
    const { conversation } = await a.open();
    const readAttempt = await b.attempt('conversation:open', { conversationId: conversation.id });
    expect(readAttempt).toEqual({ ok: false, error: { code: 'not_found', message: 'no such conversation' } });
    const writeAttempt = await b.attempt('visitor:event', messageEvent(conversation.id, 'hi'));
    expect(writeAttempt.ok).toBe(false);
  });

  it('answers bad input with a clear error and keeps serving', async () => {
    const v = await visitor();
    const { conversation } = await v.open();
    const trySend = (conversationId: string, body: string) => v.attempt('visitor:event', messageEvent(conversationId, body));

    expect(errorCode(await trySend(conversation.id, '   '))).toBe('empty_message');
    expect(errorCode(await trySend(conversation.id, 'x'.repeat(5_001)))).toBe('message_too_long');
    expect(errorCode(await trySend('no-such-conversation', 'hi'))).toBe('not_found');
    const malformed = [
      'a string',
      null,
      { conversationId: conversation.id },
      { conversationId: conversation.id, clientId: 'x', packet: { name: 'message', payload: { body: 42 } } },
      { conversationId: conversation.id, clientId: 'x', packet: { name: 'start', payload: {} } },
      { conversationId: conversation.id, clientId: 'x'.repeat(500), packet: { name: 'message', payload: { body: 'hi' } } },
    ];
    for (const req of malformed) {
      const ack = await v.attempt('visitor:event', req as never);
      expect(errorCode(ack)).toBe('bad_request');
    }
    const badOpen = await v.attempt('conversation:open', { after: -1 } as never);
    expect(errorCode(badOpen)).toBe('bad_request');
    // An event without an ack callback is not a crash (its refusal comes as event:refused: hygiene.test.ts).
    rawEmit(v.socket, 'visitor:event', { nonsense: true });

    await v.send(conversation.id, 'x'.repeat(5_000));
    await v.inbox.next((m) => fromBot(m) && m.seq === 3);
  });

  it('drops a connection whose payload is oversized, and serves the next one', async () => {
    const v = await visitor();
    const closed = new Promise<string>((resolve) => v.socket.once('disconnect', (reason) => resolve(reason)));
    rawEmit(v.socket, 'visitor:event', { blob: 'x'.repeat(200_000) });
    expect(await closed).toMatch(/transport (close|error)/);
    const again = await visitor({ identity: v.identity });
    expect((await again.open()).conversation.status).toBe('open');
  });
});
