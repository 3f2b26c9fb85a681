import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_LENGTH, type BotAction, type MessageRecord } from '../../shared/index.js';
import { addBot, addConversation, addVisitor, openTestStore, recordingPublisher, testClock } from '../../test/helpers/unit-fixture.js';
import { answersAtOnce, type BotInput, type BotRunner, type BotTurn } from '../bots/bot-runner.js';
import { handOverSession } from '../engine/session.js';
import type { Session } from '../engine/types.js';
import type { Conversation, Store } from '../store/index.js';
import { createConversationService, messageBody, type ConversationService } from './conversation-service.js';

const T0 = '2026-01-05T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const say = (body: string): BotAction => ({ name: 'message', payload: { body } });
const delay = (duration: number, typing?: boolean): BotAction => ({ name: 'delay', payload: typing === undefined ? { duration } : { duration, typing } });
const visitorSays = (body: string) => ({ clientId: `client-${body}`, packet: { name: 'message' as const, payload: { body } } });

/** A stored message in short: who, which action, its body when it has one. */
const brief = (m: MessageRecord) => [m.author, m.packet.name, (m.packet.payload as { body?: string }).body].filter((x) => x !== undefined);

type Script = (input: BotInput, conversation: Conversation) => BotTurn | BotAction[] | undefined | Promise<BotTurn | BotAction[] | undefined>;

describe('conversation service', () => {
  let store: Store;
  let close: () => Promise<void>;
  let botId: string;
  const running: ConversationService[] = [];

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
    botId = (await addBot(store)).id;
  });
  afterEach(async () => {
    for (const s of running.splice(0)) {
      await s.idle();
      s.stop();
    }
  });
  afterAll(() => close());

  /** The service with a scripted bot (a list of actions, or a whole turn), a recording publisher and a clock the test moves. */
  /** `atOnce`: the bot also answers at once (as the built-in engine does), `heardAtOnce` what it heard so. */
  function harness(script: Script = () => undefined, opts: { agents?: boolean; store?: Store; atOnce?: boolean } = {}) {
    const clock = testClock(T0);
    const publisher = recordingPublisher();
    const heard: Array<{ conversationId: string; input: BotInput; session: Session }> = [];
    const heardAtOnce: BotInput[] = [];
    const logged: string[] = [];
    const turnOf = async (input: BotInput, conversation: Conversation): Promise<BotTurn> => {
      const out = await script(input, conversation);
      return Array.isArray(out) ? { actions: out, session: conversation.session } : (out ?? { actions: [], session: conversation.session });
    };
    const botRunner: BotRunner = {
      async respond(conversation, input) {
        heard.push({ conversationId: conversation.id, input, session: conversation.session });
        return turnOf(input, conversation);
      },
      ...(opts.atOnce && {
        async respondAtOnce(conversation: Conversation, input: BotInput) {
          heardAtOnce.push(input);
          const turn = await turnOf(input, conversation);
          return answersAtOnce(turn, conversation.session) ? turn : undefined;
        },
      }),
    };
    const service = createConversationService({
      store: opts.store ?? store,
      clock,
      botRunner,
      publisher,
      presence: { agentsAvailable: async () => opts.agents ?? false, agentsOnline: async () => opts.agents ?? false },
      log: (m) => void logged.push(m),
    });
    running.push(service);
    return { service, clock, publisher, heard, heardAtOnce, logged };
  }

  async function conversation(session?: Session): Promise<Conversation> {
    return addConversation(store, { botId, visitorId: await addVisitor(store, botId), at: T0, ...(session ? { session } : {}) });
  }

  const stored = async (c: Conversation) => (await store.conversations.messages(c.id, { limit: 100 })).map(brief);
  const published = (publisher: ReturnType<typeof recordingPublisher>) =>
    publisher.events.map((e) => (e.kind === 'message' ? brief(e.message) : e.kind === 'typing' ? ['typing', e.until] : [e.kind]));

  describe('messageBody', () => {
    it.each<[string, string | undefined, string | { code: string; message: string }]>([
      ['  hello  ', undefined, 'hello'],
      ['x'.repeat(MAX_MESSAGE_LENGTH), undefined, 'x'.repeat(MAX_MESSAGE_LENGTH)],
      ['   ', undefined, { code: 'empty_message', message: 'the message is empty' }],
      ['', 'message', { code: 'empty_message', message: 'message: the message is empty' }],
      ['x'.repeat(MAX_MESSAGE_LENGTH + 1), 'text', { code: 'message_too_long', message: `text: a message has at most ${MAX_MESSAGE_LENGTH} characters` }],
    ])('checks %j (field %s)', (text, field, expected) => {
      if (typeof expected === 'string') expect(messageBody(text, field)).toBe(expected);
      else expect(() => messageBody(text, field)).toThrow(expect.objectContaining(expected));
    });
  });

  describe('a visitor’s event', () => {
    it('is stored and published, then the bot answers after it', async () => {
      const { service, publisher, heard } = harness(() => [say('Hi back')]);
      const c = await conversation();
      const message = await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      expect(message).toMatchObject({ author: 'visitor', seq: 1, clientId: 'client-hi' });
      await service.idle();
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ]);
      expect(published(publisher)).toEqual(await stored(c));
      expect(heard.map((h) => h.input)).toEqual([{ name: 'message', payload: { body: 'hi' } }]);
    });

    it('is stored once per client id: a resend returns the stored message and the bot hears it once', async () => {
      const { service, publisher, heard } = harness(() => [say('Hi back')]);
      const c = await conversation();
      const first = await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await service.idle();
      const again = await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await service.idle();
      expect(again).toEqual(first);
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ]);
      expect(publisher.events).toHaveLength(2);
      expect(heard).toHaveLength(1);
    });

    it('keeps the session the bot returns', async () => {
      const { service } = harness((_input, c) => ({ actions: [], session: { ...c.session, variables: { order: 'A1' } } }));
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('A1'));
      await service.idle();
      expect((await store.conversations.find(c.id))!.session).toEqual({ variables: { order: 'A1' } });
    });

    it('logs a bot turn that fails, and the next event is answered again', async () => {
      let calls = 0;
      const { service, logged } = harness(() => {
        if (++calls === 1) throw new Error('bot exploded');
        return [say('Better now')];
      });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('one'));
      await service.idle();
      await service.receiveVisitorEvent(c.id, visitorSays('two'));
      await service.idle();
      expect(logged).toEqual([`bot turn failed in conversation ${c.id}`]);
      expect((await stored(c)).at(-1)).toEqual(['bot', 'message', 'Better now']);
    });
  });

  /** PostgreSQL gone mid-way, as pg reports it: what storeFailure takes for unavailable. */
  const gone = () => new Error('Connection terminated unexpectedly');

  /** The store, whose first call of `method` commits and then fails, as a COMMIT whose answer was lost. */
  function commitsThenFailsOnce(method: 'append' | 'appendVisitorMessage'): Store {
    const real = store.conversations[method] as (...args: unknown[]) => Promise<unknown>;
    let failed = false;
    const once = async (...args: unknown[]) => {
      const done = await real(...args);
      if (failed) return done;
      failed = true;
      throw gone();
    };
    return { ...store, conversations: { ...store.conversations, [method]: once } };
  }

  /** The store, its append refused (the database gone) whenever `failing()` says so. */
  function appendFailsWhen(failing: () => boolean): Store {
    const append: Store['conversations']['append'] = async (...args) => {
      if (failing()) throw gone();
      return store.conversations.append(...args);
    };
    return { ...store, conversations: { ...store.conversations, append } };
  }

  describe('a reply the bot gives at once', () => {
    afterEach(() => void vi.useRealTimers());

    /** The store, counting its appends and owed turns. */
    function counted() {
      const calls = { append: 0, owed: 0 };
      const counting: Store = {
        ...store,
        conversations: {
          ...store.conversations,
          append: async (...args) => {
            calls.append += 1;
            return store.conversations.append(...args);
          },
          async appendVisitorMessage(...args) {
            if (args[3] && 'input' in args[3]) calls.owed += 1;
            return store.conversations.appendVisitorMessage(...args);
          },
        },
      };
      return { counting, calls };
    }

    it('is stored with the visitor’s message, in the same append and with no turn, and published after it', async () => {
      const { counting, calls } = counted();
      const { service, publisher, heard, heardAtOnce } = harness(() => [say('Hi back'), say('Anything else?')], { store: counting, atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation();
      const message = await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      // Published before the visitor's ack, which comes after this call.
      const answered = [
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
        ['bot', 'message', 'Anything else?'],
      ];
      expect(published(publisher)).toEqual(answered);
      await service.idle();
      expect(message).toMatchObject({ author: 'visitor', seq: 1, clientId: 'client-hi' });
      expect(await stored(c)).toEqual(answered);
      expect(calls).toEqual({ append: 0, owed: 0 });
      expect(await store.botTurns.pending(c.id)).toEqual([]);
      expect(heardAtOnce).toEqual([{ name: 'message', payload: { body: 'hi' } }]);
      expect(heard).toEqual([]);
    });

    it('is not taken before the turns the store owed at start are queued: the bot answers in a turn', async () => {
      const { counting, calls } = counted();
      const { service, heard, heardAtOnce } = harness(() => [say('Hi back')], { store: counting, atOnce: true });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await service.idle();
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ]);
      expect(calls).toEqual({ append: 1, owed: 1 });
      expect([heardAtOnce.length, heard.length]).toEqual([0, 1]);
    });

    it('that holds a delay is dropped: the bot answers in a turn of its own, which delivers the rest when due', async () => {
      const { service, publisher, heard, heardAtOnce, clock } = harness(() => [say('One moment'), delay(1_000, false), say('Found it')], { atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('order?'));
      await service.idle();
      expect([heardAtOnce.length, heard.length]).toEqual([1, 1]);
      clock.advance(1_000);
      await service.deliverDue();
      expect(published(publisher)).toEqual([
        ['visitor', 'message', 'order?'],
        ['bot', 'message', 'One moment'],
        ['typing', null],
        ['bot', 'message', 'Found it'],
      ]);
    });

    it('is not asked for in a conversation handed over to people: the message is stored alone, with no turn', async () => {
      const { counting, calls } = counted();
      const { service, heard, heardAtOnce } = harness(() => [say('Hi back')], { store: counting, atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation(handOverSession({ variables: {} }));
      await service.receiveVisitorEvent(c.id, visitorSays('hello?'));
      await service.idle();
      expect(await stored(c)).toEqual([['visitor', 'message', 'hello?']]);
      expect(calls).toEqual({ append: 0, owed: 0 });
      expect([heardAtOnce.length, heard.length]).toEqual([0, 0]);
    });

    it('committed while the store failed the call, and never sent again: the message and its replies are published on the retry, once', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      const faulty = commitsThenFailsOnce('appendVisitorMessage');
      const { service, publisher, heard, heardAtOnce } = harness(() => [say('Hi back')], { store: faulty, atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation();
      await expect(service.receiveVisitorEvent(c.id, visitorSays('hi'))).rejects.toThrow('Connection terminated');
      expect(published(publisher)).toEqual([]);
      await vi.advanceTimersByTimeAsync(250);
      const answered = [
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ];
      for (let i = 0; i < 500 && published(publisher).length < 2; i++) await new Promise(setImmediate);
      await service.idle();
      expect(published(publisher)).toEqual(answered);
      expect(await stored(c)).toEqual(answered);
      // The reply published is the one stored with the message: no turn ran.
      expect([heardAtOnce.length, heard.length]).toEqual([1, 0]);
      expect(await store.botTurns.pending(c.id)).toEqual([]);
    });

    it('that fails is no failure of the message: it is stored with its turn, and the turn’s failure is logged', async () => {
      const { service, logged, heardAtOnce } = harness(() => {
        throw new Error('bot exploded');
      }, { atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await service.idle();
      expect(await stored(c)).toEqual([['visitor', 'message', 'hi']]);
      expect(heardAtOnce).toHaveLength(1);
      expect(logged).toEqual([`bot turn failed in conversation ${c.id}`]);
    });

    it('waits for a turn queued before it: the bot answers in a turn behind that one, so the replies keep their order', async () => {
      // A turn queued but not run yet, as a forward_failed turn is behind the task that queues it.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let asked = 0;
      const { service, publisher, heardAtOnce } = harness(async (input, c) => {
        const body = (input.payload as { body: string }).body;
        if (body !== 'one') return [say(`re: ${body}`)];
        // Asked at once first, then in its turn, which waits until released.
        if (++asked === 2) await held;
        // A new session: not an answer at once, so 'one' is answered in a turn.
        return { actions: [say('re: one')], session: { ...c.session, variables: { asked: 'one' } } };
      }, { atOnce: true });
      await service.resumeBotTurns();
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('one'));
      await service.receiveVisitorEvent(c.id, visitorSays('two'));
      release();
      await service.idle();
      expect(published(publisher)).toEqual([
        ['visitor', 'message', 'one'],
        ['visitor', 'message', 'two'],
        ['bot', 'message', 're: one'],
        ['bot', 'message', 're: two'],
      ]);
      // 'two' was not asked at once: a turn of the conversation was waiting.
      expect(heardAtOnce.map((input) => (input.payload as { body: string }).body)).toEqual(['one']);
    });
  });

  describe('a store that fails', () => {
    afterEach(() => void vi.useRealTimers());

    it('after committing a visitor’s message: the resend is published and answered, once', async () => {
      const faulty = commitsThenFailsOnce('appendVisitorMessage');
      const { service, heard, publisher } = harness(() => [say('Hi back')], { store: faulty });
      const c = await conversation();
      await expect(service.receiveVisitorEvent(c.id, visitorSays('hi'))).rejects.toThrow('Connection terminated');
      await service.idle();
      expect(heard).toEqual([]);
      expect(published(publisher)).toEqual([]);
      await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await service.idle();
      const answered = [
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ];
      expect(await stored(c)).toEqual(answered);
      expect(published(publisher)).toEqual(answered);
      expect(heard).toHaveLength(1);
    });

    it('after committing a visitor’s message that is never sent again: published and answered on the retry', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      const faulty = commitsThenFailsOnce('appendVisitorMessage');
      const { service, publisher } = harness(() => [say('Hi back')], { store: faulty });
      const c = await conversation();
      await expect(service.receiveVisitorEvent(c.id, visitorSays('hi'))).rejects.toThrow('Connection terminated');
      expect(published(publisher)).toEqual([]);
      // The first retry is due after 250 ms.
      await vi.advanceTimersByTimeAsync(250);
      const answered = [
        ['visitor', 'message', 'hi'],
        ['bot', 'message', 'Hi back'],
      ];
      for (let i = 0; i < 500 && published(publisher).length < 2; i++) await new Promise(setImmediate);
      await service.idle();
      expect(published(publisher)).toEqual(answered);
      expect(await stored(c)).toEqual(answered);
    });

    it('after committing a bot reply: the reply stored is published once, before what comes next', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      const faulty = commitsThenFailsOnce('append');
      const { service, publisher } = harness((input) => [say(`re: ${(input.payload as { body: string }).body}`)], { store: faulty });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('one'));
      await service.idle();
      const botPublished = () => published(publisher).filter(([author]) => author === 'bot');
      // Stored, the turn done with it, but never published: the call failed.
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'one'],
        ['bot', 'message', 're: one'],
      ]);
      expect(botPublished()).toEqual([]);
      await service.receiveVisitorEvent(c.id, visitorSays('two'));
      await service.idle();
      expect(botPublished()).toEqual([
        ['bot', 'message', 're: one'],
        ['bot', 'message', 're: two'],
      ]);
      expect((await stored(c)).filter(([author]) => author === 'bot')).toEqual(botPublished());
    });

    it('in a turn with another queued behind it, which runs through: the failed turn stays owed and runs on its retry', async () => {
      // clearTimeout too: the turn that runs through must not clear the retry's timer.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let failNext = false;
      const faulty = appendFailsWhen(() => {
        const fail = failNext;
        failNext = false;
        return fail;
      });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { service, logged } = harness(async (input) => {
        const body = (input.payload as { body: string }).body;
        if (body === 'one') await held;
        // The turn of 'two' runs through after the failure of the turn of 'one' is handled.
        if (body === 'two') await new Promise(setImmediate);
        return [say(`re: ${body}`)];
      }, { store: faulty });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('one'));
      // The turn of 'one' waits for its bot; the turn of 'two' is queued behind it.
      await service.receiveVisitorEvent(c.id, visitorSays('two'));
      failNext = true;
      release();
      await service.idle();
      expect(logged).toEqual([`bot turn failed in conversation ${c.id}`]);
      expect(await stored(c)).toEqual([['visitor', 'message', 'one'], ['visitor', 'message', 'two'], ['bot', 'message', 're: two']]);
      // The first retry is due after 250 ms: the turn of 'one' is still owed.
      await vi.advanceTimersByTimeAsync(250);
      const done = () => store.botTurns.pending(c.id).then((turns) => turns.length === 0);
      for (let i = 0; i < 500 && !(await done()); i++) await new Promise(setImmediate);
      await service.idle();
      expect((await stored(c)).at(-1)).toEqual(['bot', 'message', 're: one']);
      expect(await store.botTurns.pending(c.id)).toEqual([]);
    });

    it('in a turn: the turn is owed, and runs as soon as the store answers another conversation, not after its backoff', async () => {
      // Only the backoff's timers are fake: they never fire unless the test says so.
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      let down = false;
      const faulty = appendFailsWhen(() => down);
      const { service, logged } = harness((input) => [say(`re: ${(input.payload as { body: string }).body}`)], { store: faulty });
      const [silent, other] = [await conversation(), await conversation()];
      down = true;
      await service.receiveVisitorEvent(silent.id, visitorSays('one'));
      await service.idle();
      expect(logged).toEqual([`bot turn failed in conversation ${silent.id}`]);
      expect(await stored(silent)).toEqual([['visitor', 'message', 'one']]);
      down = false;
      await service.receiveVisitorEvent(other.id, visitorSays('two'));
      // Not vi.waitFor: it would move the fake timers on.
      const answered = [['visitor', 'message', 'one'], ['bot', 'message', 're: one']];
      for (let i = 0; i < 500 && JSON.stringify(await stored(silent)) !== JSON.stringify(answered); i++) await new Promise(setImmediate);
      expect(await stored(silent)).toEqual(answered);
      await service.idle();
      expect(await stored(other)).toEqual([['visitor', 'message', 'two'], ['bot', 'message', 're: two']]);
    });
  });

  describe('bot turns', () => {
    it('are not taken in an ended conversation', async () => {
      const { service, heard } = harness(() => [say('hello?')]);
      const c = await conversation();
      await store.conversations.end(c.id, T0);
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      expect(heard).toEqual([]);
      expect(await stored(c)).toEqual([]);
    });

    it('hand over with the transfer the bot asks for', async () => {
      const { service } = harness((_input, c) => ({
        actions: [say('Connecting you'), { name: 'forward_any', payload: {} }],
        session: handOverSession(c.session),
        transfer: { team_id: null, notes: 'Asked for a person', source: 'transfer_keyword' },
      }));
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'message', payload: { body: 'a person please' } });
      const transfer = await store.transfers.activeForConversation(c.id);
      expect(transfer).toMatchObject({ source: 'transfer_keyword', notes: 'Asked for a person', teamId: null, status: 'active' });
      expect((await store.conversations.find(c.id))!.session.handover).toBe(true);
      expect(await stored(c)).toEqual([
        ['bot', 'message', 'Connecting you'],
        ['bot', 'forward_any'],
      ]);
    });
  });

  describe('hand-over, resume and mode', () => {
    it('handOver shows the forward, queues a transfer and silences the bot', async () => {
      const { service, publisher } = harness();
      const c = await conversation({ variables: { name: 'Ada' }, flow: { flow_id: 'f', step: 's', retries: 0 } });
      const { transfer } = await service.handOver(c, { team_id: 'sales', notes: 'VIP', source: 'manual' });
      expect(transfer).toMatchObject({ conversationId: c.id, teamId: 'sales', notes: 'VIP', source: 'manual', status: 'active', transferredAt: T0 });
      expect(await stored(c)).toEqual([['bot', 'forward_group']]);
      expect(published(publisher)).toEqual([['bot', 'forward_group']]);
      expect((await store.conversations.find(c.id))!.session).toEqual({ variables: { name: 'Ada' }, last_flow_id: 'f', handover: true });
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail])).toEqual([['CONVERSATION_ESCALATED', { source: 'manual', teamId: 'sales' }]]);
    });

    it('handOver twice, even at once, keeps one transfer and shows one forward', async () => {
      const { service } = harness();
      const c = await conversation();
      const [first, second] = await Promise.all([
        service.handOver(c, { team_id: null, notes: 'one', source: 'manual' }),
        service.handOver(c, { team_id: null, notes: 'two', source: 'manual' }),
      ]);
      expect([first.created, second.created]).toEqual([true, false]);
      expect(second.transfer.id).toBe(first.transfer.id);
      expect(await store.transfers.list(botId, { status: 'active' })).toContainEqual(expect.objectContaining({ id: first.transfer.id }));
      expect((await store.transfers.list(botId, {})).filter((t) => t.conversationId === c.id)).toHaveLength(1);
      expect(await stored(c)).toEqual([['bot', 'forward_any']]);
    });

    it('handOver refuses an ended conversation', async () => {
      const { service } = harness();
      const c = await conversation();
      await service.end(c.id);
      await expect(service.handOver(c, { team_id: null, notes: '', source: 'manual' })).rejects.toMatchObject({ code: 'conversation_ended' });
    });

    it('resumeBot resumes the active transfer and lets the bot speak again', async () => {
      const { service, clock } = harness();
      const c = await conversation({ variables: { name: 'Ada' } });
      const { transfer } = await service.handOver(c, { team_id: null, notes: '', source: 'manual' });
      clock.advance(60_000);
      await service.resumeBot(c.id);
      expect(await store.transfers.get(botId, transfer.id)).toMatchObject({ status: 'resumed', resumedAt: at(60_000) });
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();
      expect((await store.conversations.find(c.id))!.session).toEqual({ variables: { name: 'Ada' } });
    });

    it('setMode AGENT silences the bot without a transfer; AGENT again changes nothing; AI lets it speak', async () => {
      const { service } = harness();
      const c = await conversation();
      expect((await service.setMode(c.id, 'AGENT')).session.handover).toBe(true);
      await service.setMode(c.id, 'AGENT');
      expect((await store.systemEvents.ofConversation(c.id)).map((e) => [e.kind, e.detail])).toEqual([['CONVERSATION_ESCALATED', { source: 'mode' }]]);
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();
      expect((await service.setMode(c.id, 'AI')).session).toEqual({ variables: {} });
    });

    it('setMode AI after a hand-over resumes its transfer', async () => {
      const { service } = harness();
      const c = await conversation();
      const { transfer } = await service.handOver(c, { team_id: null, notes: '', source: 'manual' });
      await service.setMode(c.id, 'AI');
      expect((await store.transfers.get(botId, transfer.id))!.status).toBe('resumed');
    });

    it('setMode refuses an unknown conversation', async () => {
      const { service } = harness();
      await expect(service.setMode('no-such-conversation', 'AGENT')).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('delayed actions', () => {
    it('holds back what follows a delay, showing typing, and delivers it in order when due', async () => {
      const { service, clock, publisher } = harness(() => [say('one'), delay(30_000), say('two'), say('three')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      expect(await stored(c)).toEqual([['bot', 'message', 'one']]);
      expect(published(publisher)).toEqual([['bot', 'message', 'one'], ['typing', at(30_000)]]);

      expect(await service.deliverDue()).toBe(0);
      clock.advance(29_999);
      expect(await service.deliverDue()).toBe(0);
      clock.advance(1);
      expect(await service.deliverDue()).toBe(1);
      expect(await stored(c)).toEqual([
        ['bot', 'message', 'one'],
        ['bot', 'message', 'two'],
        ['bot', 'message', 'three'],
      ]);
      expect(published(publisher).slice(2)).toEqual([['typing', null], ['bot', 'message', 'two'], ['bot', 'message', 'three']]);
      expect(await service.deliverDue()).toBe(0);
    });

    it('shows no typing for a delay with typing false', async () => {
      const { service, publisher } = harness(() => [delay(5_000, false), say('later')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      expect(publisher.events).toEqual([]);
      expect(await stored(c)).toEqual([]);
      await store.scheduledActions.dropForConversation(c.id);
    });

    it('schedules again for a second delay in what was held back', async () => {
      const { service, clock } = harness(() => [say('a'), delay(10_000), say('b'), delay(10_000), say('c')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      clock.advance(10_000);
      expect(await service.deliverDue()).toBe(1);
      expect((await stored(c)).map((m) => m[2])).toEqual(['a', 'b']);
      clock.advance(9_999);
      expect(await service.deliverDue()).toBe(0);
      clock.advance(1);
      expect(await service.deliverDue()).toBe(1);
      expect((await stored(c)).map((m) => m[2])).toEqual(['a', 'b', 'c']);
    });

    it('keeps the turn’s transfer for a forward held back by a delay', async () => {
      const { service, clock } = harness((_input, c) => ({
        actions: [delay(1_000), { name: 'forward_any', payload: {} }],
        session: c.session,
        transfer: { team_id: null, notes: 'From the flow', source: 'flow' },
      }));
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();
      clock.advance(1_000);
      await service.deliverDue();
      expect(await store.transfers.activeForConversation(c.id)).toMatchObject({ notes: 'From the flow', source: 'flow' });
    });

    it('drops what was held back when the conversation ends', async () => {
      const { service, clock } = harness(() => [delay(10_000), say('too late')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      await service.end(c.id);
      clock.advance(10_000);
      expect(await service.deliverDue()).toBe(0);
      expect(await stored(c)).toEqual([['system', 'end']]);
    });
  });

  describe('a forward that asks for feedback', () => {
    const forwardWithFeedback: BotAction = { name: 'forward_any', payload: { on_failure: 'feedback' } };
    const script: Script = (input) => (input.name === 'forward_failed' ? [say('Nobody is free, sorry')] : [say('Let me find someone'), forwardWithFeedback]);

    it('with no agent: is not shown, hands nothing over, and the bot hears forward_failed', async () => {
      const { service, heard } = harness(script, { agents: false });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('a person please'));
      await service.idle();
      expect(heard.map((h) => h.input.name)).toEqual(['message', 'forward_failed']);
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'a person please'],
        ['bot', 'message', 'Let me find someone'],
        ['bot', 'message', 'Nobody is free, sorry'],
      ]);
      expect(await store.transfers.activeForConversation(c.id)).toBeUndefined();
      expect((await store.conversations.find(c.id))!.session.handover).toBeUndefined();
    });

    it('with an agent available: is shown and hands over, and the bot hears nothing more', async () => {
      const { service, heard } = harness(script, { agents: true });
      const c = await conversation();
      await service.receiveVisitorEvent(c.id, visitorSays('a person please'));
      await service.idle();
      expect(heard.map((h) => h.input.name)).toEqual(['message']);
      expect((await stored(c)).slice(1)).toEqual([
        ['bot', 'message', 'Let me find someone'],
        ['bot', 'forward_any'],
      ]);
      expect(await store.transfers.activeForConversation(c.id)).toMatchObject({ source: 'bot' });
    });
  });

  describe('end', () => {
    it('shows the end, ends the conversation and publishes its new state', async () => {
      const { service, publisher, clock } = harness();
      const c = await conversation();
      clock.advance(5_000);
      await service.end(c.id);
      const ended = (await store.conversations.find(c.id))!;
      expect([ended.status, ended.meta.endedAt]).toEqual(['ended', at(5_000)]);
      expect(published(publisher)).toEqual([['system', 'end'], ['conversation']]);
      expect(publisher.events[1]).toMatchObject({ kind: 'conversation', conversationId: c.id, status: 'ended' });
    });
  });

  describe('startFromApi', () => {
    it('starts an API conversation with the variables; the first message is stored and the bot’s start carries it', async () => {
      const { service, heard } = harness(() => [say('Welcome')]);
      const visitorId = await addVisitor(store, botId);
      const { conversation: c, firstMessage } = await service.startFromApi({ botId, visitorId, variables: { plan: 'pro' }, firstMessage: '  Where is my order?  ' });
      await service.idle();
      expect([c.channel, c.session]).toEqual(['api', { variables: { plan: 'pro' } }]);
      expect(firstMessage).toMatchObject({ author: 'visitor', seq: 1, packet: { name: 'message', payload: { body: 'Where is my order?' } } });
      expect(heard.map((h) => h.input)).toEqual([{ name: 'start', payload: { body: 'Where is my order?' } }]);
      expect(await stored(c)).toEqual([
        ['visitor', 'message', 'Where is my order?'],
        ['bot', 'message', 'Welcome'],
      ]);
    });

    it('starts without a message like a widget conversation: the bot hears start, stored with the conversation', async () => {
      // The bot answers only when let: until then the start turn is owed, stored with the conversation.
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const { service, heard } = harness(async () => (await answered, [say('Welcome')]));
      const { conversation: c, firstMessage, started } = await service.startFromApi({ botId, visitorId: await addVisitor(store, botId), id: 'api-conversation-1' });
      expect(await store.botTurns.pending(c.id)).toHaveLength(1); // a restart still greets
      answer();
      await started;
      expect([c.id, firstMessage, heard.map((h) => h.input)]).toEqual(['api-conversation-1', undefined, [{ name: 'start', payload: {} }]]);
      expect((await store.conversations.messages(c.id, { limit: 10 })).map((m) => m.packet.name === 'message' && m.packet.payload.body)).toEqual(['Welcome']);
      expect(await store.botTurns.pending(c.id)).toEqual([]);
    });

    it('starts in AGENT mode with the bot silent', async () => {
      const { service } = harness();
      const { conversation: c } = await service.startFromApi({ botId, visitorId: await addVisitor(store, botId), mode: 'AGENT' });
      expect((await store.conversations.find(c.id))!.session).toEqual({ variables: {}, handover: true });
    });

    it('refuses an empty first message before creating anything', async () => {
      const { service } = harness();
      const before = (await store.conversations.pageOfBot(botId, { limit: 1, offset: 0 })).total;
      await expect(service.startFromApi({ botId, visitorId: await addVisitor(store, botId), firstMessage: ' ', field: 'message' })).rejects.toMatchObject({
        code: 'empty_message',
        message: 'message: the message is empty',
      });
      expect((await store.conversations.pageOfBot(botId, { limit: 1, offset: 0 })).total).toBe(before);
    });
  });

  describe('agentMessage', () => {
    it('stores and publishes a person’s message without asking the bot', async () => {
      const { service, publisher, heard } = harness(() => [say('should not speak')]);
      const c = await conversation();
      const m = await service.agentMessage(c.id, ' On it! ');
      await service.idle();
      expect(m).toMatchObject({ author: 'agent', packet: { name: 'message', payload: { body: 'On it!', text_format: 'markdown_v1' } } });
      expect(published(publisher)).toEqual([['agent', 'message', 'On it!']]);
      expect(heard).toEqual([]);
    });

    it.each([
      ['an ended conversation', 'ended', 'conversation_ended'],
      ['an unknown conversation', 'unknown', 'not_found'],
    ])('refuses %s', async (_case, kind, code) => {
      const { service } = harness();
      const c = await conversation();
      if (kind === 'ended') await store.conversations.end(c.id, T0);
      await expect(service.agentMessage(kind === 'unknown' ? 'no-such-conversation' : c.id, 'hello')).rejects.toMatchObject({ code });
    });
  });

  describe('react', () => {
    it('sets a reaction on a bot message and publishes the change', async () => {
      const { service, publisher } = harness(() => [say('Helpful?')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      const [botMessage] = await store.conversations.messages(c.id, { limit: 1 });
      const updated = await service.react(c.id, botMessage!.id, 'POSITIVE');
      expect(updated).toMatchObject({ id: botMessage!.id, reaction: 'POSITIVE' });
      expect(publisher.events.at(-1)).toEqual({ kind: 'messageUpdate', conversationId: c.id, message: updated });
    });

    it('takes the same reaction again as a no-op: nothing published', async () => {
      const { service, publisher } = harness(() => [say('Helpful?')]);
      const c = await conversation();
      await service.queueBotTurn(c.id, { name: 'start', payload: {} });
      const [botMessage] = await store.conversations.messages(c.id, { limit: 1 });
      await service.react(c.id, botMessage!.id, 'POSITIVE');
      const updates = () => publisher.events.filter((e) => e.kind === 'messageUpdate').length;
      const after = updates();
      for (let i = 0; i < 5; i++) expect(await service.react(c.id, botMessage!.id, 'POSITIVE')).toMatchObject({ reaction: 'POSITIVE' });
      expect(updates()).toBe(after);
      await service.react(c.id, botMessage!.id, 'NEUTRAL');
      expect(updates()).toBe(after + 1);
    });

    it.each([
      ['a visitor’s message', 'visitor', 'bad_request'],
      ['an unknown message', 'unknown', 'not_found'],
    ])('refuses a reaction on %s', async (_case, kind, code) => {
      const { service } = harness();
      const c = await conversation();
      const m = await service.receiveVisitorEvent(c.id, visitorSays('hi'));
      await expect(service.react(c.id, kind === 'unknown' ? 'no-such-message' : m.id, 'NEGATIVE')).rejects.toMatchObject({ code });
    });
  });
});
