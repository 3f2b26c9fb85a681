import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, type BotAction, type MessageRecord, type VisitorEvent } from '../../shared/index.js';
import { addBot, addConversation, addVisitor, openTestStore, recordingPublisher, testClock } from '../../test/helpers/unit-fixture.js';
import type { BotInput, BotRunner } from '../bots/bot-runner.js';
import type { VisitorPrincipal } from '../identity/visitor-auth.js';
import { createLimits } from '../lib/limits/index.js';
import type { Conversation, Store } from '../store/index.js';
import { createConversationService, type ConversationService } from './conversation-service.js';
import { createVisitorRequests, type VisitorRequestsDeps } from './visitor-requests.js';

const T0 = '2026-01-05T10:00:00.000Z';
const PUBLIC_URL = 'https://chat.example.com';
const minutesAfter = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const say = (body: string): BotAction => ({ name: 'message', payload: { body } });
const YES_NO: BotAction = {
  name: 'bubbles',
  payload: { body: 'Shall I?', fallback: 'Shall I? 1. Yes 2. No', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
};

type Script = (input: BotInput) => BotAction[] | Promise<BotAction[]>;

describe('visitor requests', () => {
  let store: Store;
  let close: () => Promise<void>;
  let botId: string;
  let otherBotId: string;
  const services: ConversationService[] = [];

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
    botId = (await addBot(store, { personas: [{ id: 'maya', name: 'Maya' }] })).id;
    otherBotId = (await addBot(store)).id;
  });
  afterEach(async () => {
    for (const s of services.splice(0)) {
      await s.idle();
      s.stop();
    }
  });
  afterAll(() => close());

  /** Visitor requests over the real conversation service, with a scripted bot. */
  function harness(script: Script = () => [], opts: Partial<Omit<VisitorRequestsDeps, 'store' | 'clock' | 'service'>> = {}) {
    const clock = testClock(T0);
    const heard: BotInput[] = [];
    const order: string[] = [];
    const botRunner: BotRunner = {
      async respond(conversation, input) {
        heard.push(input);
        order.push(`bot:${input.name}`);
        return { actions: await script(input), session: conversation.session };
      },
    };
    const publisher = recordingPublisher();
    const service = createConversationService({ store, clock, botRunner, publisher, log: () => undefined });
    services.push(service);
    const requests = createVisitorRequests({ store, clock, service, publicUrl: () => PUBLIC_URL, ...opts });
    return { requests, service, heard, order, publisher, clock };
  }

  async function visitor(of = botId): Promise<VisitorPrincipal> {
    return { botId: of, visitorId: await addVisitor(store, of) };
  }

  async function conversationOf(p: VisitorPrincipal, at = T0): Promise<Conversation> {
    return addConversation(store, { botId: p.botId, visitorId: p.visitorId, at });
  }

  const messagesOf = (id: string) => store.conversations.messages(id, { limit: 100 });
  const send = (packet: VisitorEvent, extra: { clientId?: string; replyTo?: string } = {}) => ({ clientId: extra.clientId ?? randomUUID(), packet, ...(extra.replyTo ? { replyTo: extra.replyTo } : {}) });
  const text = (body: string) => ({ name: 'message', payload: { body } }) as const;

  describe('open', () => {
    it('starts a conversation for a visitor with none; a quick bot’s greeting comes with it', async () => {
      const { requests, heard } = harness((input) => (input.name === 'start' ? [say('Welcome')] : []));
      const p = await visitor();
      const snapshot = await requests.open(p, {});
      expect(snapshot.conversation).toMatchObject({ status: 'open', lastSeq: 1, createdAt: T0 });
      expect(snapshot.messages.map((m) => m.packet)).toEqual([say('Welcome')]);
      expect(heard).toEqual([{ name: 'start', payload: {} }]);
      expect((await store.conversations.find(snapshot.conversation.id))!.visitorId).toBe(p.visitorId);
    });

    it('lets the caller join before the bot first speaks', async () => {
      const { requests, order } = harness(() => [say('Welcome')]);
      const snapshot = await requests.open(await visitor(), {}, async (id) => void order.push(`join:${id}`));
      expect(order[0]).toBe(`join:${snapshot.conversation.id}`);
      expect(order.indexOf('bot:start')).toBeGreaterThan(0);
    });

    it('answers without waiting longer than startWaitMs for a slow bot; the greeting is stored later', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { requests, service } = harness(async () => {
        await gate;
        return [say('Sorry, slow today')];
      }, { startWaitMs: 20 });
      const snapshot = await requests.open(await visitor(), {});
      expect(snapshot.messages).toEqual([]);
      release();
      await service.idle();
      expect((await messagesOf(snapshot.conversation.id)).map((m) => m.packet)).toEqual([say('Sorry, slow today')]);
    });

    it('reopens the visitor’s latest open conversation with its history, and the bot is not asked', async () => {
      const { requests, heard } = harness(() => [say('Welcome')]);
      const p = await visitor();
      await conversationOf(p, minutesAfter(-60));
      const latest = await conversationOf(p, minutesAfter(-30));
      const ended = await conversationOf(p, minutesAfter(-10));
      await store.conversations.end(ended.id, minutesAfter(-5));
      await store.conversations.append(latest.id, [{ author: 'bot', packet: say('Earlier') }], minutesAfter(-29));
      const snapshot = await requests.open(p, {});
      expect(snapshot.conversation.id).toBe(latest.id);
      expect(snapshot.messages.map((m) => m.packet)).toEqual([say('Earlier')]);
      expect(heard).toEqual([]);
    });

    it('starts a fresh conversation when asked, even with one open', async () => {
      const { requests, clock } = harness();
      const p = await visitor();
      const open = await conversationOf(p);
      // Later than the open one: "latest" is by creation time, and a tie would be decided by ids.
      clock.advance(1_000);
      const snapshot = await requests.open(p, { fresh: true });
      expect(snapshot.conversation.id).not.toBe(open.id);
      expect((await store.conversations.latestOpenOfVisitor(p.visitorId))!.id).toBe(snapshot.conversation.id);
    });

    it('reopens a named conversation with the messages after `after`', async () => {
      const { requests } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      await store.conversations.append(c.id, [{ author: 'bot', packet: say('one') }, { author: 'bot', packet: say('two') }, { author: 'bot', packet: say('three') }], T0);
      const snapshot = await requests.open(p, { conversationId: c.id, after: 1 });
      expect(snapshot.messages.map((m) => m.seq)).toEqual([2, 3]);
    });

    it.each([
      ['another visitor’s conversation', async () => (await conversationOf(await visitor())).id, (p: VisitorPrincipal) => p],
      ['the visitor’s own, asked for under another bot', async (p: VisitorPrincipal) => (await conversationOf(p)).id, (p: VisitorPrincipal) => ({ ...p, botId: otherBotId })],
      ['a conversation that does not exist', async () => 'no-such-conversation', (p: VisitorPrincipal) => p],
    ])('answers %s as not_found', async (_case, idFor, asWho) => {
      const { requests } = harness();
      const p = await visitor();
      const id = await idFor(p);
      await expect(requests.open(asWho(p), { conversationId: id })).rejects.toMatchObject({ code: 'not_found', message: 'no such conversation' });
    });
  });

  describe('visitorEvent', () => {
    it('stores the trimmed message and lets the bot answer it', async () => {
      const { requests, service, heard } = harness(() => [say('Got it')]);
      const p = await visitor();
      const c = await conversationOf(p);
      const stored = await requests.visitorEvent(p, { conversationId: c.id, ...send(text('  hello  '), { clientId: 'c-1' }) });
      expect(stored).toMatchObject({ author: 'visitor', clientId: 'c-1', seq: 1, packet: text('hello') });
      await service.idle();
      expect(heard).toEqual([text('hello')]);
      expect((await messagesOf(c.id)).map((m) => m.packet)).toEqual([text('hello'), say('Got it')]);
    });

    it('is idempotent by clientId: a resend is the same message, and the bot hears it once', async () => {
      const { requests, service, heard } = harness(() => [say('Got it')]);
      const p = await visitor();
      const c = await conversationOf(p);
      const first = await requests.visitorEvent(p, { conversationId: c.id, ...send(text('hello'), { clientId: 'same' }) });
      const second = await requests.visitorEvent(p, { conversationId: c.id, ...send(text('hello'), { clientId: 'same' }) });
      await service.idle();
      expect(second.id).toBe(first.id);
      expect(heard).toHaveLength(1);
      expect(await messagesOf(c.id)).toHaveLength(2);
    });

    it.each([
      ['an empty message', '', 'empty_message', 'body: the message is empty'],
      ['a message of spaces', '   ', 'empty_message', 'body: the message is empty'],
      ['a message that is too long', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), 'message_too_long', `body: a message has at most ${MAX_MESSAGE_LENGTH} characters`],
    ])('refuses %s and stores nothing', async (_case, body, code, message) => {
      const { requests, heard } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      await expect(requests.visitorEvent(p, { conversationId: c.id, ...send(text(body)) }, 'body')).rejects.toMatchObject({ code, message });
      expect(await messagesOf(c.id)).toEqual([]);
      expect(heard).toEqual([]);
    });

    it('refuses an event in an ended conversation', async () => {
      const { requests } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      await store.conversations.end(c.id, T0);
      await expect(requests.visitorEvent(p, { conversationId: c.id, ...send(text('hello?')) })).rejects.toMatchObject({ code: 'conversation_ended' });
    });

    it('answers an event in someone else’s conversation as not_found', async () => {
      const { requests } = harness();
      const other = await conversationOf(await visitor());
      await expect(requests.visitorEvent(await visitor(), { conversationId: other.id, ...send(text('hi')) })).rejects.toMatchObject({ code: 'not_found' });
      expect(await messagesOf(other.id)).toEqual([]);
    });

    it('refuses a visitor beyond the rate limit, recording the first refusal once on the thread', async () => {
      const { requests, service } = harness(() => [], { limits: createLimits({ overrides: { 'message.visitor': { points: 3, seconds: 60 } } }) });
      const p = await visitor();
      const c = await conversationOf(p);
      for (const n of [1, 2, 3]) await requests.visitorEvent(p, { conversationId: c.id, ...send(text(`message ${n}`)) });
      for (const n of [4, 5]) {
        await expect(requests.visitorEvent(p, { conversationId: c.id, ...send(text(`message ${n}`)) })).rejects.toMatchObject({
          code: 'rate_limited',
          message: expect.stringMatching(/^too many messages: at most 3 a minute for this visitor; try again in \d+ s$/),
          retryAfterMs: expect.any(Number),
        });
      }
      await service.idle();
      expect((await messagesOf(c.id)).map((m) => (m.packet.payload as { body: string }).body)).toEqual(['message 1', 'message 2', 'message 3']);
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail])).toEqual([['EXCEEDED_USAGE_LIMITS', { limitPerMinute: 3 }]]);
    });

    it('counts the rate limit per visitor, not per conversation', async () => {
      const { requests } = harness(() => [], { limits: createLimits({ overrides: { 'message.visitor': { points: 2, seconds: 60 } } }) });
      const p = await visitor();
      const [a, b] = [await conversationOf(p), await conversationOf(p)];
      await requests.visitorEvent(p, { conversationId: a.id, ...send(text('one')) });
      await requests.visitorEvent(p, { conversationId: b.id, ...send(text('two')) });
      await expect(requests.visitorEvent(p, { conversationId: a.id, ...send(text('three')) })).rejects.toMatchObject({ code: 'rate_limited' });
      const someoneElse = await visitor();
      await expect(requests.visitorEvent(someoneElse, { conversationId: (await conversationOf(someoneElse)).id, ...send(text('hi')) })).resolves.toBeDefined();
    });

    it('keeps the bot’s replies in the order of the visitor’s messages, even when the bot is slow', async () => {
      const { requests, service } = harness(async (input) => {
        const body = input.name === 'message' ? input.payload.body : '';
        if (body === 'first') await new Promise((r) => setTimeout(r, 50));
        return [say(`re: ${body}`)];
      });
      const p = await visitor();
      const c = await conversationOf(p);
      await requests.visitorEvent(p, { conversationId: c.id, ...send(text('first')) });
      await requests.visitorEvent(p, { conversationId: c.id, ...send(text('second')) });
      await service.idle();
      expect((await messagesOf(c.id)).map((m) => (m.packet.payload as { body: string }).body)).toEqual(['first', 're: first', 'second', 're: second']);
    });

    describe('a click', () => {
      /** A conversation with an unanswered yes/no choice, a plain bot message and a visitor message. */
      async function setUp() {
        const h = harness();
        const p = await visitor();
        const c = await conversationOf(p);
        const [choice, plain] = await store.conversations.append(c.id, [{ author: 'bot', packet: YES_NO }, { author: 'bot', packet: say('Just text') }], T0);
        const { message: own } = await store.conversations.appendVisitorMessage(c.id, { author: 'visitor', clientId: 'own', packet: text('mine') }, T0);
        const click = (id: string, label: string, replyTo?: string) =>
          h.requests.visitorEvent(p, { conversationId: c.id, ...send({ name: 'click', payload: { value: { id, label } } }, replyTo ? { replyTo } : {}) });
        return { ...h, c, choice: choice!, plain: plain!, own, click };
      }

      const asStored = (m: MessageRecord) => (m.author === 'visitor' ? { packet: m.packet, replyTo: m.replyTo } : undefined);

      it('on an option of an unanswered choice stays a click, with the option’s own label', async () => {
        const { click, choice, service, heard } = await setUp();
        const stored = await click('yes', 'YES!!! (forged label)', choice.id);
        await service.idle();
        expect(asStored(stored)).toEqual({ packet: { name: 'click', payload: { value: { id: 'yes', label: 'Yes' } } }, replyTo: choice.id });
        expect(heard).toEqual([{ name: 'click', payload: { value: { id: 'yes', label: 'Yes' } } }]);
      });

      it.each<[string, (s: Awaited<ReturnType<typeof setUp>>) => Promise<MessageRecord>]>([
        [
          'on a choice already answered',
          async ({ click, choice }) => {
            await click('yes', 'Yes', choice.id);
            return click('no', 'No', choice.id);
          },
        ],
        ['on an option the choice does not have', ({ click, choice }) => click('maybe', 'Maybe', choice.id)],
        ['without the message it answers', ({ click }) => click('no', 'No')],
        ['on a message that offers no choice', ({ click, plain }) => click('no', 'No', plain.id)],
        ['on a visitor’s message', ({ click, own }) => click('no', 'No', own.id)],
        ['on a message that does not exist', ({ click }) => click('no', 'No', randomUUID())],
      ])('%s becomes a message with its label', async (_case, act) => {
        const setup = await setUp();
        const stored = await act(setup);
        await setup.service.idle();
        const label = stored.author === 'visitor' && stored.packet.name === 'message' ? stored.packet.payload.body : undefined;
        expect(asStored(stored)).toEqual({ packet: text(label!), replyTo: undefined });
        expect(['No', 'Maybe']).toContain(label);
        expect(setup.heard.at(-1)).toEqual(text(label!));
      });

      it('that becomes a message follows the message text rule: trimmed, and refused when empty', async () => {
        const { click, service } = await setUp();
        const stored = await click('x', '  Spaced  ');
        await service.idle();
        expect(asStored(stored)).toEqual({ packet: text('Spaced'), replyTo: undefined });
        await expect(click('y', '   ')).rejects.toMatchObject({ code: 'empty_message' });
      });
    });

    describe('a file', () => {
      async function upload(p: VisitorPrincipal, file: string) {
        await store.uploads.create({ id: randomUUID(), botId: p.botId, visitorId: p.visitorId, file, name: 'receipt.png', mime: 'image/png', size: 1234, createdAt: T0 });
        return `${PUBLIC_URL}/uploads/${file}`;
      }
      const media = (link: string) => send({ name: 'media', payload: { link, type: 'file', name: 'evil.exe', size: 1 } });

      it('the visitor uploaded is sent with the stored name, type and size, and reaches the bot so', async () => {
        const { requests, service, heard } = harness();
        const p = await visitor();
        const c = await conversationOf(p);
        const link = await upload(p, `${randomUUID()}.png`);
        const stored = await requests.visitorEvent(p, { conversationId: c.id, ...media(link) });
        const expected = { name: 'media', payload: { link, type: 'image', name: 'receipt.png', size: 1234 } };
        expect(stored.packet).toEqual(expected);
        await service.idle();
        expect(heard.at(-1)).toEqual(expected);
      });

      it('is stored by this server’s spelling of its link', async () => {
        const { requests } = harness();
        const p = await visitor();
        const c = await conversationOf(p);
        const file = `${randomUUID()}.png`;
        await upload(p, file);
        const stored = await requests.visitorEvent(p, { conversationId: c.id, ...media(`HTTPS://CHAT.example.com:443/uploads/${file}`) });
        expect(stored.packet.name === 'media' && stored.packet.payload.link).toBe(`${PUBLIC_URL}/uploads/${file}`);
      });

      it.each([
        ['someone else uploaded', async () => upload(await visitor(), `${randomUUID()}.png`)],
        ['a visitor of another bot uploaded under the same visitor id', async (p: VisitorPrincipal) => {
          const file = `${randomUUID()}.png`;
          await store.uploads.create({ id: randomUUID(), botId: otherBotId, visitorId: p.visitorId, file, name: 'x.png', mime: 'image/png', size: 1, createdAt: T0 });
          return `${PUBLIC_URL}/uploads/${file}`;
        }],
        ['that is no upload', async () => 'https://elsewhere.example.com/cat.png'],
        ['that is not a URL', async () => 'not a url'],
        // Their own upload, by a link that is not this server's: the path alone does not make it one.
        ['of theirs behind javascript:', async (p: VisitorPrincipal) => (await upload(p, `${randomUUID()}.png`)).replace(PUBLIC_URL, 'javascript:')],
        ['of theirs on another host', async (p: VisitorPrincipal) => (await upload(p, `${randomUUID()}.png`)).replace(PUBLIC_URL, 'https://evil.example')],
        ['of theirs over plain http', async (p: VisitorPrincipal) => (await upload(p, `${randomUUID()}.png`)).replace('https:', 'http:')],
        ['of theirs with a query', async (p: VisitorPrincipal) => `${await upload(p, `${randomUUID()}.png`)}?x=1`],
        ['of theirs as a bare path', async (p: VisitorPrincipal) => (await upload(p, `${randomUUID()}.png`)).replace(PUBLIC_URL, '')],
      ])('%s is refused, and nothing is stored or sent to the bot', async (_case, linkFor) => {
        const { requests, service, heard } = harness();
        const p = await visitor();
        const c = await conversationOf(p);
        const link = await linkFor(p);
        await expect(requests.visitorEvent(p, { conversationId: c.id, ...media(link) })).rejects.toMatchObject({
          code: 'bad_request',
          message: 'packet.payload.link: not a file you uploaded (send the link POST /api/widget/uploads answered with)',
        });
        await service.idle();
        expect(await messagesOf(c.id)).toEqual([]);
        expect(heard).toEqual([]);
      });
    });
  });

  describe('the other requests', () => {
    it('selectPersona keeps the persona for the engine and records it', async () => {
      const { requests } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      expect(await requests.selectPersona(p, c.id, 'maya')).toBe('maya');
      expect((await store.conversations.find(c.id))!.session.variables).toEqual({ persona: 'Maya' });
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail])).toEqual([['PERSONA_SELECTED', { personaId: 'maya', name: 'Maya' }]]);
      await expect(requests.selectPersona(p, c.id, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('markRead moves the read mark forward, never back', async () => {
      const { requests } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      expect(await requests.markRead(p, c.id, 5)).toBe(5);
      expect(await requests.markRead(p, c.id, 3)).toBe(5);
    });

    it('identify updates the profile and records a given email on the open conversation', async () => {
      const { requests } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      expect(await requests.identify(p, { name: 'Ada', email: 'ada@example.com' })).toEqual({
        profile: { name: 'Ada', email: 'ada@example.com', verified: false },
        principal: p,
      });
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail])).toEqual([['PROVIDED_EMAIL', { email: 'ada@example.com', by: 'site' }]]);
    });

    it('identify records an email once, however often the site calls it, and again when it changes', async () => {
      const { requests, clock } = harness();
      const p = await visitor();
      const c = await conversationOf(p);
      for (let i = 0; i < 5; i++) await requests.identify(p, { name: 'Ada', email: 'ada@example.com' });
      // A second later: events of the same instant are ordered by their random ids.
      clock.advance(1_000);
      await requests.identify(p, { email: 'ada@work.example' });
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => e.detail)).toEqual([
        { email: 'ada@example.com', by: 'site' },
        { email: 'ada@work.example', by: 'site' },
      ]);
    });

    it.each([
      ['react', (r: ReturnType<typeof harness>['requests'], p: VisitorPrincipal, id: string) => r.react(p, id, 'm-1', 'POSITIVE')],
      ['selectPersona', (r: ReturnType<typeof harness>['requests'], p: VisitorPrincipal, id: string) => r.selectPersona(p, id, 'maya')],
      ['markRead', (r: ReturnType<typeof harness>['requests'], p: VisitorPrincipal, id: string) => r.markRead(p, id, 1)],
    ])('%s answers someone else’s conversation as not_found', async (_case, call) => {
      const { requests } = harness();
      const other = await conversationOf(await visitor());
      await expect(call(requests, await visitor(), other.id)).rejects.toMatchObject({ code: 'not_found', message: 'no such conversation' });
    });
  });
});
