import { describe, expect, it } from 'vitest';
import { textFallback } from './choices.js';
import { emptySession, runEngine } from './engine.js';
import { BERLIN_MONDAYS, bodies, engineSettings, fixedClock, say, step } from './testing.js';
import type { BotConfig, KeywordRule } from './types.js';

const clock = fixedClock();
const buttons = (...titles: string[]) => titles.map((title, i) => ({ id: `b${i}`, title }));

const settings = engineSettings({ greeting_message: 'Welcome!', greeting_buttons: buttons('Track Order', 'Product Info') });

const orders: KeywordRule = {
  id: 'orders',
  name: 'Orders',
  keywords: ['order'],
  match_type: 'contains',
  response_type: 'text',
  response: 'Your **order** ships soon.',
  priority: 1,
  enabled: true,
  position: 1,
};

const config: BotConfig = { settings, rules: [orders], flows: [] };
const run = (c: BotConfig, input: Parameters<typeof runEngine>[2]) => runEngine(c, emptySession(), input, clock);

describe('runEngine', () => {
  it('greets a new conversation with its buttons as quick replies', () => {
    const { actions } = run(config, { name: 'start', payload: {} });
    expect(actions).toEqual([
      {
        name: 'bubbles',
        payload: {
          body: 'Welcome!',
          fallback: 'Welcome!\n1. Track Order\n2. Product Info',
          options: [
            { id: 'b0', label: 'Track Order' },
            { id: 'b1', label: 'Product Info' },
          ],
        },
      },
    ]);
  });

  it('greets without buttons as a plain markdown message', () => {
    const { actions } = run({ ...config, settings: { ...settings, greeting_buttons: [] } }, { name: 'start', payload: {} });
    expect(actions).toEqual([{ name: 'message', payload: { body: 'Welcome!', text_format: 'markdown_v1' } }]);
  });

  it('answers with the matching keyword rule', () => {
    const { actions } = run(config, { name: 'message', payload: { body: 'where is my order' } });
    expect(actions).toEqual([{ name: 'message', payload: { body: 'Your **order** ships soon.', text_format: 'markdown_v1' } }]);
  });

  it('matches a click by its label', () => {
    const { actions } = run(config, { name: 'click', payload: { value: { id: 'b0', label: 'Track Order' } } });
    expect(actions[0]?.payload).toMatchObject({ body: 'Your **order** ships soon.' });
  });

  it('falls back when no rule matches, with 4–10 fallback buttons as a list', () => {
    const many = buttons('A', 'B', 'C', 'D');
    const { actions } = run({ ...config, settings: { ...settings, fallback_buttons: many } }, { name: 'message', payload: { body: 'hmm' } });
    expect(actions).toEqual([
      {
        name: 'list_template',
        payload: {
          body: 'Sorry?',
          button: 'Choose an option',
          fallback: textFallback('Sorry?', ['A', 'B', 'C', 'D']),
          options: many.map((b) => ({ id: b.id, label: b.title })),
        },
      },
    ]);
  });

  it('answers a rule of response_type buttons with its buttons', () => {
    const rule: KeywordRule = { ...orders, response_type: 'buttons', buttons: buttons('Yes', 'No') };
    const { actions } = run({ ...config, rules: [rule] }, { name: 'message', payload: { body: 'order' } });
    expect(actions[0]?.name).toBe('bubbles');
  });

  it('answers media uploads with the fallback (no text to match)', () => {
    const { actions } = run(config, { name: 'media', payload: { link: 'https://x/y.png', type: 'image', name: 'y.png', size: 1 } });
    expect(actions[0]?.payload).toMatchObject({ body: 'Sorry?' });
  });

  it('stays silent when the chatbot is disabled', () => {
    const off = { ...config, settings: { ...settings, chatbot_enabled: false } };
    expect(run(off, { name: 'start', payload: {} }).actions).toEqual([]);
    expect(run(off, { name: 'message', payload: { body: 'order' } }).actions).toEqual([]);
  });

  it('returns the session it was given when nothing changes', () => {
    const session = { variables: { name: 'Ada' } };
    expect(runEngine(config, session, { name: 'message', payload: { body: 'x' } }, clock).session).toBe(session);
  });
});

describe('transfer keywords and business hours', () => {
  const staffed: BotConfig = { ...config, settings: { ...settings, transfer_keywords: ['agent', 'human'], business_hours: BERLIN_MONDAYS } };

  it('transfers on a transfer keyword as a whole word, to the general queue', () => {
    const r = run(staffed, say('Can I talk to a human?'));
    expect(r.actions).toEqual([
      { name: 'message', payload: { body: 'Connecting you…', text_format: 'markdown_v1' } },
      { name: 'forward_any', payload: {} },
    ]);
    expect(r.transfer).toMatchObject({ team_id: null, source: 'transfer_keyword' });
    expect(run(staffed, say('our agents are great')).transfer).toBeUndefined();
  });

  it('outside business hours says so, and the transfer still waits in its queue', () => {
    const closed = { ...staffed, settings: { ...staffed.settings, business_hours_enabled: true } };
    const evening = fixedClock('2026-01-05T18:30:00Z'); // 19:30 in Berlin
    const r = runEngine(closed, emptySession(), say('agent'), evening);
    expect(bodies(r.actions)).toEqual(['We are away.', 'forward_any']);
    expect(r.transfer).toBeDefined();
    expect(bodies(runEngine(closed, emptySession(), say('agent'), clock).actions)).toEqual(['Connecting you…', 'forward_any']);
  });

  it('stays silent during a handover', () => {
    expect(runEngine(staffed, { variables: {}, handover: true }, say('hello'), clock).actions).toEqual([]);
  });
});

describe('where AI answers sit: flow > rule > AI > fallback', () => {
  const survey = {
    id: 'survey',
    name: 'Survey',
    trigger_keywords: ['survey'],
    enabled: true,
    steps: [step({ step_name: 'ask', message_type: 'text', input_type: 'text', message: 'What do you think?', store_as: 'opinion' })],
  };
  const ai: BotConfig = { settings: { ...settings, ai_enabled: true, transfer_keywords: ['human'] }, rules: [orders], flows: [survey] };
  const waiting = runEngine(ai, emptySession(), say('survey'), clock).session;

  it.each([
    ['a flow trigger starts the flow', ai, emptySession(), 'start the survey', ['What do you think?'], false],
    ['a flow waiting for input gets it', ai, waiting, 'tell me about decaf', [], false],
    ['a keyword rule answers before the AI', ai, emptySession(), 'where is my order', ['Your **order** ships soon.'], false],
    ['a transfer keyword wins over everything', ai, emptySession(), 'a human about decaf', ['Connecting you…', 'forward_any'], false],
    ['an unmatched message goes to the AI', ai, emptySession(), 'do you have decaf?', [], true],
    ['with AI off, the fallback answers', config, emptySession(), 'do you have decaf?', ['Sorry?'], false],
  ] as const)('%s', (_case, c, session, text, said, asksAi) => {
    const r = runEngine(c, session, say(text), clock);
    expect(bodies(r.actions)).toEqual(said);
    expect(r.ai !== undefined).toBe(asksAi);
  });

  it('asks the AI with the question and the fallback to say when it cannot answer', () => {
    const r = runEngine(ai, emptySession(), say('do you have decaf?'), clock);
    expect(r.ai).toEqual({ question: 'do you have decaf?', fallback: [{ name: 'message', payload: { body: 'Sorry?', text_format: 'markdown_v1' } }] });
  });

  it('a conversation started with a question (the API channel) is greeted, then asks the AI', () => {
    const r = runEngine(ai, emptySession(), { name: 'start', payload: { body: 'do you have decaf?' } }, clock);
    expect(bodies(r.actions)).toEqual(['Welcome!']);
    expect(r.ai?.question).toBe('do you have decaf?');
  });

  it('stays silent during a handover, AI or not', () => {
    expect(runEngine(ai, { variables: {}, handover: true }, say('decaf?'), clock)).toMatchObject({ actions: [] });
    expect(runEngine(ai, { variables: {}, handover: true }, say('decaf?'), clock).ai).toBeUndefined();
  });
});
