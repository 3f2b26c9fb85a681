import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOT_ACTION_NAMES, type BotActionName, type BotActionPayloads } from '../../shared/index.js';
import { cidOf, MAX_CONTEXT_BYTES, parseBotActions, parseCid } from './bot-actions.js';

const cid = cidOf('demo', 'c-1');
const event = (name: string, payload?: unknown, info: Record<string, unknown> = {}) => ({ info: { cid, ...info }, packet: { name, payload } });

/** One valid payload per action: a new action without one fails the table below. */
const valid: { [N in BotActionName]: BotActionPayloads[N] } = {
  message: { body: 'Hello **there**', text_format: 'markdown_v1', sources: [{ title: 'Docs', url: 'https://example.com/docs' }] },
  bubbles: { body: 'Pick one', fallback: 'Pick: 1) A 2) B', options: [{ id: 'a', label: 'A' }] },
  carousel: { fallback: 'Our plans', options: [{ id: 'p', label: 'Pro', image_url: 'https://example.com/p.png', description: 'Best' }] },
  button_template: { header: { type: 'text', text: 'Hi' }, body: 'Choose', footer: 'Thanks', fallback: 'Choose: yes / no', options: [{ id: 'y', label: 'Yes' }] },
  list_template: { body: 'Menu', button: 'Open', fallback: 'Menu: soup', options: [{ id: 's', label: 'Soup', description: 'Hot' }] },
  buttons: { body: 'Links', buttons: [{ label: 'Site', url: 'https://example.com' }] },
  button: { label: 'Site', url: 'https://example.com' },
  media: { link: 'https://example.com/cat.png', type: 'image', name: 'cat.png' },
  navigate: { url: '/pricing' },
  contact_update: { name: 'Ada', email: 'ada@example.com', campaigns: true },
  conversation_update: { subject: 'Billing', topics: ['invoices'] },
  note_create: { body: 'VIP customer' },
  abort: {},
  end: {},
  forward_group: { group_id: 'sales', on_failure: 'feedback' },
  forward_skills: { skills: ['billing'] },
  forward_any: {},
  delay: { duration: 1_500, typing: false },
  addon_dispatch: { addon: 'crm' },
  email_dispatch: { recipient: 'operator' },
};

/** One invalid payload per action, and the field its error must name. */
const invalid: Record<BotActionName, [payload: unknown, field: string]> = {
  message: [{ body: '' }, 'packet.payload.body'],
  bubbles: [{ body: 'x', fallback: 'x', options: Array.from({ length: 14 }, (_, i) => ({ id: `${i}`, label: `${i}` })) }, 'packet.payload.options'],
  carousel: [{ fallback: 'x', options: [{ id: 'p', label: 'P', image_url: 'javascript:alert(1)' }] }, 'packet.payload.options.0.image_url'],
  button_template: [{ body: 'x', fallback: 'x', options: [1, 2, 3, 4].map((i) => ({ id: `${i}`, label: `${i}` })) }, 'packet.payload.options'],
  list_template: [{ body: 'x', fallback: 'x', options: [{ id: 'a', label: 'A' }] }, 'packet.payload.button'],
  buttons: [{ buttons: [] }, 'packet.payload.buttons'],
  button: [{ label: 'x', url: 'ftp://example.com' }, 'packet.payload.url'],
  media: [{ link: 'https://example.com/a', type: 'hologram' }, 'packet.payload.type'],
  navigate: [{ url: '//evil.example' }, 'packet.payload.url'],
  contact_update: [{ email: 'not an email' }, 'packet.payload.email'],
  conversation_update: [{}, 'packet.payload'],
  note_create: [{}, 'packet.payload.body'],
  abort: [[], 'packet.payload'],
  end: ['now', 'packet.payload'],
  forward_group: [{}, 'packet.payload.group_id'],
  forward_skills: [{ skills: [] }, 'packet.payload.skills'],
  forward_any: [{ on_failure: 'retry' }, 'packet.payload.on_failure'],
  delay: [{ duration: 60_001 }, 'packet.payload.duration'],
  addon_dispatch: [{ addon: '' }, 'packet.payload.addon'],
  email_dispatch: [{ recipient: 'everyone' }, 'packet.payload.recipient'],
};

describe('parseBotActions', () => {
  it.each(BOT_ACTION_NAMES)('accepts a valid %s', (name) => {
    const { events, errors } = parseBotActions(event(name, valid[name]));
    expect(errors).toEqual([]);
    expect(events).toEqual([{ index: 0, cid, action: { name, payload: valid[name] } }]);
  });

  it.each(BOT_ACTION_NAMES)('refuses an invalid %s, naming the event and the field', (name) => {
    const [payload, field] = invalid[name];
    const { events, errors } = parseBotActions(event(name, payload));
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 0, event: name });
    expect(errors[0]!.message.startsWith(`${field}:`), errors[0]!.message).toBe(true);
  });

  it('reads nothing, one event or a list; a missing payload is an empty one', () => {
    for (const body of [undefined, null, '', []]) expect(parseBotActions(body)).toEqual({ events: [], errors: [] });
    expect(parseBotActions(event('end')).events.map((e) => e.action)).toEqual([{ name: 'end', payload: {} }]);
  });

  it('keeps the valid events of a list in order and reports each invalid one by its position', () => {
    const { events, errors } = parseBotActions([
      event('message', { body: 'one' }),
      event('teleport', {}),
      { packet: { name: 'message', payload: { body: 'no info' } } },
      event('message', { body: 'two' }),
    ]);
    expect(events.map((e) => [e.index, e.action.payload])).toEqual([
      [0, { body: 'one' }],
      [3, { body: 'two' }],
    ]);
    expect(errors.map((e) => [e.index, e.event])).toEqual([
      [1, 'teleport'],
      [2, 'message'],
    ]);
    expect(errors[0]!.message).toBe('packet.name: unknown event "teleport"');
    expect(errors[1]!.message).toMatch(/^info/);
  });

  it('reads any answer a bot may send without throwing: every event is applied or named in an error', () => {
    const name = fc.oneof(fc.constantFrom(...BOT_ACTION_NAMES, '__proto__', 'constructor', 'toString'), fc.string());
    const raw = fc.oneof(
      fc.jsonValue(),
      fc.record({ info: fc.oneof(fc.record({ cid: fc.constant(cid), context: fc.jsonValue() }, { requiredKeys: ['cid'] }), fc.jsonValue()), packet: fc.record({ name, payload: fc.jsonValue() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.oneof(raw, fc.array(raw, { maxLength: 5 })), (body) => {
        const { events, errors } = parseBotActions(body);
        const sent = body === null || body === '' ? 0 : Array.isArray(body) ? body.length : 1;
        expect(events.length + errors.length).toBe(sent);
      }),
      { seed: 13, numRuns: 3_000 },
    );
  });

  it('takes the names of Object.prototype for unknown events, not for schemas', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const { events, errors } = parseBotActions(names.map((name) => event(name, {})));
    expect(events).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(names.map((name) => `packet.name: unknown event "${name}"`));
  });

  it('takes a non-empty context, ignores an empty one, and refuses one that is not an object or too large', () => {
    expect(parseBotActions(event('end', {}, { context: { step: 2 } })).events[0]!.context).toEqual({ step: 2 });
    expect(parseBotActions(event('end', {}, { context: {} })).events[0]).not.toHaveProperty('context');
    expect(parseBotActions(event('end', {}, { context: [1] })).errors[0]!.message).toBe('info.context: must be a JSON object');
    const big = { blob: 'x'.repeat(MAX_CONTEXT_BYTES) };
    expect(parseBotActions(event('end', {}, { context: big })).errors[0]!.message).toMatch(/^info\.context: larger than/);
  });
});

describe('cid', () => {
  it('round-trips a bot key and a conversation id, and refuses anything else', () => {
    expect(parseCid(cidOf('demo', 'abc-123'))).toEqual({ botKey: 'demo', conversationId: 'abc-123' });
    for (const bad of ['chatbot::demo', 'demo:abc', 'chatbot::de mo:abc', `chatbot::demo:${'x'.repeat(101)}`]) expect(parseCid(bad), bad).toBeUndefined();
  });
});
