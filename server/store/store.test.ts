import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { parseSettings } from '../definitions/bot-definition.js';
import type { KeywordRule } from '../engine/types.js';
import { createStore, type Store } from './index.js';

const now = '2026-01-05T10:00:00.000Z';

// Each test makes a fresh database and migrates it: on PostgreSQL under load more than 5 s.
describe.each(testDatabases)('store on $name', { timeout: 30_000 }, (database) => {
  let store: Store;
  let drop: () => Promise<void>;
  let botId: string;
  let visitorId: string;

  beforeAll(async () => {
    const db = await database.create();
    drop = db.drop;
    store = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    botId = crypto.randomUUID();
    const rules: KeywordRule[] = [
      { id: crypto.randomUUID(), name: 'low', keywords: ['a'], match_type: 'contains', response_type: 'text', response: 'x', priority: 1, enabled: true, position: 1 },
      { id: crypto.randomUUID(), name: 'high', keywords: ['b'], match_type: 'exact', response_type: 'buttons', response: 'y', buttons: [{ id: 'k', title: 'K' }], priority: 9, enabled: false, position: 2 },
    ];
    await store.bots.create(
      { id: botId, key: `bot-${botId.slice(0, 8)}`, name: 'Test', adminTokenHash: 'h', settings: parseSettings({}), createdAt: now },
      rules,
    );
    visitorId = crypto.randomUUID();
    await store.visitors.create({ id: visitorId, botId, createdAt: now });
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('runs its migrations again without harm', async () => {
    const db = await database.create();
    const first = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await first.close();
    const second = await createStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await second.ping();
    await second.close();
    await db.drop();
  });

  it('reads a bot back by key and id, with settings and ordered rules', async () => {
    const bot = await store.bots.findById(botId);
    expect(bot?.settings.fallback_message).toBe(parseSettings({}).fallback_message);
    expect(await store.bots.findByKey(bot!.key)).toEqual(bot);
    const rules = await store.bots.keywordRules(botId);
    expect(rules.map((r) => [r.name, r.enabled, r.buttons])).toEqual([
      ['high', false, [{ id: 'k', title: 'K' }]],
      ['low', true, undefined],
    ]);
    expect(await store.bots.findByKey('nope')).toBeUndefined();
  });

  it('numbers messages 1, 2, 3… per conversation and reads them after a cursor', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const stored = await store.conversations.append(
      c.id,
      [
        { author: 'bot', packet: { name: 'message', payload: { body: 'one' } } },
        { author: 'bot', packet: { name: 'message', payload: { body: 'two' } } },
      ],
      now,
    );
    expect(stored.map((m) => m.seq)).toEqual([1, 2]);
    const { message } = await store.conversations.appendVisitorMessage(
      c.id,
      { author: 'visitor', clientId: 'c-1', packet: { name: 'message', payload: { body: 'three' } } },
      now,
    );
    expect(message.seq).toBe(3);
    expect((await store.conversations.messages(c.id, { after: 1, limit: 10 })).map((m) => m.seq)).toEqual([2, 3]);
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(3);
  });

  it('stores a visitor message once per client id, also under concurrent resends', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const draft = { author: 'visitor' as const, clientId: 'same', packet: { name: 'message' as const, payload: { body: 'hi' } } };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.conversations.appendVisitorMessage(c.id, draft, now)));
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.conversations.messages(c.id, { limit: 10 })).toHaveLength(1);
    // A resend takes no sequence number: the next message follows the first.
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(1);
    const next = await store.conversations.appendVisitorMessage(c.id, { ...draft, clientId: 'next' }, now);
    expect(next.message.seq).toBe(2);
  });

  it('stores every column as given: meta, reply-to, client ids, and text with quotes, braces, backslashes and NULL', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const awkward = 'say "hi" {a,b} \\ NULL, \'quoted\' é 😀\n';
    const stored = await store.conversations.append(
      c.id,
      [
        { author: 'system', packet: { name: 'message', payload: { body: awkward } }, notice: { kind: 'agent_joined', agent: 'Ada' } },
        { author: 'agent', packet: { name: 'message', payload: { body: 'NULL' } }, sender: { id: 'a-1', name: 'Ada', avatar: null }, clientId: 'console-1' },
        { author: 'bot', packet: { name: 'message', payload: { body: '' } } },
      ],
      now,
    );
    const { message: answer } = await store.conversations.appendVisitorMessage(
      c.id,
      { author: 'visitor', clientId: awkward, replyTo: stored[0]!.id, packet: { name: 'message', payload: { body: awkward } } },
      now,
    );
    const read = await store.conversations.messages(c.id, { limit: 10 });
    expect(read).toEqual([...stored, answer]);
    expect(read).toEqual([
      { id: expect.any(String), conversationId: c.id, seq: 1, createdAt: now, author: 'system', packet: { name: 'message', payload: { body: awkward } }, notice: { kind: 'agent_joined', agent: 'Ada' } },
      { id: expect.any(String), conversationId: c.id, seq: 2, createdAt: now, author: 'agent', packet: { name: 'message', payload: { body: 'NULL' } }, sender: { name: 'Ada', avatar: null } },
      { id: expect.any(String), conversationId: c.id, seq: 3, createdAt: now, author: 'bot', packet: { name: 'message', payload: { body: '' } } },
      { id: answer.id, conversationId: c.id, seq: 4, createdAt: now, author: 'visitor', packet: { name: 'message', payload: { body: awkward } }, clientId: awkward, replyTo: stored[0]!.id },
    ]);
    expect(await store.conversations.find(c.id)).toMatchObject({ lastSeq: 4, updatedAt: now });
  });

  it('stores a visitor message with the replies its bot gave at once, under the id chosen for it and with no turn; a resend stores neither again', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const draft = { author: 'visitor' as const, clientId: 'asked', packet: { name: 'message' as const, payload: { body: 'shipping?' } } };
    const messageId = crypto.randomUUID();
    const replies = ['free over $40', 'anything else?'].map((body, i) => ({ author: 'bot' as const, clientId: `turn:${messageId}:${i}`, packet: { name: 'message' as const, payload: { body } } }));
    const answered = await store.conversations.appendVisitorMessage(c.id, draft, now, { messageId, replies });
    expect(answered).toEqual({
      message: expect.objectContaining({ id: messageId, seq: 1, author: 'visitor', clientId: 'asked' }),
      duplicate: false,
      replies: [
        expect.objectContaining({ seq: 2, author: 'bot', packet: replies[0]!.packet }),
        expect.objectContaining({ seq: 3, author: 'bot', packet: replies[1]!.packet }),
      ],
    });
    expect(await store.conversations.messages(c.id, { limit: 10 })).toEqual([answered.message, ...answered.replies]);
    // Under its turn's client ids, as a turn's replies are (a replay of the turn would skip them).
    expect(await store.conversations.messagesByClientId(c.id, replies.map((r) => r.clientId))).toEqual(answered.replies);
    expect(await store.botTurns.pending(c.id)).toEqual([]);
    // The message sent again, answered again: the stored one comes back, and nothing more is stored.
    const again = await store.conversations.appendVisitorMessage(c.id, draft, now, { messageId: crypto.randomUUID(), replies: replies.slice(0, 1) });
    expect(again).toEqual({ message: answered.message, duplicate: true, replies: [] });
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(3);
  });

  it('stores a visitor message with the turn it is owed, and a replayed turn’s replies once, with the turn deleted', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    const input = { name: 'message', payload: { body: 'a "quoted" \\ input' } };
    const draft = { author: 'visitor' as const, clientId: 'owed', packet: { name: 'message' as const, payload: { body: 'hi' } } };
    const { message } = await store.conversations.appendVisitorMessage(c.id, draft, now, { input });
    const turn = `turn:${message.id}`;
    expect(await store.botTurns.pending(c.id)).toEqual([{ id: turn, conversationId: c.id, input }]);
    // A resend stores neither a second message nor a second turn.
    expect(await store.conversations.appendVisitorMessage(c.id, draft, now, { input })).toEqual({ message, duplicate: true, replies: [] });
    expect(await store.botTurns.pending(c.id)).toHaveLength(1);

    const reply = (i: number) => ({ author: 'bot' as const, clientId: `${turn}:${i}`, packet: { name: 'message' as const, payload: { body: `r${i}` } } });
    expect((await store.conversations.append(c.id, [reply(0)], now)).map((m) => m.seq)).toEqual([2]);
    // The turn again (a replay): the stored reply is skipped, the other stored, the turn deleted with it.
    const replayed = await store.conversations.append(c.id, [reply(0), reply(1)], now, turn);
    expect(replayed.map((m) => [m.seq, m.author === 'bot' && m.packet.name === 'message' && m.packet.payload.body])).toEqual([[3, 'r1']]);
    expect(await store.botTurns.pending(c.id)).toEqual([]);
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(3);
    // All of it stored already: nothing is, and no sequence number is taken.
    expect(await store.conversations.append(c.id, [reply(0), reply(1)], now)).toEqual([]);
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(3);
    // What of a failed append was stored after all, in order; unknown ids and other conversations' give nothing.
    const other = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    await store.conversations.append(other.id, [reply(2)], now);
    const found = await store.conversations.messagesByClientId(c.id, [reply(1).clientId, reply(2).clientId, reply(0).clientId]);
    expect(found.map((m) => [m.seq, m.author === 'bot' && m.packet.name === 'message' && m.packet.payload.body])).toEqual([
      [2, 'r0'],
      [3, 'r1'],
    ]);
    expect(await store.conversations.messagesByClientId(c.id, [])).toEqual([]);
  });

  it('stores nothing for a conversation that is not there', async () => {
    const missing = crypto.randomUUID();
    await expect(store.conversations.append(missing, [{ author: 'bot', packet: { name: 'message', payload: { body: 'x' } } }], now)).rejects.toThrow();
    await expect(
      store.conversations.appendVisitorMessage(missing, { author: 'visitor', clientId: 'x', packet: { name: 'message', payload: { body: 'x' } } }, now, { input: {} }),
    ).rejects.toThrow();
    expect(await store.conversations.messages(missing, { limit: 10 })).toEqual([]);
    expect(await store.botTurns.pending(missing)).toEqual([]);
  });

  it('keeps a message stored while another task’s transaction is open and then rolls back', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    let appended: Promise<unknown> | undefined;
    const failing = store.conversations.updateMeta(c.id, () => {
      // Inside updateMeta's transaction (its read done, its write not yet): another message comes.
      appended = store.conversations.append(c.id, [{ author: 'bot', packet: { name: 'message', payload: { body: 'kept' } } }], now);
      throw new Error('the meta change fails');
    });
    await expect(failing).rejects.toThrow('the meta change fails');
    await appended;
    const messages = await store.conversations.messages(c.id, { limit: 10 });
    expect(messages.map((m) => m.packet.name === 'message' && m.packet.payload.body)).toEqual(['kept']);
    expect((await store.conversations.find(c.id))?.lastSeq).toBe(1);
  });

  it('keeps sequence numbers unique under concurrent appends', async () => {
    const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.conversations.append(c.id, [{ author: 'bot', packet: { name: 'message', payload: { body: `m${i}` } } }], now),
      ),
    );
    const seqs = (await store.conversations.messages(c.id, { limit: 100 })).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds the newest open conversation of a visitor, replies and sessions', async () => {
    const v = crypto.randomUUID();
    await store.visitors.create({ id: v, botId, createdAt: now });
    expect(await store.conversations.latestOpenOfVisitor(v)).toBeUndefined();
    await store.conversations.create({ botId, visitorId: v, session: { variables: {} }, now });
    const newer = await store.conversations.create({ botId, visitorId: v, session: { variables: {} }, now: '2026-01-06T00:00:00.000Z' });
    expect((await store.conversations.latestOpenOfVisitor(v))?.id).toBe(newer.id);

    const [choice] = await store.conversations.append(
      newer.id,
      [{ author: 'bot', packet: { name: 'bubbles', payload: { body: 'b', fallback: 'f', options: [{ id: 'o', label: 'O' }] } } }],
      now,
    );
    expect(await store.conversations.isAnswered(newer.id, choice!.id)).toBe(false);
    await store.conversations.appendVisitorMessage(
      newer.id,
      { author: 'visitor', clientId: 'k', replyTo: choice!.id, packet: { name: 'click', payload: { value: { id: 'o', label: 'O' } } } },
      now,
    );
    expect(await store.conversations.isAnswered(newer.id, choice!.id)).toBe(true);
    expect(await store.conversations.findMessage(newer.id, choice!.id)).toMatchObject({ author: 'bot', seq: 1 });

    await store.conversations.saveSession(newer.id, { variables: { name: 'Ada' } }, now);
    expect((await store.conversations.find(newer.id))?.session).toEqual({ variables: { name: 'Ada' } });
  });

  it('gives each of 10 queued transfers to exactly one of 20 concurrent pickups', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await store.conversations.create({ botId, visitorId, session: { variables: {} }, now });
      const t = await store.transfers.create({ botId, conversationId: c.id, contactId: visitorId, source: 'manual', teamId: 'race', notes: '', now: `2026-01-05T10:00:0${i}.000Z` });
      ids.push(t.id);
    }
    const picked = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transfers.pickup(botId, 'race', { id: `agent-${i}`, name: null }, now)),
    );
    const got = picked.filter((t) => t !== undefined);
    expect(got).toHaveLength(10);
    expect(new Set(got.map((t) => t.id))).toEqual(new Set(ids));
    expect(await store.transfers.queueCounts(botId)).toMatchObject({ teams: {} });
  });

  it('keeps configuration documents in creation order and scoped to their bot', async () => {
    const first = await store.flows.create(botId, { name: 'a', trigger_keywords: [], enabled: true, steps: [] }, now);
    const second = await store.flows.create(botId, { name: 'b', trigger_keywords: [], enabled: true, steps: [] }, now);
    expect((await store.flows.list(botId)).map((f) => f.id)).toEqual([first.id, second.id]);
    expect(await store.flows.get('other-bot', first.id)).toBeUndefined();
    expect(await store.flows.update(botId, first.id, { ...first.body, name: 'a2' }, now)).toMatchObject({ body: { name: 'a2' } });
    expect(await store.flows.remove(botId, first.id)).toBe(true);
    expect(await store.flows.remove(botId, first.id)).toBe(false);
  });

  it("reads a contact's notes oldest first, or only the newest few of other conversations, limited in SQL", async () => {
    const contactId = crypto.randomUUID();
    await store.visitors.create({ id: contactId, botId, createdAt: now });
    const [first, second] = [await store.conversations.create({ botId, visitorId: contactId, session: { variables: {} }, now }), await store.conversations.create({ botId, visitorId: contactId, session: { variables: {} }, now })];
    const at = (i: number) => `2026-01-06T10:00:0${i}.000Z`;
    for (const [i, conversation] of [first!, first!, second!, first!, second!].entries()) {
      await store.notes.create({ conversationId: conversation.id, contactId, body: `note ${i}`, author: 'bot', createdAt: at(i) });
    }
    expect((await store.notes.ofContact(contactId)).map((n) => n.body)).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    expect((await store.notes.ofContact(contactId, { except: second!.id, newest: 2 })).map((n) => n.body)).toEqual(['note 1', 'note 3']);
    expect((await store.notes.ofContact(contactId, { newest: 1 })).map((n) => n.body)).toEqual(['note 4']);
  });

  describe('contacts and their keys', () => {
    const anonymous = async () => {
      const id = crypto.randomUUID();
      await store.visitors.create({ id, botId, createdAt: now });
      return id;
    };

    it('finds a contact by external id only once it is proven; a claimed one is display data', async () => {
      const claimer = await anonymous();
      await store.visitors.updateProfile(claimer, { externalId: 'k-1' }, now, 'claim');
      expect(await store.visitors.findByExternalId(botId, 'k-1')).toBeUndefined();
      const contact = await store.visitors.findOrCreate(botId, { externalId: 'k-1' }, now);
      expect(contact).toMatchObject({ externalId: 'k-1', verified: true });
      expect(contact.id).not.toBe(claimer);
      expect((await store.visitors.findOrCreate(botId, { externalId: 'k-1' }, now)).id).toBe(contact.id);
      // Nobody changes a proven id, not even a bot's contact_update.
      await store.visitors.updateProfile(contact.id, { externalId: 'k-2' }, now, 'claim');
      expect(await store.visitors.find(contact.id)).toMatchObject({ externalId: 'k-1' });
    });

    it('finds a contact by email only when the owner gave it; a claim replaces it as display only', async () => {
      const claimer = await anonymous();
      await store.visitors.updateProfile(claimer, { email: 'e-1@example.com' }, now, 'claim');
      expect(await store.visitors.findByEmail(botId, 'e-1@example.com')).toBeUndefined();
      const contact = await store.visitors.findOrCreate(botId, { email: 'e-1@example.com' }, now);
      expect(contact).toMatchObject({ emailTrusted: true, verified: false });
      expect(contact.id).not.toBe(claimer);
      await store.visitors.updateProfile(contact.id, { email: 'e-1@example.com', name: 'E' }, now, 'claim');
      expect((await store.visitors.findByEmail(botId, 'e-1@example.com'))?.id).toBe(contact.id);
      await store.visitors.updateProfile(contact.id, { email: 'e-2@example.com' }, now, 'claim');
      expect(await store.visitors.findByEmail(botId, 'e-2@example.com')).toBeUndefined();
      await store.visitors.updateProfile(contact.id, { email: 'e-2@example.com' }, now, 'owner');
      expect((await store.visitors.findByEmail(botId, 'e-2@example.com'))?.id).toBe(contact.id);
    });

    it('proves a visitor: it becomes the contact, or is merged into the one that exists with what it has', async () => {
      const first = await anonymous();
      expect(await store.visitors.prove(first, 'p-1', now)).toEqual({ contact: expect.objectContaining({ id: first, externalId: 'p-1', verified: true }) });
      const second = await anonymous();
      const conversation = await store.conversations.create({ botId, visitorId: second, session: { variables: {} }, now });
      await store.uploads.create({ id: crypto.randomUUID(), botId, visitorId: second, file: `${crypto.randomUUID()}.png`, name: 'a.png', mime: 'image/png', size: 1, createdAt: now });
      expect(await store.visitors.prove(second, 'p-1', now)).toEqual({ contact: expect.objectContaining({ id: first }) });
      expect((await store.conversations.find(conversation.id))?.visitorId).toBe(first);
      expect((await store.visitors.current(second))?.id).toBe(first);
      expect(await store.visitors.find(second)).toMatchObject({ mergedInto: first, verified: false });
      expect((await store.visitors.findByExternalId(botId, 'p-1'))?.id).toBe(first);
      // Proven as one user, a visitor is not another one.
      expect(await store.visitors.prove(first, 'p-2', now)).toEqual({ provenOtherwise: expect.objectContaining({ id: first }) });
      expect(await store.visitors.prove(crypto.randomUUID(), 'p-1', now)).toBeUndefined();
    });

    it('gives one contact per proven id when several visitors prove it at once', async () => {
      const ids = await Promise.all([anonymous(), anonymous(), anonymous(), anonymous()]);
      const results = await Promise.all(ids.map((id) => store.visitors.prove(id, 'p-race', now)));
      const contacts = new Set(results.map((r) => (r && 'contact' in r ? r.contact.id : 'none')));
      expect(contacts.size).toBe(1);
      const [contact] = [...contacts];
      for (const id of ids) expect((await store.visitors.current(id))?.id).toBe(contact);
      const fromApi = await Promise.all([1, 2, 3].map(() => store.visitors.findOrCreate(botId, { externalId: 'api-race' }, now)));
      expect(new Set(fromApi.map((v) => v.id)).size).toBe(1);
    });
  });
});
