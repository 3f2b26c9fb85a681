import { describe, expect, it } from 'vitest';
import type { BotAction } from '../../shared/index.js';
import { forwardsAskingFeedback, needOf, planDelivery, type DeliveryStep } from './delivery-plan.js';

const say = (body: string): BotAction => ({ name: 'message', payload: { body } });
const note = (body: string): BotAction => ({ name: 'note_create', payload: { body } });
const delay = (duration: number, typing?: boolean): BotAction => ({ name: 'delay', payload: typing === undefined ? { duration } : { duration, typing } });
const forwardAny = (feedback = false): BotAction => ({ name: 'forward_any', payload: feedback ? { on_failure: 'feedback' } : {} });
const end: BotAction = { name: 'end', payload: {} };
const abort: BotAction = { name: 'abort', payload: {} };
const bot = { author: 'bot' as const };
const noAgents = { agentsAvailable: () => false };

/** The steps in short: publish lists the bodies (or names) of its drafts. */
function brief(steps: DeliveryStep[]) {
  return steps.map((s) => {
    switch (s.kind) {
      case 'publish':
        return ['publish', s.drafts.map((d) => ('body' in d.packet.payload ? d.packet.payload.body : d.packet.name))];
      case 'apply':
        return ['apply', s.action.name];
      case 'handOver':
        return ['handOver', s.request];
      case 'tellBot':
        return ['tellBot', s.event];
      case 'wait':
        return ['wait', s.delayMs, s.typing, s.rest.length];
      case 'end':
        return ['end'];
    }
  });
}

describe('planDelivery', () => {
  it.each<[string, BotAction[], unknown[]]>([
    ['nothing to do for no actions', [], []],
    ['visible actions are stored in one batch', [say('a'), say('b')], [['publish', ['a', 'b']]]],
    [
      'internal actions are applied where they stand, the visible ones still in one batch',
      [say('a'), { name: 'contact_update', payload: { name: 'Ada' } }, say('b')],
      [['apply', 'contact_update'], ['publish', ['a', 'b']]],
    ],
    ['a delay holds back the rest, with typing by default', [say('a'), delay(500), say('b'), end], [['publish', ['a']], ['wait', 500, true, 2]]],
    ['a delay without typing says so', [delay(300, false), say('b')], [['wait', 300, false, 1]]],
    ['a delay at the end holds back nothing', [say('a'), delay(300)], [['publish', ['a']], ['wait', 300, true, 0]]],
    ['end stops everything after it', [say('bye'), end, say('never')], [['publish', ['bye', 'end']], ['end']]],
    [
      'a forward is shown, then hands over with the notes of the last note_create',
      [note('first'), note('VIP'), say('one moment'), forwardAny()],
      [['apply', 'note_create'], ['apply', 'note_create'], ['publish', ['one moment', 'forward_any']], ['handOver', { team_id: null, notes: 'VIP', source: 'bot' }]],
    ],
    [
      'a feedback forward without agents tells the bot and shows nothing of it',
      [say('let me check'), forwardAny(true), say('still here')],
      [['publish', ['let me check']], ['tellBot', 'forward_failed'], ['publish', ['still here']]],
    ],
    [
      'an abort is shown and hands over to the general queue',
      [abort],
      [['publish', ['abort']], ['handOver', { team_id: null, notes: 'The bot stepped out of the conversation.', source: 'bot_abort' }]],
    ],
    [
      'nothing after an abort is delivered: the bot has stepped out',
      [say('bye'), abort, say('never'), { name: 'contact_update', payload: { name: 'never' } }],
      [['publish', ['bye', 'abort']], ['handOver', { team_id: null, notes: 'The bot stepped out of the conversation.', source: 'bot_abort' }]],
    ],
    [
      'nothing after a forward is delivered: the bot session ends with it',
      [forwardAny(), say('never'), end],
      [['publish', ['forward_any']], ['handOver', { team_id: null, notes: '', source: 'bot' }]],
    ],
  ])('%s', (_name, actions, expected) => {
    expect(brief(planDelivery(actions, bot, noAgents))).toEqual(expected);
  });

  it('a feedback forward with an agent available hands over like any forward', () => {
    expect(brief(planDelivery([forwardAny(true)], bot, { agentsAvailable: () => true }))).toEqual([
      ['publish', ['forward_any']],
      ['handOver', { team_id: null, notes: '', source: 'bot' }],
    ]);
  });

  it('forwards to a group or by skills: the team and the skills go into the transfer', () => {
    const group = planDelivery([{ name: 'forward_group', payload: { group_id: 'sales' } }], bot, noAgents);
    const skills = planDelivery([{ name: 'forward_skills', payload: { skills: ['billing', 'german'] } }], bot, noAgents);
    expect([...group, ...skills].filter((s) => s.kind === 'handOver').map((s) => s.request)).toEqual([
      { team_id: 'sales', notes: '', source: 'bot' },
      { team_id: null, notes: 'Skills needed: billing, german', source: 'bot' },
    ]);
  });

  it('each feedback forward is asked about on its own: a failed one tells the bot, the next one hands over', () => {
    const sales: BotAction = { name: 'forward_group', payload: { group_id: 'sales', on_failure: 'feedback' } };
    const any = forwardAny(true);
    const steps = planDelivery([sales, any], bot, { agentsAvailable: (f) => f === any });
    expect(brief(steps)).toEqual([
      ['tellBot', 'forward_failed'],
      ['publish', ['forward_any']],
      ['handOver', { team_id: null, notes: '', source: 'bot' }],
    ]);
  });

  it("the engine's transfer request gives the forward its team, notes and source", () => {
    const ctx = { author: 'bot' as const, transfer: { team_id: 'support', notes: 'Asked for a person', source: 'transfer_keyword' as const } };
    const steps = planDelivery([note('ignored'), forwardAny()], ctx, noAgents);
    expect(steps.at(-1)).toEqual({ kind: 'handOver', request: { team_id: 'support', notes: 'Asked for a person', source: 'transfer_keyword' } });
  });

  it('messages carry the author of the context', () => {
    const [step] = planDelivery([say('hi')], { author: 'agent' }, noAgents);
    expect(step).toEqual({ kind: 'publish', drafts: [{ author: 'agent', packet: say('hi') }] });
  });
});

describe('forwardsAskingFeedback', () => {
  it('lists only the forwards that ask to hear of their failure', () => {
    const group: BotAction = { name: 'forward_group', payload: { group_id: 'x', on_failure: 'feedback' } };
    expect(forwardsAskingFeedback([say('a'), forwardAny()])).toEqual([]);
    expect(forwardsAskingFeedback([say('a'), forwardAny(true), group])).toEqual([forwardAny(true), group]);
  });
});

describe('needOf', () => {
  it('a group forward needs one of the team, a skills forward every skill, forward_any anyone', () => {
    expect(needOf({ name: 'forward_group', payload: { group_id: 'sales' } })).toEqual({ teamId: 'sales' });
    expect(needOf({ name: 'forward_skills', payload: { skills: ['de'] } })).toEqual({ skills: ['de'] });
    expect(needOf({ name: 'forward_any', payload: {} })).toEqual({});
  });
});
