import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBot, addConversation, addVisitor, openTestStore } from '../../test/helpers/unit-fixture.js';
import type { BotSettings, SettingsUpdate } from '../definitions/bot-definition.js';
import type { TransferRequest } from '../engine/types.js';
import type { Bot, Store } from '../store/index.js';
import type { ConversationService } from './conversation-service.js';
import { sweepIdleConversations } from './timeouts.js';

const NOW = '2026-01-05T10:00:00.000Z';
const clock = { now: () => new Date(NOW) };
const secondsBefore = (s: number) => new Date(Date.parse(NOW) - s * 1_000).toISOString();
const WEBHOOK = { bot_type: 'webhook', webhook_url: 'http://127.0.0.1:9/hook' } as const;
const timeout = (action: 'end' | 'unassign' | 'forward', seconds = 600) => ({ seconds, action });

/** Records what the sweep asks of the service, and changes nothing. */
function fakeService() {
  const calls: Array<['end', string] | ['handOver', string, TransferRequest]> = [];
  const service = {
    end: async (conversationId: string) => void calls.push(['end', conversationId]),
    handOver: async (conversation: { id: string }, request: TransferRequest) => void calls.push(['handOver', conversation.id, request]),
  };
  return { service: service as unknown as ConversationService, calls };
}

describe('sweepIdleConversations', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // A store per test: the sweep looks at every bot.
    ({ store, close } = await openTestStore());
  });
  afterEach(() => close());

  async function botWith(settings: SettingsUpdate, raw: Partial<BotSettings> = {}): Promise<Bot> {
    return addBot(store, settings, raw);
  }

  async function conversation(bot: Bot, idleSeconds: number, handover = false) {
    return addConversation(store, { botId: bot.id, visitorId: await addVisitor(store, bot.id), at: secondsBefore(idleSeconds), session: { variables: {}, ...(handover ? { handover: true } : {}) } });
  }

  it.each<['end' | 'unassign' | 'forward', unknown]>([
    ['end', ['end']],
    ['unassign', ['handOver', { team_id: null, notes: "No activity for 600 s: unassigned by the bot's conversation timeout.", source: 'timeout_unassign' }]],
    ['forward', ['handOver', { team_id: null, notes: "No activity for 600 s: forwarded by the bot's conversation timeout.", source: 'timeout_forward' }]],
  ])('acts on an idle conversation as the timeout says: %s', async (action, expected) => {
    const bot = await botWith({ ...WEBHOOK, conversation_timeout: timeout(action) });
    const idle = await conversation(bot, 601);
    const { service, calls } = fakeService();
    expect(await sweepIdleConversations({ store, clock, service })).toBe(1);
    const [kind, ...rest] = expected as [string, ...unknown[]];
    expect(calls).toEqual([[kind, idle.id, ...rest]]);
  });

  it.each([
    ['idle for longer than the timeout', 601, false, true],
    ['idle for the timeout and a millisecond', 600.001, false, true],
    ['idle for exactly the timeout', 600, false, false],
    ['active within the timeout', 599, false, false],
    ['idle but handed to people', 3_600, true, false],
  ])('acts only on bot-served conversations idle past the timeout: %s', async (_case, idleSeconds, handover, acted) => {
    const bot = await botWith({ ...WEBHOOK, conversation_timeout: timeout('end') });
    const c = await conversation(bot, idleSeconds, handover);
    const { service, calls } = fakeService();
    await sweepIdleConversations({ store, clock, service });
    expect(calls).toEqual(acted ? [['end', c.id]] : []);
  });

  it('leaves an ended conversation alone', async () => {
    const bot = await botWith({ ...WEBHOOK, conversation_timeout: timeout('end') });
    const c = await conversation(bot, 3_600);
    await store.conversations.end(c.id, secondsBefore(3_600));
    const { service, calls } = fakeService();
    expect(await sweepIdleConversations({ store, clock, service })).toBe(0);
    expect(calls).toEqual([]);
  });

  it('applies only to webhook bots with a timeout, each with its own', async () => {
    const noTimeout = await botWith(WEBHOOK);
    const builtin = await botWith({ conversation_timeout: timeout('end') });
    const short = await botWith({ ...WEBHOOK, conversation_timeout: timeout('end', 60) });
    const long = await botWith({ ...WEBHOOK, conversation_timeout: timeout('forward', 3_600) });
    await conversation(noTimeout, 86_400);
    await conversation(builtin, 86_400);
    const shortIdle = await conversation(short, 120);
    await conversation(long, 120);
    const longIdle = await conversation(long, 7_200);
    const { service, calls } = fakeService();
    expect(await sweepIdleConversations({ store, clock, service })).toBe(2);
    expect(calls.map(([kind, id]) => [kind, id])).toEqual([
      ['end', shortIdle.id],
      ['handOver', longIdle.id],
    ]);
    expect((calls[1] as ['handOver', string, TransferRequest])[2].notes).toBe("No activity for 3600 s: forwarded by the bot's conversation timeout.");
  });

  it('acts on every idle conversation of a bot in one sweep', async () => {
    const bot = await botWith({ ...WEBHOOK, conversation_timeout: timeout('unassign') });
    const ids = [(await conversation(bot, 700)).id, (await conversation(bot, 800)).id, (await conversation(bot, 900)).id];
    const { service, calls } = fakeService();
    expect(await sweepIdleConversations({ store, clock, service })).toBe(3);
    expect(calls.map(([, id]) => id).sort()).toEqual([...ids].sort());
  });
});
