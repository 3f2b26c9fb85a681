import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBot, addConversation, addVisitor, openTestStore } from '../../test/helpers/unit-fixture.js';
import type { SettingsUpdate } from '../definitions/bot-definition.js';
import type { Session } from '../engine/types.js';
import type { Presence } from '../lib/presence.js';
import { findProjectRoot } from '../lib/project-root.js';
import type { Bot, Conversation, Store } from '../store/index.js';
import { ensureBotFromFile } from './bot-file.js';
import { createBotCache } from './bot-cache.js';
import { botRouter, peopleTakeOver } from './bot-router.js';
import type { BotInput, BotRunner, BotTurn } from './bot-runner.js';

// 2026-01-05 is a Monday: the default business hours are Monday to Friday, 09:00–17:00 UTC.
const MONDAY_MORNING = '2026-01-05T10:00:00.000Z';
const MONDAY_EVENING = '2026-01-05T20:00:00.000Z';
const SATURDAY_MORNING = '2026-01-10T10:00:00.000Z';
const minutesBefore = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

const WEBHOOK = { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/never-called' } as const;
const SERVICE_TIME = 'Service time: people take conversations during business hours.';
const BACKUP = 'Backup mode: an agent is available.';
const slotsInUse = (n: number) => `All ${n} chat slots of the bot are in use.`;

function fakePresence(available: boolean) {
  const asked: string[] = [];
  const presence: Presence = {
    agentsOnline: async () => available,
    agentsAvailable: async (botId) => {
      asked.push(botId);
      return available;
    },
  };
  return { presence, asked };
}

function fakeRunner(name: string) {
  const calls: Array<{ conversationId: string; input: BotInput }> = [];
  const runner: BotRunner = {
    async respond(conversation, input): Promise<BotTurn> {
      calls.push({ conversationId: conversation.id, input });
      return { actions: [{ name: 'message', payload: { body: `from ${name}` } }], session: conversation.session };
    },
    async respondAtOnce(conversation, input) {
      return runner.respond(conversation, input);
    },
  };
  return { runner, calls };
}

describe('bot routing', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
  });
  afterAll(() => close());

  /** A webhook bot with `open` open conversations the bot serves, all active at `at`. */
  async function webhookBot(settings: SettingsUpdate, open: number, at: string): Promise<Bot> {
    const bot = await addBot(store, { ...WEBHOOK, ...settings });
    const visitorId = await addVisitor(store, bot.id);
    for (let i = 0; i < open; i++) await addConversation(store, { botId: bot.id, visitorId, at });
    return bot;
  }

  describe('peopleTakeOver', () => {
    it.each<[string, SettingsUpdate, string, boolean, number, string | undefined]>([
      // mode and settings, clock, agents available, open conversations (the new one included), expected
      ['firewall: the bot, even in business hours with agents and every slot taken', { behavior_mode: 'firewall', business_hours_enabled: true, chat_slots: 1 }, MONDAY_MORNING, true, 3, undefined],
      ['service_time in business hours: people', { behavior_mode: 'service_time', business_hours_enabled: true }, MONDAY_MORNING, false, 1, SERVICE_TIME],
      ['service_time in the evening: the bot', { behavior_mode: 'service_time', business_hours_enabled: true }, MONDAY_EVENING, true, 1, undefined],
      ['service_time on a Saturday: the bot', { behavior_mode: 'service_time', business_hours_enabled: true }, SATURDAY_MORNING, false, 1, undefined],
      ['service_time with business hours off: the bot', { behavior_mode: 'service_time', business_hours_enabled: false }, MONDAY_MORNING, false, 1, undefined],
      ['service_time out of hours with every slot taken: people', { behavior_mode: 'service_time', business_hours_enabled: true, chat_slots: 1 }, MONDAY_EVENING, false, 2, slotsInUse(1)],
      ['backup with an agent available: people', { behavior_mode: 'backup' }, MONDAY_MORNING, true, 1, BACKUP],
      ['backup with no agent: the bot', { behavior_mode: 'backup' }, MONDAY_MORNING, false, 1, undefined],
      ['backup with no agent and every slot taken: people', { behavior_mode: 'backup', chat_slots: 2 }, MONDAY_MORNING, false, 3, slotsInUse(2)],
      ['human with its slots just filled by the new one: the bot', { behavior_mode: 'human', chat_slots: 2 }, MONDAY_MORNING, true, 2, undefined],
      ['human with one more than its slots: people', { behavior_mode: 'human', chat_slots: 2 }, MONDAY_MORNING, true, 3, slotsInUse(2)],
    ])('%s', async (_case, settings, now, agents, open, expected) => {
      const bot = await webhookBot(settings, open, now);
      const { presence } = fakePresence(agents);
      expect(await peopleTakeOver({ store, clock: { now: () => new Date(now) }, presence }, bot)).toBe(expected);
    });

    it('asks presence about this bot in backup mode only', async () => {
      const backup = await webhookBot({ behavior_mode: 'backup' }, 1, MONDAY_MORNING);
      const human = await webhookBot({ behavior_mode: 'human' }, 1, MONDAY_MORNING);
      const { presence, asked } = fakePresence(false);
      const clock = { now: () => new Date(MONDAY_MORNING) };
      await peopleTakeOver({ store, clock, presence }, backup);
      await peopleTakeOver({ store, clock, presence }, human);
      expect(asked).toEqual([backup.id]);
    });

    // One slot; the conversation being started holds it. Does the other conversation take a second?
    it.each<[string, SettingsUpdate['conversation_timeout'], (bot: Bot, visitorId: string) => Promise<unknown>, boolean]>([
      ['one active now', null, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: MONDAY_MORNING }), true],
      ['one active 59 minutes ago', null, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: minutesBefore(MONDAY_MORNING, 59) }), true],
      ['one active exactly an hour ago', null, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: minutesBefore(MONDAY_MORNING, 60) }), true],
      ['one idle for 61 minutes', null, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: minutesBefore(MONDAY_MORNING, 61) }), false],
      ['one active 9 minutes ago, with a 10-minute timeout', { seconds: 600, action: 'end' }, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: minutesBefore(MONDAY_MORNING, 9) }), true],
      ['one idle for 11 minutes, with a 10-minute timeout', { seconds: 600, action: 'end' }, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: minutesBefore(MONDAY_MORNING, 11) }), false],
      [
        'one that ended',
        null,
        async (bot, v) => {
          const c = await addConversation(store, { botId: bot.id, visitorId: v, at: MONDAY_MORNING });
          await store.conversations.end(c.id, MONDAY_MORNING);
        },
        false,
      ],
      ['one handed to people', null, (bot, v) => addConversation(store, { botId: bot.id, visitorId: v, at: MONDAY_MORNING, session: { variables: {}, handover: true } }), false],
      [
        'one of another bot',
        null,
        async () => {
          const other = await addBot(store, WEBHOOK);
          await addConversation(store, { botId: other.id, visitorId: await addVisitor(store, other.id), at: MONDAY_MORNING });
        },
        false,
      ],
    ])('counts chat slots: %s', async (_case, conversation_timeout, addOther, takesSlot) => {
      const bot = await webhookBot({ behavior_mode: 'human', chat_slots: 1, conversation_timeout }, 1, MONDAY_MORNING);
      await addOther(bot, await addVisitor(store, bot.id));
      const reason = await peopleTakeOver({ store, clock: { now: () => new Date(MONDAY_MORNING) }, presence: fakePresence(false).presence }, bot);
      expect(reason).toBe(takesSlot ? slotsInUse(1) : undefined);
    });
  });

  describe('botRouter', () => {
    function router(presence: Presence) {
      const builtin = fakeRunner('builtin');
      const webhook = fakeRunner('webhook');
      const respond = botRouter({ store, botCache: createBotCache(store), clock: { now: () => new Date(MONDAY_MORNING) }, presence, builtin: builtin.runner, webhook: webhook.runner });
      return { respond: respond.respond, respondAtOnce: respond.respondAtOnce!, builtin: builtin.calls, webhook: webhook.calls };
    }

    async function conversationOf(bot: Bot, session: Session = { variables: {} }): Promise<Conversation> {
      return addConversation(store, { botId: bot.id, visitorId: await addVisitor(store, bot.id), at: MONDAY_MORNING, session });
    }

    const start: BotInput = { name: 'start', payload: {} };
    const hello: BotInput = { name: 'message', payload: { body: 'hello' } };

    it('sends a built-in bot’s conversations (the demo bot) to the built-in runner', async () => {
      const { key } = await ensureBotFromFile(store, join(findProjectRoot(), 'demo/bot.json'), 'demo-admin-token', new Date(MONDAY_MORNING));
      const demo = (await store.bots.findByKey(key))!;
      const conversation = await conversationOf(demo);
      const r = router(fakePresence(true).presence);
      expect((await r.respond(conversation, start)).actions).toEqual([{ name: 'message', payload: { body: 'from builtin' } }]);
      await r.respond(conversation, hello);
      expect(r.builtin).toEqual([
        { conversationId: conversation.id, input: start },
        { conversationId: conversation.id, input: hello },
      ]);
      expect(r.webhook).toEqual([]);
    });

    it('sends a conversation of an unknown bot to the built-in runner (which finds no configuration)', async () => {
      const r = router(fakePresence(false).presence);
      const ghost = { id: 'c-ghost', botId: 'no-such-bot', session: { variables: {} } } as Conversation;
      await r.respond(ghost, hello);
      expect([r.builtin.length, r.webhook.length]).toEqual([1, 0]);
    });

    it('sends a webhook bot’s conversations to the webhook runner when the bot takes them', async () => {
      const bot = await addBot(store, { ...WEBHOOK, behavior_mode: 'backup' });
      const conversation = await conversationOf(bot);
      const r = router(fakePresence(false).presence);
      expect((await r.respond(conversation, start)).actions).toEqual([{ name: 'message', payload: { body: 'from webhook' } }]);
      expect(r.webhook.map((c) => c.input.name)).toEqual(['start']);
      expect(r.builtin).toEqual([]);
    });

    it('asks only the built-in runner for an answer at once: a webhook bot answers in a turn', async () => {
      const r = router(fakePresence(false).presence);
      const builtinBot = await conversationOf(await addBot(store));
      expect((await r.respondAtOnce(builtinBot, hello))?.actions).toEqual([{ name: 'message', payload: { body: 'from builtin' } }]);
      expect(await r.respondAtOnce(await conversationOf(await addBot(store, WEBHOOK)), hello)).toBeUndefined();
      expect([r.builtin.length, r.webhook.length]).toEqual([1, 0]);
    });

    it('forwards a new conversation to people, with the reason as notes, when they take it on start', async () => {
      const bot = await addBot(store, { ...WEBHOOK, behavior_mode: 'backup' });
      const conversation = await conversationOf(bot, { variables: { name: 'Ada' }, flow: { flow_id: 'f', step: 's', retries: 0 } });
      const r = router(fakePresence(true).presence);
      expect(await r.respond(conversation, start)).toEqual({
        actions: [{ name: 'forward_any', payload: {} }],
        session: { variables: { name: 'Ada' }, last_flow_id: 'f', handover: true },
        transfer: { team_id: null, notes: BACKUP, source: 'bot' },
      });
      expect(r.webhook).toEqual([]);
    });

    it('asks whether people take over on start only: later events go to the webhook bot', async () => {
      const bot = await addBot(store, { ...WEBHOOK, behavior_mode: 'backup' });
      const conversation = await conversationOf(bot);
      const { presence, asked } = fakePresence(true);
      const r = router(presence);
      await r.respond(conversation, hello);
      await r.respond(conversation, { name: 'forward_failed', payload: {} });
      expect(r.webhook.map((c) => c.input.name)).toEqual(['message', 'forward_failed']);
      expect(asked).toEqual([]);
    });
  });
});
