import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../lib/project-root.js';
import { issueOf } from './testing.js';
import { botDefinitionSchema, parseKeywordRule, parseSettings } from './bot-definition.js';

const rule = { name: 'R', keywords: ['x'], match_type: 'contains', response: 'y' };


describe('bot definitions', () => {
  it('fills settings defaults and gives buttons ids', () => {
    const s = parseSettings({ greeting_buttons: [{ title: 'Track Order' }, { id: 'keep', title: 'Agent' }] });
    expect(s.chatbot_enabled).toBe(true);
    expect(s.greeting_buttons[0]).toMatchObject({ title: 'Track Order', id: expect.any(String) });
    expect(s.greeting_buttons[1]).toEqual({ id: 'keep', title: 'Agent' });
  });

  it('refuses button titles over 20 characters and more than 10 buttons', () => {
    expect(issueOf(() => parseSettings({ greeting_buttons: [{ title: 'x'.repeat(21) }] }))).toContain('greeting_buttons.0.title');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `b${i}` }));
    expect(issueOf(() => parseSettings({ fallback_buttons: eleven }))).toContain('fallback_buttons');
  });

  it('refuses an AI temperature outside 0–2', () => {
    expect(issueOf(() => parseSettings({ ai_temperature: 3 }))).toContain('ai_temperature');
  });

  it('refuses a regex rule that does not compile, naming the keyword', () => {
    expect(issueOf(() => parseKeywordRule({ ...rule, match_type: 'regex', keywords: ['ok', '(unclosed'] }, 1))).toBe(
      'keywords.1: invalid regular expression (unclosed: Invalid regular expression: /(unclosed/i: Unterminated group',
    );
  });

  it('refuses regexes that could backtrack catastrophically or need backtracking', () => {
    expect(issueOf(() => parseKeywordRule({ ...rule, match_type: 'regex', keywords: ['(a+)+$'] }, 1))).toContain('can backtrack catastrophically');
    expect(issueOf(() => parseKeywordRule({ ...rule, match_type: 'regex', keywords: ['(a)\\1'] }, 1))).toContain('not supported');
    expect(issueOf(() => parseKeywordRule({ ...rule, match_type: 'regex', keywords: ['(?<=a)b'] }, 1))).toContain('not supported');
  });

  it('needs buttons for response_type buttons, and a known match type', () => {
    expect(issueOf(() => parseKeywordRule({ ...rule, response_type: 'buttons' }, 1))).toContain('buttons');
    expect(issueOf(() => parseKeywordRule({ ...rule, match_type: 'fuzzy' }, 1))).toContain('match_type');
  });

  it('accepts the demo bot', () => {
    const file = join(findProjectRoot(), 'demo', 'bot.json');
    const def = botDefinitionSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(() => parseSettings(def.settings)).not.toThrow();
    const rules = def.keywords.map((r, i) => parseKeywordRule(r, i + 1));
    expect(new Set(rules.map((r) => r.match_type))).toEqual(new Set(['exact', 'contains', 'starts_with', 'regex']));
  });
});

describe('outbound_allow', () => {
  it('is empty by default and takes hosts, host:port, addresses and CIDR ranges', () => {
    expect(parseSettings({}).outbound_allow).toEqual([]);
    const entries = ['ollama.internal', 'localhost:11434', '127.0.0.1', '127.0.0.1:4000', '[::1]:8080', '10.0.0.0/8', 'fd00::/8'];
    expect(parseSettings({ outbound_allow: entries }).outbound_allow).toEqual(entries);
  });

  it.each([['http://127.0.0.1/'], ['10.0.0.0/33'], ['2130706433'], ['host:99999']])('refuses %j, naming the field', (entry) => {
    expect(issueOf(() => parseSettings({ outbound_allow: [entry] }))).toContain('outbound_allow.0');
  });
});
