import { describe, expect, it } from 'vitest';
import { emptySession, runEngine } from './engine.js';
import { bodies, engineSettings, fixedClock, say, step } from './testing.js';
import type { ApiFetchConfig, BotConfig, EngineInput, EngineResult, Flow, Session } from './types.js';

const clock = fixedClock();
const settings = engineSettings({ transfer_keywords: ['agent', 'human'] });

const feedback: Flow = {
  id: 'feedback',
  name: 'Feedback',
  trigger_keywords: ['feedback'],
  initial_message: "Hi! I'd like your feedback.",
  completion_message: 'Thanks, {{name}}!',
  enabled: true,
  steps: [
    step({
      step_name: 'rating',
      message_type: 'buttons',
      input_type: 'select',
      message: 'How was it?',
      buttons: [
        { id: 'good', title: 'Good' },
        { id: 'poor', title: 'Poor' },
      ],
      store_as: 'rating',
    }),
    step({ step_name: 'name', message_type: 'text', input_type: 'text', message: 'Your name?', store_as: 'name' }),
    step({ step_name: 'email', message_type: 'text', input_type: 'email', message: 'Email, {{name}}?', store_as: 'email' }),
  ],
};

const config: BotConfig = {
  settings,
  flows: [feedback],
  rules: [
    { id: 'r', name: 'fb', keywords: ['feedback'], match_type: 'contains', response_type: 'text', response: 'rule', priority: 99, enabled: true, position: 1 },
  ],
};

/** Runs a conversation: each input against the session the previous one left. */
function converse(c: BotConfig, inputs: EngineInput[], session: Session = emptySession()): EngineResult[] {
  const results: EngineResult[] = [];
  for (const input of inputs) {
    const r = runEngine(c, session, input, clock);
    results.push(r);
    session = r.session;
  }
  return results;
}

describe('flows', () => {
  it('starts on a trigger keyword (before keyword rules) with the initial message and the first step', () => {
    const [r] = converse(config, [say('I have feedback')]);
    expect(bodies(r!.actions)).toEqual(["Hi! I'd like your feedback.", 'How was it?']);
    expect(r!.actions[1]!.name).toBe('bubbles');
    expect(r!.session.flow).toEqual({ flow_id: 'feedback', step: 'rating', retries: 0 });
  });

  it('walks every step, storing answers and filling {{variables}}, then completes', () => {
    const results = converse(config, [
      say('feedback'),
      { name: 'click', payload: { value: { id: 'good', label: 'Good' } } },
      say('Ada'),
      say('Ada@Example.com'),
    ]);
    expect(bodies(results[1]!.actions)).toEqual(['Your name?']);
    expect(bodies(results[2]!.actions)).toEqual(['Email, Ada?']);
    expect(bodies(results[3]!.actions)).toEqual(['Thanks, Ada!']);
    expect(results[3]!.session).toEqual({ variables: { rating: 'Good', name: 'Ada', email: 'ada@example.com' }, last_flow_id: 'feedback' });
  });

  it.each([
    ['the option label typed', say('poor'), 'Poor'],
    ['the option number typed (003 text fallback)', say('2'), 'Poor'],
  ])('accepts %s for a select step', (_, input, stored) => {
    const [, r] = converse(config, [say('feedback'), input]);
    expect(r!.session.variables.rating).toBe(stored);
  });

  it('re-asks an invalid answer with a clear prompt, then ends politely after the retry limit', () => {
    const [, retry, gaveUp] = converse(config, [say('feedback'), say('meh'), say('still meh')]);
    expect(bodies(retry!.actions)).toEqual(['Please choose one of the options.', 'How was it?']);
    expect(retry!.session.flow?.retries).toBe(1);
    expect(bodies(gaveUp!.actions)[0]).toMatch(/didn't work out/);
    expect(gaveUp!.session.flow).toBeUndefined();
  });

  it('transfers after the retry limit when the step says so', () => {
    const strict: Flow = { ...feedback, steps: [{ ...feedback.steps[0]!, max_retries: 0, on_max_retries: 'transfer' }] };
    const [, r] = converse({ ...config, flows: [strict] }, [say('feedback'), say('meh')]);
    expect(r!.transfer).toMatchObject({ team_id: null, source: 'flow' });
    expect(r!.actions.at(-1)).toEqual({ name: 'forward_any', payload: {} });
    expect(r!.session.handover).toBe(true);
  });

  it('treats the answer to a step as the answer, even when it holds a transfer keyword', () => {
    const [, , r] = converse(config, [say('feedback'), say('Good'), say('agent smith')]);
    expect(r!.session.variables.name).toBe('agent smith');
    expect(r!.transfer).toBeUndefined();
  });

  it('goes on without a flow that was deleted meanwhile', () => {
    const [started] = converse(config, [say('feedback')]);
    const [r] = converse({ ...config, flows: [] }, [say('hello there')], started!.session);
    expect(bodies(r!.actions)).toEqual(['Sorry?']);
    expect(r!.session.flow).toBeUndefined();
  });

  it('passes through steps that wait for nothing', () => {
    const flow: Flow = {
      ...feedback,
      initial_message: undefined,
      completion_message: 'Done',
      steps: [step({ step_name: 'a', message_type: 'text', message: 'One' }), step({ step_name: 'b', message_type: 'text', message: 'Two' })],
    };
    const [r] = converse({ ...config, flows: [flow] }, [say('feedback')]);
    expect(bodies(r!.actions)).toEqual(['One', 'Two', 'Done']);
    expect(r!.session.flow).toBeUndefined();
  });

  it('ends in a transfer step with its team and templated notes, then the bot is silent', () => {
    const flow: Flow = {
      ...feedback,
      completion_message: undefined,
      steps: [
        feedback.steps[0]!,
        step({ step_name: 'handoff', message_type: 'transfer', message: 'Connecting you with sales…', transfer_config: { team_id: 'sales', notes: 'Rating: {{rating}}' } }),
      ],
    };
    const [, r, after] = converse({ ...config, flows: [flow] }, [say('feedback'), say('Poor'), say('hello?')]);
    expect(r!.actions.slice(-2)).toEqual([
      { name: 'message', payload: { body: 'Connecting you with sales…', text_format: 'markdown_v1' } },
      { name: 'forward_group', payload: { group_id: 'sales' } },
    ]);
    expect(r!.transfer).toEqual({ team_id: 'sales', notes: 'Rating: Poor', source: 'flow' });
    expect(r!.session).toMatchObject({ handover: true, variables: { rating: 'Poor' } });
    expect(r!.session.flow).toBeUndefined();
    expect(after!.actions).toEqual([]);
  });
});

describe('api_fetch steps', () => {
  const lookup: Flow = {
    id: 'orders',
    name: 'Orders',
    trigger_keywords: ['track'],
    enabled: true,
    completion_message: 'Anything else?',
    steps: [
      step({ step_name: 'ask', message_type: 'text', input_type: 'text', message: 'Order number?', store_as: 'order_id' }),
      step({
        step_name: 'fetch',
        message_type: 'api_fetch',
        message: 'Order {{order_id}} is **{{status}}** ({{first_item}}).',
        api_config: {
          url: '/demo/api/orders/{{order_id}}',
          method: 'GET',
          headers: { 'X-Order': '{{order_id}}' },
          timeout_ms: 2_000,
          response_mapping: { status: 'order.status', first_item: 'order.items.0.name' },
          error_message: 'Lookup failed for {{order_id}}.',
          on_error: 'end',
        },
      }),
    ],
  };
  const c: BotConfig = { ...config, flows: [lookup] };

  it('asks the runner for the call with {{variables}} filled in', () => {
    const [, r] = converse(c, [say('track my order'), say('A-17')]);
    expect(r!.fetch).toEqual({ url: '/demo/api/orders/A-17', method: 'GET', headers: { 'X-Order': 'A-17' }, timeout_ms: 2_000 });
    expect(r!.session.flow?.step).toBe('fetch');
  });

  it('maps the response into variables and says the step message', () => {
    const [, fetching] = converse(c, [say('track'), say('A-17')]);
    const data = { order: { status: 'shipped', items: [{ name: 'Morning Fog' }] } };
    const [r] = converse(c, [{ name: 'api_result', payload: { ok: true, data } }], fetching!.session);
    expect(bodies(r!.actions)).toEqual(['Order A-17 is **shipped** (Morning Fog).', 'Anything else?']);
    expect(r!.session.variables).toMatchObject({ status: 'shipped', first_item: 'Morning Fog' });
  });

  it.each([
    ['end', ['Lookup failed for A-17.'], undefined],
    ['continue', ['Lookup failed for A-17.', 'Anything else?'], undefined],
    ['transfer', ['Lookup failed for A-17.', 'Connecting you…', 'forward_any'], true],
  ] as const)('takes the error path on_error=%s', (on_error, said, handover) => {
    const flow: Flow = { ...lookup, steps: [lookup.steps[0]!, { ...lookup.steps[1]!, api_config: { ...lookup.steps[1]!.api_config!, on_error } }] };
    const cc = { ...c, flows: [flow] };
    const [, fetching] = converse(cc, [say('track'), say('A-17')]);
    const [r] = converse(cc, [{ name: 'api_result', payload: { ok: false, error: 'HTTP 500' } }], fetching!.session);
    expect(bodies(r!.actions)).toEqual(said);
    expect(r!.session.flow).toBeUndefined();
    expect(r!.session.handover).toBe(handover);
  });

  it('goes to a named step on_error=goto', () => {
    const flow: Flow = {
      ...lookup,
      steps: [
        lookup.steps[0]!,
        { ...lookup.steps[1]!, api_config: { ...lookup.steps[1]!.api_config!, on_error: 'goto', error_step: 'ask' } },
      ],
    };
    const cc = { ...c, flows: [flow] };
    const [, fetching] = converse(cc, [say('track'), say('A-17')]);
    const [r] = converse(cc, [{ name: 'api_result', payload: { ok: false, error: 'timeout' } }], fetching!.session);
    expect(bodies(r!.actions)).toEqual(['Lookup failed for A-17.', 'Order number?']);
    expect(r!.session.flow?.step).toBe('ask');
  });
});

describe('whatsapp_flow steps on the web', () => {
  const form: Flow = {
    id: 'form',
    name: 'Callback',
    trigger_keywords: ['callback'],
    enabled: true,
    completion_message: 'We will call {{phone}}.',
    steps: [
      step({
        step_name: 'details',
        message_type: 'whatsapp_flow',
        message: 'A few details:',
        form_config: {
          fields: [
            { name: 'phone', label: 'Phone number', type: 'phone', required: true },
            { name: 'when', label: 'Preferred date', type: 'date', required: false },
          ],
        },
      }),
    ],
  };
  const c: BotConfig = { ...config, flows: [form] };

  it('asks each field in turn, validates it, and lets optional ones be skipped', () => {
    const [start, bad, phone, skip] = converse(c, [say('callback please'), say('call me'), say('+49 (30) 123-4567'), say('skip')]);
    expect(bodies(start!.actions)).toEqual(['A few details:', 'Phone number']);
    expect(bodies(bad!.actions)).toEqual(['Please enter a valid phone number, like +1 555 123 4567.', 'Phone number']);
    expect(bodies(phone!.actions)).toEqual(['Preferred date (optional — type "skip" to leave it out)']);
    expect(bodies(skip!.actions)).toEqual(['We will call +49301234567.']);
    expect(skip!.session.variables).toEqual({ phone: '+49301234567', when: '' });
  });

  it('offers the whole form on the first question and takes it answered at once, checked field by field', () => {
    const formAnswer = (values: Record<string, string>) => ({ name: 'message' as const, payload: { body: Object.values(values).join(', '), form: values } });
    const [start, bad, good] = converse(c, [say('callback please'), formAnswer({ phone: 'call me', when: '' }), formAnswer({ phone: '+49 30 1234567', when: '' })]);
    const ask = start!.actions[1]!;
    expect(ask.name === 'message' && ask.payload.form).toEqual({
      fields: [
        { name: 'phone', label: 'Phone number', type: 'phone', required: true },
        { name: 'when', label: 'Preferred date', type: 'date', required: false },
      ],
    });
    // A wrong field says which one, and offers the form again.
    expect(bodies(bad!.actions)).toEqual(['Phone number: Please enter a valid phone number, like +1 555 123 4567.', 'Phone number']);
    expect(bad!.actions[1]!.name === 'message' && bad!.actions[1]!.payload.form?.fields).toHaveLength(2);
    expect(bodies(good!.actions)).toEqual(['We will call +49301234567.']);
    expect(good!.session.variables).toEqual({ phone: '+49301234567', when: '' });
  });
});

describe('api_fetch requests: visitor answers are encoded for where they go', () => {
  /** A flow that asks one thing (stored as `answer`), then calls the API with it. */
  function asking(api: Partial<ApiFetchConfig>, on_error: ApiFetchConfig['on_error'] = 'end'): BotConfig {
    const flow: Flow = {
      id: 'call',
      name: 'Call',
      trigger_keywords: ['call'],
      enabled: true,
      completion_message: 'Done.',
      steps: [
        step({ step_name: 'ask', message_type: 'text', input_type: 'text', message: 'Tell me', store_as: 'answer' }),
        step({
          step_name: 'fetch',
          message_type: 'api_fetch',
          message: 'Got it.',
          api_config: {
            url: '/demo/api/orders/{{answer}}',
            method: 'GET',
            headers: {},
            timeout_ms: 2_000,
            response_mapping: {},
            error_message: 'That did not work.',
            on_error,
            ...api,
          },
        }),
      ],
    };
    return { ...config, flows: [flow] };
  }
  const answered = (c: BotConfig, answer: string) => converse(c, [say('call'), say(answer)])[1]!;

  it.each([
    ['../../../healthz', '/demo/api/orders/..%2F..%2F..%2Fhealthz'],
    ['x?role=admin#', '/demo/api/orders/x%3Frole%3Dadmin%23'],
    ['NW-1001/../../../healthz', '/demo/api/orders/NW-1001%2F..%2F..%2F..%2Fhealthz'],
    ['a b%2F', '/demo/api/orders/a%20b%252F'],
    ['NW-1001', '/demo/api/orders/NW-1001'],
  ])('fills %j into the path as one encoded segment', (answer, url) => {
    expect(answered(asking({}), answer).fetch?.url).toBe(url);
  });

  it.each(['.', '..'])('does not let an answer of %j act as a dot segment: the call fails instead', (answer) => {
    const r = answered(asking({}), answer);
    expect(r.fetch).toBeUndefined();
    expect(bodies(r.actions)).toEqual(['That did not work.']);
    expect(r.session.flow).toBeUndefined();
  });

  it('fills the query as encoded keys and values', () => {
    const c = asking({ url: 'https://shop.example.com/search?q={{answer}}&lang=en#top' });
    expect(answered(c, 'beans&lang=xx#frag').fetch?.url).toBe('https://shop.example.com/search?q=beans%26lang%3Dxx%23frag&lang=en#top');
    expect(answered(asking({ url: 'https://shop.example.com/search?{{answer}}=1' }), 'a=b&c').fetch?.url).toBe(
      'https://shop.example.com/search?a%3Db%26c=1',
    );
  });

  it('treats a stored flow whose origin holds a {{variable}} as a failed call, not a request', () => {
    const c = asking({ url: 'https://{{answer}}/orders' }, 'continue');
    const r = answered(c, 'evil.example');
    expect(r.fetch).toBeUndefined();
    expect(bodies(r.actions)).toEqual(['That did not work.', 'Done.']);
  });

  it('ends a flow whose error path leads back to the same call that cannot be built', () => {
    const c = asking({ on_error: 'goto', error_step: 'fetch' });
    const r = answered(c, '..');
    expect(r.fetch).toBeUndefined();
    expect(r.session.flow).toBeUndefined();
  });

  it('builds a JSON body as data: an answer stays one string value and cannot add keys', () => {
    const c = asking({ url: '/api/x', method: 'POST', body: '{"name": "{{answer}}", "role": "user", "tags": ["{{answer}}!"]}' });
    const r = answered(c, '", "role": "admin');
    expect(JSON.parse(r.fetch!.body!)).toEqual({ name: '", "role": "admin', role: 'user', tags: ['", "role": "admin!'] });
    expect(r.fetch!.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('fills a {{variable}} standing as a whole JSON value as a string (in a flow stored before that was refused)', () => {
    const c = asking({ url: '/api/x', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"qty": {{answer}}, "n": 2}' });
    expect(JSON.parse(answered(c, '1, "role": "admin"').fetch!.body!)).toEqual({ qty: '1, "role": "admin"', n: 2 });
  });

  it('form-encodes a form body', () => {
    const c = asking({ url: '/api/x', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name={{answer}}&role=user' });
    expect(answered(c, 'a&role=admin').fetch!.body).toBe('name=a%26role%3Dadmin&role=user');
  });

  it('keeps a plain text body as text', () => {
    const c = asking({ url: '/api/x', method: 'POST', body: 'Visitor says: {{answer}}' });
    const r = answered(c, '{"role": "admin"}');
    expect(r.fetch!.body).toBe('Visitor says: {"role": "admin"}');
    expect(r.fetch!.headers).toEqual({ 'Content-Type': 'text/plain;charset=UTF-8' });
  });

  it('strips CR and LF from header values so an answer cannot add headers', () => {
    const c = asking({ url: '/api/x', headers: { 'X-Name': 'name {{answer}}' } });
    const r = converse(c, [say('call'), say('Ada\r\nX-Admin: 1')])[1]!;
    expect(r.fetch!.headers).toEqual({ 'X-Name': 'name AdaX-Admin: 1' });
  });
});
