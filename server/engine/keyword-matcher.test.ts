import { describe, expect, it } from 'vitest';
import { matchKeywordRule, orderRules } from './keyword-matcher.js';
import type { KeywordRule } from './types.js';

let position = 0;
function rule(overrides: Partial<KeywordRule>): KeywordRule {
  position += 1;
  return {
    id: `r${position}`,
    name: `rule ${position}`,
    keywords: ['x'],
    match_type: 'contains',
    response_type: 'text',
    response: `response ${position}`,
    priority: 0,
    enabled: true,
    position,
    ...overrides,
  };
}

describe('match types', () => {
  const cases: Array<[KeywordRule['match_type'], string, string, boolean]> = [
    ['exact', 'hello', 'hello', true],
    ['exact', 'hello', '  HeLLo ', true],
    ['exact', 'hello', 'hello there', false],
    ['exact', 'hello', 'hello!', false],
    ['exact', 'Main Menu', 'main menu', true],
    ['exact', 'main menu', 'main   menu', true],
    ['contains', 'order', 'Where is my ORDER?', true],
    ['contains', 'order', 'ordinary', false],
    ['contains', 'track order', 'please track  order 5', true],
    ['starts_with', 'where is', 'Where is my order', true],
    ['starts_with', 'where is', 'so where is it', false],
    ['contains', 'café', 'Un CAFÉ noir', true],
    ['starts_with', '👋', '👋 hi', true],
    ['contains', 'متى', 'مرحبا، متى تفتحون؟', true],
    ['regex', '^#?\\d{5}$', '#12345', true],
    ['regex', '^#?\\d{5}$', '1234', false],
    ['regex', 'refund', 'REFUND please', true],
  ];
  it.each(cases)('%s %j against %j → %s', (match_type, keyword, text, expected) => {
    const r = rule({ match_type, keywords: [keyword] });
    expect(matchKeywordRule([r], text)?.id === r.id).toBe(expected);
  });

  it('matches when any of several keywords matches', () => {
    const r = rule({ keywords: ['hours', 'open'] });
    expect(matchKeywordRule([r], 'are you open today')).toBe(r);
  });

  it('never matches an empty keyword or a regex that does not compile', () => {
    expect(matchKeywordRule([rule({ keywords: ['  '] })], 'anything')).toBeUndefined();
    expect(matchKeywordRule([rule({ match_type: 'regex', keywords: ['(unclosed'] })], '(unclosed')).toBeUndefined();
  });
});

describe('rule order', () => {
  it('tries higher priority first', () => {
    const low = rule({ keywords: ['order'], priority: 1 });
    const high = rule({ keywords: ['order'], priority: 10 });
    expect(matchKeywordRule([low, high], 'my order')).toBe(high);
  });

  it('breaks priority ties by creation order', () => {
    const first = rule({ keywords: ['order'], priority: 5 });
    const second = rule({ keywords: ['order'], priority: 5 });
    expect(matchKeywordRule([second, first], 'order')).toBe(first);
  });

  it('skips disabled rules', () => {
    const off = rule({ keywords: ['order'], priority: 10, enabled: false });
    const on = rule({ keywords: ['order'], priority: 1 });
    expect(matchKeywordRule([off, on], 'order')).toBe(on);
    expect(orderRules([off, on])).toEqual([on]);
  });

  it('returns undefined when nothing matches', () => {
    expect(matchKeywordRule([rule({ keywords: ['order'] })], 'hello')).toBeUndefined();
  });
});

describe('matchKeywordRule, fast path', () => {
  // The reference: every enabled rule in order, every keyword tried, no shortcut.
  const reference = (rules: KeywordRule[], text: string) => {
    const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
    return orderRules(rules).find((r) =>
      r.keywords.some((k) => {
        const n = k.trim().replace(/\s+/g, ' ').toLowerCase();
        if (r.match_type === 'regex') return new RegExp(k, 'i').test(text);
        if (!n) return false;
        return r.match_type === 'exact' ? t === n : r.match_type === 'contains' ? t.includes(n) : t.startsWith(n);
      }),
    );
  };
  const types = ['exact', 'contains', 'starts_with', 'regex'] as const;
  const words = ['ship', 'shipping', 'refund', 'Money  Back', 'hours', 'hi', 'a.b', '(x)', ''];
  const rules: KeywordRule[] = words.flatMap((word, i) =>
    types.map((match_type, j) => ({
      id: `${i}-${j}`,
      name: `${word} ${match_type}`,
      keywords: match_type === 'regex' ? [`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\b`] : [word],
      match_type,
      response_type: 'text',
      response: 'r',
      priority: (i * 7 + j * 3) % 5,
      enabled: (i + j) % 6 !== 0,
      position: i * 4 + j,
    })),
  );
  const texts = ['ship', 'Shipping please', 'I want my money back', 'money   back', ' HI ', 'hi there', 'what are your hours?', 'a.b', 'axb', '(x) marks', 'nothing here', ''];

  it.each(texts)('agrees with trying every rule in order for %j', (text) => {
    for (let n = 1; n <= rules.length; n += 5) {
      const some = rules.slice(0, n);
      expect(matchKeywordRule(some, text)?.id, `${n} rules`).toBe(reference(some, text)?.id);
    }
  });

  it('answers from the rules it is given, also when other rules had the same keywords', () => {
    const [first] = rules.filter((r) => r.enabled && r.match_type === 'contains');
    expect(matchKeywordRule([first!], 'shipping')?.response).toBe('r');
    expect(matchKeywordRule([{ ...first!, response: 'changed' }], 'shipping')?.response).toBe('changed');
    expect(matchKeywordRule([{ ...first!, enabled: false }], 'shipping')).toBeUndefined();
  });
});
