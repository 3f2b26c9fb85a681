import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, MessageRecord, TypingSignal } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { agentAck, agentAttempt, collect, connectAgent, createAgent } from '../helpers/agent-client.js';
import { call } from '../helpers/http.js';
import { bodyOf, connectVisitor, startTestServer } from '../helpers/server.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';
import { MAX_MESSAGE_LENGTH } from '../../shared/index.js';

/** Every conversation:update and typing event of a visitor's socket since it connected, to wait on. */
function visitorEvents(v: TestVisitor) {
  const seen: Array<{ event: string; payload: unknown }> = [];
  const waiters: Array<{ event: string; test: (p: never) => boolean; resolve: (p: never) => void }> = [];
  for (const event of ['conversation:update', 'typing']) {
    (v.socket.on as (e: string, fn: (p: unknown) => void) => void)(event, (payload) => {
      seen.push({ event, payload });
      for (const w of [...waiters]) if (w.event === event && w.test(payload as never)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(payload as never));
    });
  }
  return function next<T>(event: 'conversation:update' | 'typing', test: (p: T) => boolean, timeoutMs = 5_000): Promise<T> {
    const found = seen.find((s) => s.event === event && test(s.payload as T));
    if (found) return Promise.resolve(found.payload as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ${event} in time`)), timeoutMs);
      waiters.push({ event, test: test as (p: never) => boolean, resolve: (p) => (clearTimeout(timer), resolve(p as T)) });
    });
  };
}

/** A 1×1 PNG: uploads are sniffed by their content. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('agents over Socket.IO', () => {
  let server: RunningServer;
  const sockets: Array<{ close(): void }> = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  async function agent(body: Record<string, unknown>) {
    const created = await createAgent(server.url, body);
    const socket = await connectAgent(server.url, { token: created.token });
    sockets.push(socket);
    return { ...created, socket };
  }

  async function visitor() {
    const v = await testVisitor(server);
    sockets.push(v);
    return Object.assign(v, { next: visitorEvents(v) });
  }

  /** A visitor who asked the demo bot for a person: the transfer keyword hands the chat over. */
  async function waitingVisitor() {
    const v = await visitor();
    const { conversation } = await v.open();
    await v.send(conversation.id, 'I want to talk to a human');
    await v.inbox.next((m) => m.packet.name === 'forward_any' || m.packet.name === 'forward_group');
    return { v, conversationId: conversation.id };
  }

  describe('signing in', () => {
    it('refuses a missing, malformed, unknown or visitor token at the handshake', async () => {
      const v = await visitor();
      for (const auth of [{}, { token: 42 }, { token: 'cfa_not-a-real-token-at-all-000000' }, { token: v.identity.token }]) {
        await expect(connectAgent(server.url, auth)).rejects.toThrow('invalid_token');
      }
    });

    it('an agent token does not open the visitor namespace', async () => {
      const created = await createAgent(server.url, { name: 'Nosy' });
      await expect(connectVisitor(server.url, { botKey: 'demo', token: created.token })).rejects.toThrow('invalid_token');
    });

    it('shows the token once; rotating closes the open consoles and the old token stops working; revoking too', async () => {
      const ada = await agent({ name: 'Ada Rotate', email: 'ada@example.com' });
      expect(ada.token).toMatch(/^cfa_/);
      const listed = await call(server.url, 'GET', `/api/chatbot/agents/${ada.id}`);
      expect(listed.json.data).toMatchObject({ id: ada.id, name: 'Ada Rotate', email: 'ada@example.com', teams: [], max_chats: 5 });
      expect(JSON.stringify(listed.json)).not.toContain(ada.token);

      const closed = new Promise((resolve) => ada.socket.once('disconnect', resolve));
      const rotated = await call(server.url, 'POST', `/api/chatbot/agents/${ada.id}/token`);
      expect(rotated.status).toBe(201);
      await closed;
      await expect(connectAgent(server.url, { token: ada.token })).rejects.toThrow('invalid_token');
      const again = await connectAgent(server.url, { token: rotated.json.data.token });
      sockets.push(again);
      const gone = new Promise((resolve) => again.once('disconnect', resolve));
      expect((await call(server.url, 'DELETE', `/api/chatbot/agents/${ada.id}/token`)).json.data).toEqual({ id: ada.id, revoked: 1 });
      await gone;
      await expect(connectAgent(server.url, { token: rotated.json.data.token })).rejects.toThrow('invalid_token');
    });

    it('answers bad agent bodies with 400s naming the field, unknown agents with 404', async () => {
      for (const [body, field] of [
        [{}, 'name'],
        [{ name: 'X', email: 'not-an-email' }, 'email'],
        [{ name: 'X', teams: ['no-such-team'] }, 'teams'],
        [{ name: 'X', max_chats: 0 }, 'max_chats'],
        [{ name: 'X', role: 'admin' }, 'role'],
      ] as const) {
        const res = await call(server.url, 'POST', '/api/chatbot/agents', { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.message).toContain(field);
      }
      expect((await call(server.url, 'POST', '/api/chatbot/agents', { body: '{"name":' })).status).toBe(400);
      expect((await call(server.url, 'GET', '/api/chatbot/agents/nope')).status).toBe(404);
      expect((await call(server.url, 'POST', '/api/chatbot/agents/nope/token')).status).toBe(404);
      expect((await call(server.url, 'POST', '/api/chatbot/agents', { body: { name: 'X' }, token: 'wrong' })).status).toBe(401);
    });

    it('refuses unknown events and bad payloads on the agent socket with a reason', async () => {
      const { socket } = await agent({ name: 'Payload Tester' });
      expect(await agentAttempt(socket, 'conversation:watch', { conversationId: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await agentAttempt(socket, 'agent:status', { status: 'asleep' } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await agentAttempt(socket, 'conversation:watch', { conversationId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const refused = new Promise((resolve) => socket.once('event:refused', resolve));
      (socket.emit as (e: string, p: unknown) => void).call(socket, 'agent:delete-everything', {});
      expect(await refused).toMatchObject({ event: 'agent:delete-everything', error: { code: 'bad_request' } });
    });
  });

  describe('a handed-over conversation, end to end', () => {
    it('the agent sees it queued, picks it, replies; the visitor sees who joined, typing, the reply and read receipts; then the bot is back', async () => {
      const ada = await agent({ name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' });
      const inbox = collect(ada.socket, 'inbox:update');
      const snapshot = await agentAck(ada.socket, 'inbox:get', {});
      expect(snapshot).toMatchObject({ me: { id: ada.id, name: 'Ada Lovelace', botName: expect.any(String) }, status: 'online' });

      const { v, conversationId } = await waitingVisitor();
      const queued = await inbox.next((s) => s.id === conversationId && s.state === 'queued');
      expect(queued).toMatchObject({ queuePosition: expect.any(Number), transfer: { status: 'active', agentId: null } });
      const waitingView = await v.next<ConversationView>('conversation:update', (c) => c.id === conversationId && c.people?.state === 'queued');
      expect(waitingView.people).toMatchObject({ state: 'queued', agentsOnline: true, agent: null });

      const presence = collect(ada.socket, 'presence:update');
      const picked = await agentAck(ada.socket, 'transfer:pick-next', {});
      expect(picked.conversation).toMatchObject({ id: conversationId, state: 'assigned' });
      // Every console sees Ada's load go up.
      await presence.next((p) => p.id === ada.id && p.chats === 1);
      const joined = await v.inbox.next((m) => m.author === 'system' && m.notice?.kind === 'agent_joined');
      expect(joined).toMatchObject({ notice: { agent: 'Ada Lovelace' }, packet: { name: 'message', payload: { body: 'Ada Lovelace joined the conversation' } } });
      const assignedView = await v.next<ConversationView>('conversation:update', (c) => c.people?.state === 'assigned');
      expect(assignedView.people?.agent).toEqual({ name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' });

      const detail = await agentAck(ada.socket, 'conversation:watch', { conversationId });
      expect(detail.messages.map((m) => m.author)).toContain('visitor');
      expect(detail.notes.some((n) => n.author === 'transfer')).toBe(true);

      // The visitor types; the agent sees it. The agent types; the visitor sees who.
      const visitorTyping = collect(ada.socket, 'visitor:typing');
      await v.attempt('visitor:typing', { conversationId, typing: true });
      expect(await visitorTyping.next((t) => t.conversationId === conversationId)).toEqual({ conversationId, typing: true });
      const typing = v.next<TypingSignal>('typing', (t) => t.agent !== undefined && t.until !== null);
      await agentAck(ada.socket, 'agent:typing', { conversationId, typing: true });
      expect((await typing).agent).toEqual({ name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' });

      // A visitor message reaches the agent and not the bot.
      const watched = collect(ada.socket, 'message:new');
      await v.send(conversationId, 'my order #42 never came');
      const seen = await watched.next((m) => m.author === 'visitor');
      expect(bodyOf(seen)).toBe('my order #42 never came');
      // The row in every console: the preview and the unread count move.
      expect(await inbox.next((s) => s.id === conversationId && s.lastSeq === seen.seq)).toMatchObject({ preview: 'my order #42 never came', unread: 2 });

      const reply = await agentAck(ada.socket, 'agent:message', { conversationId, clientId: 'reply-1', body: 'Sorry about that — **checking now**.' });
      expect(reply.message).toMatchObject({ author: 'agent', sender: { name: 'Ada Lovelace' } });
      const received = await v.inbox.next((m) => m.author === 'agent');
      expect(received).toMatchObject({ sender: { name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' }, packet: { payload: { body: 'Sorry about that — **checking now**.' } } });
      // Replying reads: the visitor sees their messages read.
      const read = await v.next<ConversationView>('conversation:update', (c) => (c.agentReadSeq ?? 0) >= seen.seq);
      expect(read.agentReadSeq).toBeGreaterThanOrEqual(seen.seq);
      const others = v.inbox.received.filter((m) => m.author === 'bot' && m.seq > seen.seq);
      expect(others).toEqual([]);

      const note = await agentAck(ada.socket, 'agent:note', { conversationId, body: 'VIP customer' });
      expect(note.note).toMatchObject({ author: 'Ada Lovelace', body: 'VIP customer' });
      expect(v.inbox.received.some((m) => bodyOf(m) === 'VIP customer')).toBe(false);

      await agentAck(ada.socket, 'conversation:resume-bot', { conversationId });
      await v.inbox.next((m) => m.author === 'system' && m.notice?.kind === 'bot_resumed');
      await v.send(conversationId, 'track my order');
      const botAgain = await v.inbox.next((m: MessageRecord) => m.author === 'bot' && m.seq > reply.message.seq);
      expect(botAgain.author).toBe('bot');
    });

    it('refuses what an agent may not do: a reply to a conversation not theirs (403), a taken conversation (409), an unknown agent (404), a bot reply after the handover (409)', async () => {
      const ada = await agent({ name: 'Ada Rules' });
      const bob = await agent({ name: 'Bob Rules' });
      const { conversationId } = await waitingVisitor();
      const reply = { conversationId, clientId: 'x-1', body: 'hello' };
      expect(await agentAttempt(ada.socket, 'agent:message', reply)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await agentAck(ada.socket, 'conversation:assign', { conversationId, agentId: ada.id });
      expect(await agentAttempt(bob.socket, 'conversation:assign', { conversationId, agentId: bob.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await agentAttempt(bob.socket, 'agent:message', reply)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await agentAttempt(ada.socket, 'conversation:assign', { conversationId, agentId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await agentAttempt(ada.socket, 'agent:message', { ...reply, body: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).toMatchObject({ ok: false, error: { code: 'message_too_long' } });

      // The bot's API URL refuses to speak into a conversation people have.
      expect((await call(server.url, 'PUT', '/api/chatbot/settings', { body: { api_security_token: 'bot-api-token-0123456789' } })).status).toBe(200);
      const events = await call(server.url, 'POST', '/api/chatbot/v1/events', {
        token: null,
        headers: { 'SECURITY-TOKEN': 'bot-api-token-0123456789' },
        body: [{ info: { cid: `chatbot::demo:${conversationId}` }, packet: { name: 'message', payload: { body: 'me again' } } }],
      });
      expect(events.status).toBe(409);
      expect(events.json.message).toContain('handed over');
      const bodies = (await server.store.conversations.messages(conversationId, { limit: 200 })).map(bodyOf);
      expect(bodies).not.toContain('me again');
    });

    it("stores an attachment as the agent's own upload, with the upload's type and name, whatever the client said", async () => {
      const ada = await agent({ name: 'Ada Files' });
      const { v, conversationId } = await waitingVisitor();
      await agentAck(ada.socket, 'conversation:assign', { conversationId, agentId: ada.id });
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(ONE_PIXEL_PNG, 'base64')], { type: 'application/octet-stream' }), 'receipt.png');
      const uploaded = await fetch(`${server.url}/api/console/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${ada.token}` }, body: form });
      expect(uploaded.status).toBe(201);
      const file = ((await uploaded.json()) as { data: { link: string } }).data;
      const path = new URL(file.link).pathname;

      // The path alone names the same file; the client's type and name are not what is stored.
      const reply = await agentAck(ada.socket, 'agent:message', { conversationId, clientId: 'file-1', body: 'your receipt', attachment: { link: path, type: 'file', name: 'invoice.exe' } });
      expect(bodyOf(reply.message)).toBe('your receipt');
      const media = await v.inbox.next((m) => m.author === 'agent' && m.packet.name === 'media');
      expect(media.packet.payload).toEqual({ link: file.link, type: 'image', name: 'receipt.png' });

      // A link to this file on another host, or a file another agent uploaded, is refused.
      const foreign = { conversationId, clientId: 'file-2', body: 'x', attachment: { link: `https://evil.example${path}`, type: 'image' as const } };
      expect(await agentAttempt(ada.socket, 'agent:message', foreign)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const bob = await agent({ name: 'Bob Files' });
      const bobs = await fetch(`${server.url}/api/console/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${bob.token}` }, body: form });
      const bobsLink = ((await bobs.json()) as { data: { link: string } }).data.link;
      const borrowed = { conversationId, clientId: 'file-3', body: 'x', attachment: { link: bobsLink, type: 'image' as const } };
      expect(await agentAttempt(ada.socket, 'agent:message', borrowed)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    });

    it('a team transfer puts it back in line; ending closes it for the visitor', async () => {
      const ada = await agent({ name: 'Ada Teams' });
      const team = (await call(server.url, 'POST', '/api/chatbot/teams', { body: { name: 'Billing' } })).json.data as { id: string };
      const { v, conversationId } = await waitingVisitor();
      await agentAck(ada.socket, 'conversation:assign', { conversationId, agentId: ada.id });
      const moved = await agentAck(ada.socket, 'conversation:transfer', { conversationId, teamId: team.id, notes: 'billing question' });
      expect(moved.conversation).toMatchObject({ state: 'queued', transfer: { teamId: team.id, teamName: 'Billing', notes: 'billing question', agentId: null } });
      await v.inbox.next((m) => m.author === 'system' && m.notice?.kind === 'requeued');
      expect(await agentAttempt(ada.socket, 'conversation:transfer', { conversationId, teamId: 'no-such-team' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const ended = v.next<ConversationView>('conversation:update', (c) => c.status === 'ended');
      expect((await agentAck(ada.socket, 'conversation:end', { conversationId })).conversation.state).toBe('ended');
      await ended;
      expect(await agentAttempt(ada.socket, 'conversation:end', { conversationId })).toMatchObject({ ok: false, error: { code: 'conversation_ended' } });
    });

    it('presence: the console shows who is online; away by choice; a waiting visitor is told nobody is online', async () => {
      const watcher = await agent({ name: 'Watcher' });
      const presence = collect(watcher.socket, 'presence:update');
      const cara = await agent({ name: 'Cara Away' });
      expect(await agentAck(cara.socket, 'agent:status', { status: 'away' })).toEqual({ status: 'away' });
      expect(await presence.next((p) => p.id === cara.id && p.status === 'away')).toMatchObject({ name: 'Cara Away' });
      const snapshot = await agentAck(watcher.socket, 'inbox:get', {});
      expect(snapshot.agents.find((a) => a.id === cara.id)).toMatchObject({ status: 'away', chats: 0 });
    });
  });
});
