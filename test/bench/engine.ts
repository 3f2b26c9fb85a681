// The built-in engine's keyword matching: 1,000 rules of every match type, against messages
// that mostly match none (the fallback is the common case) and sometimes one.
import { matchKeywordRule } from '../../server/engine/keyword-matcher.js';
import type { KeywordRule, MatchType } from '../../server/engine/types.js';
import type { Row } from './stats.js';

// One rule in twenty is a regex, the others literal keywords of the three other kinds.
const TYPES: MatchType[] = ['contains', 'exact', 'starts_with', 'contains', 'exact', 'starts_with', 'contains', 'exact', 'starts_with', 'contains', 'exact', 'starts_with', 'contains', 'exact', 'starts_with', 'contains', 'exact', 'starts_with', 'contains', 'regex'];

function rules(count: number): KeywordRule[] {
  return Array.from({ length: count }, (_, i) => {
    const match_type = TYPES[i % TYPES.length]!;
    const word = `topic${i}`;
    return {
      id: `r${i}`,
      name: `Rule ${i}`,
      keywords: match_type === 'regex' ? [`^order\\s+${word}\\b`] : [word, `${word} help`],
      match_type,
      response_type: 'text',
      response: `About ${word}`,
      priority: i % 10,
      enabled: true,
      position: i,
    };
  });
}

/** Most messages match no rule (the fallback or the AI answers them); some match one. */
const unmatched = [
  'hello, where is my parcel? it has been a week',
  'do you ship to portugal and how long does it take',
  'what are your opening hours on sundays',
  'can I pay with a card when the order arrives',
];
const matched = ['I would like to talk about topic731 please', 'topic12', 'order topic999 now', 'topic402 help'];

function rate(messages: string[], run: (text: string) => unknown, seconds: number): number {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const m of messages) run(m);
    n += messages.length;
  }
  return n / seconds;
}

export function engineBench(options: { quick?: boolean } = {}): Row[] {
  const set = rules(1_000);
  const seconds = options.quick ? 1 : 3;
  // The reference: the least a matcher can do, a substring test of every keyword.
  const keywords = set.flatMap((r) => r.keywords.map((k) => k.toLowerCase()));
  const naive = (text: string) => {
    const t = text.toLowerCase();
    return keywords.find((k) => t.includes(k));
  };
  const confab = (text: string) => matchKeywordRule(set, text);
  const per = (v: number) => `${Math.round(v).toLocaleString('en')}/s`;
  return [
    { figure: 'keyword matching, 1,000 rules: no rule matches', confab: per(rate(unmatched, confab, seconds)), reference: `substring scan ${per(rate(unmatched, naive, seconds))}`, goal: '≥ 100,000/s' },
    { figure: 'keyword matching, 1,000 rules: a rule matches', confab: per(rate(matched, confab, seconds)), reference: `substring scan ${per(rate(matched, naive, seconds))}`, goal: '≥ 100,000/s' },
  ];
}
