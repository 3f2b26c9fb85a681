import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../compose.js';
import type { AgentBody } from '../definitions/people-definition.js';
import type { Agent } from '../identity/agent-auth.js';
import type { Store } from '../store/index.js';
import { createStore } from '../store/index.js';
import { testDatabases } from '../../test/helpers/databases.js';
import { addBot, addConversation, addVisitor, openTestStore, recordingPublisher, reply, startHttpServer, testClock, loopbackOutbound } from '../../test/helpers/unit-fixture.js';
import type { AgentPublisher } from './agent-desk.js';
import { panelSections } from './agent-desk.js';

const T0 = '2026-03-02T10:00:00.000Z';
const GRACE_MS = 30_000;
const ANSWER_MS = 120_000;

function recordingConsoles() {
  const events: Array<{ kind: string; id: string; data: unknown }> = [];
  const consoles: AgentPublisher = {
    message: (id, data) => events.push({ kind: 'message', id, data }),
    messageUpdate: (id, data) => events.push({ kind: 'messageUpdate', id, data }),
    inbox: (id, data) => events.push({ kind: 'inbox', id, data }),
    presence: (id, data) => events.push({ kind: 'presence', id, data }),
    note: (id, data) => events.push({ kind: 'note', id, data }),
    visitorTyping: (id, data) => events.push({ kind: 'visitorTyping', id, data }),
  };
  return { events, consoles };
}

async function makeAgent(store: Store, botId: string, body: Partial<AgentBody> & { name: string }): Promise<Agent> {
  const full: AgentBody = { email: null, avatar: null, teams: [], skills: [], max_chats: 5, ...body };
  const doc = await store.agents.create(botId, full, T0);
  return { id: doc.id, botId, ...full };
}

describe('agent desk', () => {
  let store: Store;
  let close: () => Promise<void>;
  const running: Array<{ stop(): void }> = [];

  beforeEach(async () => {
    ({ store, close } = await openTestStore());
  });
  afterEach(async () => {
    for (const s of running.splice(0)) s.stop();
    await close();
  });

  function services(opts: { clock?: ReturnType<typeof testClock> } = {}) {
    const clock = opts.clock ?? testClock(T0);
    const visitors = recordingPublisher();
    const { events, consoles } = recordingConsoles();
    const s = createServices({
      store,
      clock,
      publicUrl: () => 'http://localhost',
      selfUrl: () => 'http://127.0.0.1:9',
      outbound: loopbackOutbound,
      sinks: [visitors],
      agentSinks: [consoles],
      presenceGraceMs: GRACE_MS,
      answerTimeoutMs: ANSWER_MS,
      sleep: async () => undefined,
      log: () => undefined,
    });
    running.push(s.service);
    return { ...s, clock, visitors, consoles: events };
  }

  async function queued(s: ReturnType<typeof services>, botId: string, teamId: string | null = null) {
    const visitorId = await addVisitor(store, botId, { name: 'Vera' });
    const c = await addConversation(store, { botId, visitorId, at: T0 });
    const { transfer } = await s.service.handOver(c, { team_id: teamId, notes: 'wants a person', source: 'manual' });
    return { conversation: c, transfer };
  }

  const lastNotice = async (conversationId: string) => {
    const messages = await store.conversations.messages(conversationId, { limit: 100 });
    return messages.flatMap((m) => (m.author === 'system' && m.notice ? [m.notice] : []));
  };

  describe('presence', () => {
    it('is online while a tab is connected, away by choice, and a reload within the grace period changes nothing', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      expect(s.agentPresence.status(ada.id)).toBe('offline');
      await s.desk.connected(ada, 'tab-1');
      expect(s.agentPresence.status(ada.id)).toBe('online');
      expect(await s.agentPresence.agentsAvailable(bot.id)).toBe(true);
      const announced = s.consoles.filter((e) => e.kind === 'presence').length;

      // A reload: the tab goes, a new one comes within the grace period.
      s.desk.disconnected(ada, 'tab-1');
      s.clock.advance(GRACE_MS - 1_000);
      expect(s.agentPresence.status(ada.id)).toBe('online');
      await s.desk.connected(ada, 'tab-2');
      expect(await s.desk.sweep()).toBe(0);
      expect(s.consoles.filter((e) => e.kind === 'presence')).toHaveLength(announced);

      expect(await s.desk.setStatus(ada, 'away')).toBe('away');
      expect(await s.agentPresence.agentsAvailable(bot.id)).toBe(false);
      expect(s.consoles.filter((e) => e.kind === 'presence').at(-1)!.data).toMatchObject({ id: ada.id, status: 'away' });
    });

    it('goes offline once no tab has been back for the grace period, and the agent’s chats go back to the queue', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      await s.desk.connected(ada, 'tab-1');
      const { conversation, transfer } = await queued(s, bot.id);
      expect(await s.desk.pickNext(ada)).toMatchObject({ id: conversation.id, state: 'assigned' });

      s.desk.disconnected(ada, 'tab-1');
      s.clock.advance(GRACE_MS);
      expect(await s.desk.sweep()).toBe(1);
      expect(s.agentPresence.status(ada.id)).toBe('offline');
      expect(await store.transfers.get(bot.id, transfer.id)).toMatchObject({ status: 'active', agentId: null });
      expect(await lastNotice(conversation.id)).toEqual([
        { kind: 'agent_joined', agent: 'Ada' },
        { kind: 'agent_left', agent: 'Ada' },
        { kind: 'requeued', agent: null },
      ]);
    });

    it('a forward that wants feedback fails with nobody online, and hands over once an agent of its team is online', async () => {
      const s = services();
      const bot = await addBot(store);
      const visitorId = await addVisitor(store, bot.id);
      const c = await addConversation(store, { botId: bot.id, visitorId, at: T0 });
      const forward = { name: 'forward_group', payload: { group_id: 'sales', on_failure: 'feedback' } } as const;

      await s.service.deliver(c.id, [forward]);
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();

      // Online, but of another team: still nobody for "sales".
      const other = await makeAgent(store, bot.id, { name: 'Otto', teams: ['support'] });
      await s.desk.connected(other, 'tab-o');
      await s.service.deliver(c.id, [forward]);
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();

      const ada = await makeAgent(store, bot.id, { name: 'Ada', teams: ['sales'] });
      await s.desk.connected(ada, 'tab-a');
      await s.service.deliver(c.id, [forward]);
      expect(await store.transfers.activeForConversation(c.id)).toMatchObject({ teamId: 'sales', agentId: null });
    });

    it('a busy agent (every chat slot taken) is online but not available', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada', max_chats: 1 });
      await s.desk.connected(ada, 'tab');
      await queued(s, bot.id);
      await s.desk.pickNext(ada);
      expect(await s.agentPresence.agentsOnline(bot.id)).toBe(true);
      expect(await s.agentPresence.agentsAvailable(bot.id)).toBe(false);
    });

    it('backup mode: the bot takes a new conversation only while no agent is online', async () => {
      const webhook = await startHttpServer((_req, res) => reply(res, 200, []));
      try {
        const s = services();
        const bot = await addBot(store, { bot_type: 'webhook', webhook_url: `${webhook.origin}/hook`, behavior_mode: 'backup' });
        const first = await s.visitorRequests.open({ botId: bot.id, visitorId: await addVisitor(store, bot.id) }, {});
        await s.service.idle();
        expect(webhook.requests).toHaveLength(1);
        expect(await store.transfers.activeForConversation(first.conversation.id)).toBeUndefined();

        await s.desk.connected(await makeAgent(store, bot.id, { name: 'Ada' }), 'tab');
        const second = await s.visitorRequests.open({ botId: bot.id, visitorId: await addVisitor(store, bot.id) }, {});
        await s.service.idle();
        expect(webhook.requests).toHaveLength(1);
        expect(await store.transfers.activeForConversation(second.conversation.id)).toBeDefined();
      } finally {
        await webhook.close();
      }
    });
  });

  describe('handover and replies', () => {
    it('pick next gives the oldest waiting conversation, tells the visitor who joined, and shows the visitor their place in line', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada', avatar: 'https://example.com/ada.png' });
      await s.desk.connected(ada, 'tab');
      const first = await queued(s, bot.id);
      s.clock.advance(1_000);
      const second = await queued(s, bot.id);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      const snapshot = await s.visitorRequests.open({ botId: bot.id, visitorId: second.conversation.visitorId }, { conversationId: second.conversation.id });
      expect(snapshot.conversation.people).toEqual({ state: 'queued', position: 2, agentsOnline: true, agent: null });

      expect(await s.desk.pickNext(ada)).toMatchObject({ id: first.conversation.id, state: 'assigned', transfer: { agentName: 'Ada' } });
      expect(await lastNotice(first.conversation.id)).toEqual([{ kind: 'agent_joined', agent: 'Ada' }]);
      const again = await s.visitorRequests.open({ botId: bot.id, visitorId: second.conversation.visitorId }, { conversationId: second.conversation.id });
      expect(again.conversation.people).toMatchObject({ state: 'queued', position: 1 });
      const mine = await s.visitorRequests.open({ botId: bot.id, visitorId: first.conversation.visitorId }, { conversationId: first.conversation.id });
      expect(mine.conversation.people).toEqual({ state: 'assigned', position: null, agentsOnline: true, agent: { name: 'Ada', avatar: 'https://example.com/ada.png' } });
    });

    it('an agent replies only in a conversation assigned to them; the reply carries their name; a resend is stored once', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      const bob = await makeAgent(store, bot.id, { name: 'Bob' });
      const { conversation } = await queued(s, bot.id);
      const req = { conversationId: conversation.id, clientId: 'c-1', body: '**Hello**, I am here' };
      await expect(s.desk.reply(ada, req)).rejects.toMatchObject({ code: 'forbidden' });
      await s.desk.assign(ada, conversation.id, ada.id);
      await expect(s.desk.reply(bob, req)).rejects.toMatchObject({ code: 'forbidden' });
      // Bob cannot take it from Ada; Ada can hand it to Bob.
      await expect(s.desk.assign(bob, conversation.id, bob.id)).rejects.toMatchObject({ code: 'conflict' });
      const sent = await s.desk.reply(ada, req);
      expect(sent).toMatchObject({ author: 'agent', sender: { name: 'Ada', avatar: null }, packet: { name: 'message', payload: { body: '**Hello**, I am here' } } });
      expect(await s.desk.reply(ada, req)).toMatchObject({ id: sent.id });
      const stored = await store.conversations.messages(conversation.id, { limit: 100 });
      expect(stored.filter((m) => m.author === 'agent')).toHaveLength(1);
      await expect(s.desk.reply(ada, { ...req, clientId: 'c-2', body: '   ' })).rejects.toMatchObject({ code: 'empty_message' });
      await expect(s.desk.reply(ada, { ...req, clientId: 'c-3', attachment: { link: '/uploads/abc.png', type: 'image' } })).rejects.toMatchObject({
        code: 'bad_request',
      });
      await s.desk.assign(ada, conversation.id, bob.id);
      expect(await lastNotice(conversation.id)).toEqual([
        { kind: 'agent_joined', agent: 'Ada' },
        { kind: 'agent_joined', agent: 'Bob' },
        { kind: 'agent_left', agent: 'Ada' },
      ]);
    });

    it('another bot’s agent sees none of this bot’s conversations; unknown ones are not found', async () => {
      const s = services();
      const bot = await addBot(store);
      const other = await addBot(store);
      const stranger = await makeAgent(store, other.id, { name: 'Stranger' });
      const { conversation } = await queued(s, bot.id);
      await expect(s.desk.detail(stranger, conversation.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(s.desk.assign(stranger, conversation.id, stranger.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(s.desk.detail(stranger, 'nope')).rejects.toMatchObject({ code: 'not_found' });
      expect(await s.desk.pickNext(stranger)).toBeNull();
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      await expect(s.desk.assign(ada, conversation.id, stranger.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('once handed over the bot is silent: it hears no visitor message, its API is refused, its delayed words are dropped', async () => {
      const webhook = await startHttpServer((req, res) => {
        const info = { cid: (JSON.parse(req.body) as { info: { cid: string } }).info.cid };
        reply(res, 200, [
          { info, packet: { name: 'message', payload: { body: 'one' } } },
          { info, packet: { name: 'delay', payload: { duration: 5_000 } } },
          { info, packet: { name: 'message', payload: { body: 'later' } } },
        ]);
      });
      try {
        const s = services();
        const bot = await addBot(store, { bot_type: 'webhook', webhook_url: `${webhook.origin}/hook` });
        const visitorId = await addVisitor(store, bot.id);
        const c = await addConversation(store, { botId: bot.id, visitorId, at: T0 });
        const principal = { botId: bot.id, visitorId };
        await s.visitorRequests.visitorEvent(principal, { conversationId: c.id, clientId: 'v-1', packet: { name: 'message', payload: { body: 'hi' } } });
        await s.service.idle();
        expect(await store.scheduledActions.nextDueAt()).toBeTruthy();

        await s.service.handOver(c, { team_id: null, notes: '', source: 'manual' });
        expect(await store.scheduledActions.nextDueAt()).toBeFalsy();
        await s.visitorRequests.visitorEvent(principal, { conversationId: c.id, clientId: 'v-2', packet: { name: 'message', payload: { body: 'anyone?' } } });
        await s.service.idle();
        expect(webhook.requests).toHaveLength(1);
        await expect(s.service.deliver(c.id, [{ name: 'message', payload: { body: 'sneaky' } }])).rejects.toMatchObject({ code: 'conflict' });
        const bodies = (await store.conversations.messages(c.id, { limit: 100 })).map((m) => (m.packet.payload as { body?: string }).body);
        expect(bodies).not.toContain('sneaky');
        expect(bodies).not.toContain('later');

        // Resumed: the bot hears the visitor again, and the visitor is told.
        const ada = await makeAgent(store, bot.id, { name: 'Ada' });
        await s.desk.resumeBot(ada, c.id);
        expect((await lastNotice(c.id)).at(-1)).toEqual({ kind: 'bot_resumed', agent: null });
        await s.visitorRequests.visitorEvent(principal, { conversationId: c.id, clientId: 'v-3', packet: { name: 'message', payload: { body: 'back?' } } });
        await s.service.idle();
        expect(webhook.requests).toHaveLength(2);
      } finally {
        await webhook.close();
      }
    });

    it('an assignment nobody answers in time goes back to the queue; an answered one stays', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      await s.desk.connected(ada, 'tab');
      const silent = await queued(s, bot.id);
      const answered = await queued(s, bot.id);
      await s.desk.assign(ada, silent.conversation.id, ada.id);
      await s.desk.assign(ada, answered.conversation.id, ada.id);
      await s.desk.reply(ada, { conversationId: answered.conversation.id, clientId: 'r-1', body: 'On it' });
      s.clock.advance(ANSWER_MS - 1);
      expect(await s.desk.sweep()).toBe(0);
      s.clock.advance(1);
      expect(await s.desk.sweep()).toBe(1);
      expect(await store.transfers.get(bot.id, silent.transfer.id)).toMatchObject({ agentId: null });
      expect(await store.transfers.get(bot.id, answered.transfer.id)).toMatchObject({ agentId: ada.id });
    });

    it('the inbox lists the queue, mine and all open with unread counts and previews; reading clears unread and the visitor sees it', async () => {
      const s = services();
      const bot = await addBot(store);
      const ada = await makeAgent(store, bot.id, { name: 'Ada' });
      const { conversation } = await queued(s, bot.id);
      const principal = { botId: bot.id, visitorId: conversation.visitorId };
      await s.visitorRequests.visitorEvent(principal, { conversationId: conversation.id, clientId: 'v-1', packet: { name: 'message', payload: { body: 'Where is my order #42?' } } });
      await s.service.idle();
      let inbox = await s.desk.snapshot(ada);
      expect(inbox.queue.map((c) => c.id)).toEqual([conversation.id]);
      expect(inbox.queue[0]).toMatchObject({ state: 'queued', unread: 1, preview: 'Where is my order #42?', queuePosition: 1, contact: { name: 'Vera' } });
      expect(inbox.mine).toEqual([]);
      await s.desk.assign(ada, conversation.id, ada.id);
      inbox = await s.desk.snapshot(ada);
      expect(inbox.mine.map((c) => c.id)).toEqual([conversation.id]);
      const detail = await s.desk.detail(ada, conversation.id);
      expect(detail.notes.map((n) => [n.author, n.body])).toEqual([['transfer', 'wants a person']]);
      const mark = await s.desk.read(ada, conversation.id, detail.summary.lastSeq);
      expect(mark).toBe(detail.summary.lastSeq);
      expect((await s.desk.snapshot(ada)).mine[0]!.unread).toBe(0);
      expect(s.visitors.events.filter((e) => e.kind === 'conversation').length).toBeGreaterThan(0);
      const note = await s.desk.note(ada, conversation.id, 'Called them back');
      expect((await s.desk.detail(ada, conversation.id)).notes.map((n) => n.body)).toEqual(['wants a person', note.body]);
    });
  });

  describe('inbox news', () => {
    it('goes to the consoles that watch the bot; with none watching, a message works nothing out', async () => {
      const watched = await addBot(store);
      const unwatched = await addBot(store);
      const selective = recordingConsoles();
      const always = recordingConsoles();
      const watchedBots = new Set([watched.id]);
      const withConsoles = (agentSinks: AgentPublisher[]) => {
        const built = createServices({
          store,
          clock: testClock(T0),
          publicUrl: () => 'http://localhost',
          selfUrl: () => 'http://127.0.0.1:9',
          outbound: loopbackOutbound,
          sinks: [recordingPublisher()],
          agentSinks,
          log: () => undefined,
        });
        running.push(built.service);
        return built;
      };
      const s = withConsoles([{ ...selective.consoles, watching: (botId) => (botId === undefined ? watchedBots.size > 0 : watchedBots.has(botId)) }, always.consoles]);
      const inboxOf = (events: typeof always.events, conversationId: string) =>
        events.filter((e) => e.kind === 'inbox' && (e.data as { id: string }).id === conversationId);
      const mine = await addConversation(store, { botId: watched.id, visitorId: await addVisitor(store, watched.id), at: T0 });
      const other = await addConversation(store, { botId: unwatched.id, visitorId: await addVisitor(store, unwatched.id), at: T0 });

      await s.service.agentMessage(mine.id, 'hello');
      await s.service.agentMessage(other.id, 'hello');
      await expect.poll(() => inboxOf(always.events, mine.id).length).toBe(1);
      await expect.poll(() => inboxOf(always.events, other.id).length).toBe(1);
      expect(inboxOf(selective.events, mine.id)).toHaveLength(1);
      expect(inboxOf(selective.events, other.id)).toHaveLength(0);

      // No console watches anything: the desk does not even read the conversation.
      const lone = withConsoles([{ ...selective.consoles, watching: () => false }]);
      const reads: string[] = [];
      const find = store.conversations.find;
      store.conversations.find = (id) => (reads.push(id), find(id));
      try {
        // The old desk read it at once, before its first await.
        lone.desk.touched(mine.id);
        expect(reads).toEqual([]);
      } finally {
        store.conversations.find = find;
      }
    });
  });
});

describe('panelSections', () => {
  it('lays out a flow’s panel_config: sections and fields in order, the session’s values, defaults filled', () => {
    const config = {
      sections: [
        { id: 'b', label: 'Order', columns: 2 as const, collapsible: true, default_collapsed: true, order: 2, fields: [{ key: 'order', label: 'Order', order: 1, display_type: 'tag' as const, color: 'info' as const }] },
        {
          id: 'a',
          label: 'Customer',
          columns: 1 as const,
          collapsible: false,
          default_collapsed: false,
          order: 1,
          fields: [
            { key: 'rating', label: 'Rating', order: 2, display_type: 'badge' as const, color: 'success' as const },
            { key: 'name', label: 'Name', order: 1, display_type: 'text' as const },
          ],
        },
      ],
    };
    expect(panelSections(config, { name: 'Ada', rating: 'Good' })).toEqual([
      {
        id: 'a',
        label: 'Customer',
        columns: 1,
        collapsible: false,
        defaultCollapsed: false,
        fields: [
          { key: 'name', label: 'Name', value: 'Ada', displayType: 'text', color: 'default' },
          { key: 'rating', label: 'Rating', value: 'Good', displayType: 'badge', color: 'success' },
        ],
      },
      { id: 'b', label: 'Order', columns: 2, collapsible: true, defaultCollapsed: true, fields: [{ key: 'order', label: 'Order', value: null, displayType: 'tag', color: 'info' }] },
    ]);
    expect(panelSections(undefined, {})).toEqual([]);
  });
});

// A fresh PostgreSQL database and 20 concurrent transactions: more than the default 5 s on a loaded machine.
describe.each(testDatabases)('pick next on $name', { timeout: 30_000 }, (database) => {
  it('20 agents picking from 10 waiting conversations at once: each is picked exactly once', async () => {
    const db = await database.create();
    const store = await createStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    const s = createServices({ store, clock: testClock(T0), publicUrl: () => '', selfUrl: () => '', outbound: loopbackOutbound, log: () => undefined });
    try {
      const bot = await addBot(store);
      const conversations: string[] = [];
      for (let i = 0; i < 10; i++) {
        const c = await addConversation(store, { botId: bot.id, visitorId: await addVisitor(store, bot.id), at: T0 });
        await s.service.handOver(c, { team_id: null, notes: '', source: 'manual' });
        conversations.push(c.id);
      }
      const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => makeAgent(store, bot.id, { name: `Agent ${i}` })));
      const picked = (await Promise.all(agents.map((a) => s.desk.pickNext(a)))).filter((p) => p !== null);
      expect(picked).toHaveLength(10);
      expect(new Set(picked.map((p) => p.id))).toEqual(new Set(conversations));
      expect(new Set(picked.map((p) => p.transfer!.agentId)).size).toBe(10);
    } finally {
      s.service.stop();
      await s.service.idle();
      await store.close();
      await db.drop();
    }
  });
});
