import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, ConversationSnapshot } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { bodyOf, connectVisitor, fromBot, messageInbox, newVisitor, startTestServer } from '../helpers/server.js';

describe('a server restart', () => {
  let server: RunningServer | undefined;
  afterEach(() => server?.close());

  it('loses nothing: the same token works and the history is complete', async () => {
    const dataDir = tempDir();
    server = await startTestServer({ dataDir, port: 0 });
    const identity = await newVisitor(server.url);
    let socket = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    const inbox = messageInbox(socket);
    const opened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
    if (!opened.ok) throw new Error(opened.error.message);
    await socket.emitWithAck('visitor:event', {
      conversationId: opened.data.conversation.id,
      clientId: 'before-restart',
      packet: { name: 'message', payload: { body: 'shipping' } },
    });
    await inbox.next((m) => fromBot(m) && m.seq === 3);
    socket.close();
    await server.close();

    server = await startTestServer({ dataDir, port: 0 });
    socket = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    const reopened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
    socket.close();
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect(reopened.data.conversation.id).toBe(opened.data.conversation.id);
    expect(reopened.data.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(bodyOf(reopened.data.messages[2])).toContain('free on orders over $40');
  });
});
