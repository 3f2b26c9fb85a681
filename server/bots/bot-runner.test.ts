import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBot, addConversation, addVisitor, openTestStore, reply, startHttpServer, loopbackOutbound } from '../../test/helpers/unit-fixture.js';
import { parseFlow, type FlowInput } from '../definitions/flow-definition.js';
import type { Bot, Conversation, Store } from '../store/index.js';
import { createBotCache } from './bot-cache.js';
import { builtinBotRunner, type BotInput, type BotRunner } from './bot-runner.js';

const NOW = '2026-01-05T10:00:00.000Z';
const clock = { now: () => new Date(NOW) };
const say = (body: string) => ({ name: 'message', payload: { body, text_format: 'markdown_v1' } });
const message = (body: string): BotInput => ({ name: 'message', payload: { body } });

const apiStep = (name: string, order: number, url: string, more: Record<string, unknown> = {}) => ({
  step_name: name,
  step_order: order,
  message_type: 'api_fetch' as const,
  api_config: { url, ...more },
});

describe('builtinBotRunner', () => {
  let store: Store;
  let close: () => Promise<void>;
  let api: Awaited<ReturnType<typeof startHttpServer>>;
  let bot: Bot;
  let runner: BotRunner;

  beforeAll(async () => {
    ({ store, close } = await openTestStore());
    api = await startHttpServer((req, res) => {
      if (req.path.startsWith('/fail')) return reply(res, 500, { error: 'down' });
      if (req.path.startsWith('/order')) return reply(res, 200, { order: { status: 'shipped' } });
      return reply(res, 200, { ok: true });
    });
    bot = await addBot(store, { transfer_keywords: ['agent'], transfer_message: 'Connecting you…', fallback_message: 'Sorry?' });
    const flows: FlowInput[] = [
      // An api_fetch step that goes back to itself on error: a loop only the runner's bound stops.
      { name: 'Loop', trigger_keywords: ['loop'], steps: [apiStep('call', 1, `${api.origin}/fail`, { on_error: 'goto', error_step: 'call', error_message: 'Trying again' })] },
      // Seven calls in a row, on this server ("/ok" goes through selfUrl).
      {
        name: 'Chain',
        trigger_keywords: ['chain'],
        steps: Array.from({ length: 7 }, (_, i) => ({ ...apiStep(`call-${i + 1}`, i + 1, `/ok?call=${i + 1}`), message: `Call ${i + 1} done` })),
      },
      {
        name: 'Lookup',
        trigger_keywords: ['lookup'],
        completion_message: 'Anything else?',
        steps: [
          apiStep('fetch', 1, `${api.origin}/order`, { response_mapping: { status: 'order.status' } }),
          { step_name: 'tell', step_order: 2, message: 'Your order is {{status}}.', message_type: 'text', input_type: 'none' },
        ],
      },
      { name: 'Broken', trigger_keywords: ['broken'], steps: [apiStep('call', 1, `${api.origin}/fail`, { on_error: 'transfer', error_message: 'That did not work.' })] },
    ];
    for (const flow of flows) await store.flows.create(bot.id, parseFlow(flow), NOW);
    runner = builtinBotRunner({ botCache: createBotCache(store), clock, selfUrl: () => api.origin, outbound: loopbackOutbound });
  });

  afterAll(async () => {
    await api.close();
    await close();
  });

  async function conversation(of: Bot = bot): Promise<Conversation> {
    return addConversation(store, { botId: of.id, visitorId: await addVisitor(store, of.id), at: NOW });
  }

  /** The requests a turn makes. */
  async function requestsOf(run: () => Promise<unknown>): Promise<string[]> {
    const before = api.requests.length;
    await run();
    return api.requests.slice(before).map((r) => r.path);
  }

  it('makes at most 5 api_fetch calls in one turn, even when a flow loops', async () => {
    const c = await conversation();
    let turn!: Awaited<ReturnType<BotRunner['respond']>>;
    const paths = await requestsOf(async () => (turn = await runner.respond(c, message('loop'))));
    expect(paths).toEqual(Array(5).fill('/fail'));
    expect(turn.actions).toEqual(Array(5).fill(say('Trying again')));
    expect(turn.session.flow).toMatchObject({ step: 'call' });
  });

  it('stops a chain of calls after 5, each said in order, the flow waiting at the sixth', async () => {
    const c = await conversation();
    let turn!: Awaited<ReturnType<BotRunner['respond']>>;
    const paths = await requestsOf(async () => (turn = await runner.respond(c, message('chain'))));
    expect(paths).toEqual([1, 2, 3, 4, 5].map((n) => `/ok?call=${n}`));
    expect(turn.actions).toEqual([1, 2, 3, 4, 5].map((n) => say(`Call ${n} done`)));
    expect(turn.session.flow).toMatchObject({ step: 'call-6' });
  });

  it('feeds the response into the flow: mapped variables, then the following steps', async () => {
    const c = await conversation();
    const turn = await runner.respond(c, message('lookup'));
    expect(turn.actions).toEqual([say('Your order is shipped.'), say('Anything else?')]);
    expect(turn.session).toEqual({ variables: { status: 'shipped' }, last_flow_id: expect.any(String) });
    expect(turn).not.toHaveProperty('transfer');
  });

  it('passes on a transfer the engine asks for after a failed call', async () => {
    const c = await conversation();
    const turn = await runner.respond(c, message('broken'));
    expect(turn.transfer).toEqual({ team_id: null, notes: 'API call of flow "Broken" failed: HTTP 500', source: 'flow' });
    expect(turn.actions).toEqual([say('That did not work.'), say('Connecting you…'), { name: 'forward_any', payload: {} }]);
    expect(turn.session.handover).toBe(true);
  });

  it('passes on a transfer keyword’s transfer, with no call made', async () => {
    const c = await conversation();
    let turn!: Awaited<ReturnType<BotRunner['respond']>>;
    expect(await requestsOf(async () => (turn = await runner.respond(c, message('I want an agent please'))))).toEqual([]);
    expect(turn.transfer).toEqual({ team_id: null, notes: 'Visitor asked for a person: "I want an agent please"', source: 'transfer_keyword' });
    expect(turn.session).toEqual({ variables: {}, handover: true });
  });

  it('answers forward_failed with nothing: the engine never asks for feedback', async () => {
    const c = await conversation();
    const turn = await runner.respond(c, { name: 'forward_failed', payload: {} });
    expect(turn).toEqual({ actions: [], session: c.session });
    expect(turn.session).toBe(c.session);
  });

  it('answers a conversation of an unknown bot with nothing', async () => {
    const c = { id: 'c-ghost', botId: 'no-such-bot', session: { variables: {} } } as Conversation;
    expect(await runner.respond(c, message('hello'))).toEqual({ actions: [], session: c.session });
  });

  it('answers at once what its configuration alone answers with messages, and declines a call, a flow’s new session, a transfer and forward_failed', async () => {
    const c = await conversation();
    expect(await runner.respondAtOnce!(c, message('anything'))).toEqual({ actions: [say('Sorry?')], session: c.session });
    expect(await requestsOf(async () => expect(await runner.respondAtOnce!(c, message('lookup'))).toBeUndefined())).toEqual([]);
    expect(await runner.respondAtOnce!(c, message('I want an agent please'))).toBeUndefined();
    expect(await runner.respondAtOnce!(c, { name: 'forward_failed', payload: {} })).toBeUndefined();
    expect(await runner.respondAtOnce!({ id: 'c-ghost', botId: 'no-such-bot', session: { variables: {} } } as Conversation, message('hello'))).toBeUndefined();
  });

  it('runs the engine on the conversation’s session and returns the next one', async () => {
    const c = await conversation();
    const first = await runner.respond(c, message('anything'));
    expect(first).toEqual({ actions: [say('Sorry?')], session: { variables: {} } });
    const handedOver = await runner.respond({ ...c, session: { variables: {}, handover: true } }, message('anything'));
    expect(handedOver.actions).toEqual([]);
  });
});
