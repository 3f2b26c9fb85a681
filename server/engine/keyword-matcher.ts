import { AhoCorasick } from '@monyone/aho-corasick';
import type { RE2JS } from 're2js';
import { compileRegex, regexFind } from './regex.js';
import type { KeywordRule } from './types.js';

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Rules in the order they are tried: higher priority first, then older first. */
export function orderRules(rules: readonly KeywordRule[]): KeywordRule[] {
  return rules
    .filter((r) => r.enabled)
    .sort((a, b) => b.priority - a.priority || a.position - b.position);
}

/**
 * The keywords of rules in order, indexed to answer "the first rule whose keyword matches"
 * without trying every rule. Exact keywords are a map to the place of the first rule that has
 * each; starts_with and contains keywords are one Aho–Corasick automaton, which reads the
 * message once whatever the number of keywords (an alternation of them in one native regex
 * tried every keyword at every position that began like one: 22,000 messages a second against
 * 1,000 keywords sharing a prefix). The owners' own regexes run on RE2: all of them at once
 * first, as one alternation, and one by one only when that finds something.
 */
interface KeywordIndex {
  exact: Map<string, number>;
  startsWith: Map<string, number>;
  contains: Map<string, number>;
  /** Every starts_with and contains keyword. */
  literals: AhoCorasick | undefined;
  /** Places of the regex rules, in order, and one alternation of all their patterns. */
  regexRules: number[];
  anyRegex: RE2JS | undefined;
}

function indexKeywords(ordered: readonly KeywordRule[]): KeywordIndex {
  const places = { exact: new Map<string, number>(), starts_with: new Map<string, number>(), contains: new Map<string, number>() };
  const regexRules: number[] = [];
  const patterns = new Set<string>();
  ordered.forEach((rule, place) => {
    if (rule.match_type === 'regex') {
      regexRules.push(place);
      for (const k of rule.keywords) if (compileRegex(k)) patterns.add(`(?:${k})`);
      return;
    }
    const map = places[rule.match_type];
    for (const keyword of rule.keywords) {
      const k = normalize(keyword);
      if (k && !map.has(k)) map.set(k, place);
    }
  });
  const literals = [...places.starts_with.keys(), ...places.contains.keys()];
  return {
    exact: places.exact,
    startsWith: places.starts_with,
    contains: places.contains,
    literals: literals.length > 0 ? new AhoCorasick(literals) : undefined,
    regexRules,
    anyRegex: patterns.size > 0 ? (compileRegex([...patterns].join('|')) ?? undefined) : undefined,
  };
}

/**
 * The rules in order and their index, made once per array of rules. The bot cache hands out
 * a new array of the same rules every few seconds: the index, the costly part, is kept by
 * what it is made of, so it is built once per set of rules.
 */
const byArray = new WeakMap<readonly KeywordRule[], { ordered: KeywordRule[]; index: KeywordIndex }>();
const byContent = new Map<string, KeywordIndex>();

function prepared(rules: readonly KeywordRule[]) {
  let p = byArray.get(rules);
  if (p) return p;
  const ordered = orderRules(rules);
  const key = JSON.stringify(ordered.map((r) => [r.match_type, r.keywords]));
  let index = byContent.get(key);
  if (!index) {
    index = indexKeywords(ordered);
    if (byContent.size >= 100) byContent.clear();
    byContent.set(key, index);
  }
  p = { ordered, index };
  byArray.set(rules, p);
  return p;
}

/** The first enabled rule, by priority then creation order, with a keyword matching text. */
export function matchKeywordRule(rules: readonly KeywordRule[], text: string): KeywordRule | undefined {
  const { ordered, index } = prepared(rules);
  const t = normalize(text);
  let best = index.exact.get(t) ?? Infinity;
  if (index.literals) {
    for (const { begin, keyword } of index.literals.matchInText(t)) {
      const atStart = begin === 0 ? index.startsWith.get(keyword) : undefined;
      best = Math.min(best, index.contains.get(keyword) ?? Infinity, atStart ?? Infinity);
    }
  }
  if (index.anyRegex?.test(text)) {
    for (const place of index.regexRules) {
      if (place >= best) break;
      if (ordered[place]!.keywords.some((k) => regexFind(k, text))) {
        best = place;
        break;
      }
    }
  }
  return ordered[best];
}

/** The keyword of a rule that matches text, as the matcher compares them (for "which rule matched and why"). */
export function matchingKeyword(rule: KeywordRule, text: string): string | undefined {
  const t = normalize(text);
  return rule.keywords.find((keyword) => {
    const k = normalize(keyword);
    switch (rule.match_type) {
      case 'exact':
        return k !== '' && t === k;
      case 'starts_with':
        return k !== '' && t.startsWith(k);
      case 'contains':
        return k !== '' && t.includes(k);
      case 'regex':
        return regexFind(keyword, text);
    }
  });
}
