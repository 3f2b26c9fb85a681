import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../definitions/bot-definition.js';
import { matchingKeyword } from './keyword-matcher.js';
import { testMessage } from './message-test.js';
import type { Flow, KeywordRule } from './types.js';

const rule = (over: Partial<KeywordRule>): KeywordRule => ({
  id: over.name ?? 'r',
  name: 'r',
  keywords: ['hello'],
  match_type: 'contains',
  response_type: 'text',
  response: 'Hi',
  priority: 0,
  enabled: true,
  position: 0,
  ...over,
});

describe('which rule answers a message, and why', () => {
  it.each([
    ['exact', ['hello there'], '  Hello   THERE ', 'hello there'],
    ['exact', ['hello'], 'hello there', undefined],
    ['starts_with', ['track'], 'Track my order', 'track'],
    ['contains', ['oat', 'milk'], 'any MILK?', 'milk'],
    ['regex', ['^NW-\\d+$'], 'NW-1001', '^NW-\\d+$'],
  ] as const)('%s %j on %j: %s', (match_type, keywords, text, expected) => {
    expect(matchingKeyword(rule({ match_type, keywords: [...keywords] }), text)).toBe(expected);
  });

  it('follows the engine order: transfer keywords, flow triggers, rules by priority, then AI or the fallback', () => {
    const flow: Flow = { id: 'f1', name: 'Orders', trigger_keywords: ['order'], enabled: true, steps: [{ step_name: 'a', step_order: 1, message: 'Hi', message_type: 'text' }] } as Flow;
    const rules = [rule({ name: 'low', keywords: ['coffee'], priority: 0, position: 0 }), rule({ name: 'high', keywords: ['coffee beans'], priority: 9, position: 1 })];
    const config = { settings: { ...DEFAULT_SETTINGS, transfer_keywords: ['agent'] }, rules, flows: [flow] };
    expect(testMessage(config, 'an agent about my order')).toMatchObject({ answered_by: 'transfer_keyword', keyword: 'agent' });
    expect(testMessage(config, 'my order of coffee')).toMatchObject({ answered_by: 'flow', flow: { id: 'f1', name: 'Orders' }, keyword: 'order' });
    expect(testMessage(config, 'coffee beans please')).toMatchObject({ answered_by: 'keyword_rule', rule: { name: 'high' }, keyword: 'coffee beans', match_type: 'contains' });
    expect(testMessage(config, 'tea?')).toMatchObject({ answered_by: 'fallback' });
    expect(testMessage({ ...config, settings: { ...config.settings, ai_enabled: true } }, 'tea?')).toMatchObject({ answered_by: 'ai' });
  });
});
