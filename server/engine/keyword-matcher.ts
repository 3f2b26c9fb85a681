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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The keywords of rules in order, indexed to answer "the first rule whose keyword matches"
 * without trying every rule. For each literal keyword, the place of the first rule that has
 * it; one regex per kind lists the keywords in that order, so at each position of the text
 * the first alternative that matches is the best keyword starting there. Escaped literals
 * have no quantifier, so these native regexes cannot backtrack beyond trying each keyword at
 * each position. The owners' own regexes run on RE2: all of them at once first, as one
 * alternation, and one by one only when that finds something.
 */
interface KeywordIndex {
  /** Any literal keyword at all: most messages match no rule, and one test says so. */
  anyLiteral: RegExp | undefined;
  exact: Map<string, number>;
  startsWith: { re: RegExp; place: Map<string, number> } | undefined;
  contains: { re: RegExp; place: Map<string, number> } | undefined;
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
  // Map keeps insertion order, which is the order of the rules.
  const alternation = (map: Map<string, number>) => [...map.keys()].map(escape).join('|');
  const literals = new Set([...places.exact.keys(), ...places.starts_with.keys(), ...places.contains.keys()]);
  return {
    anyLiteral: literals.size > 0 ? new RegExp([...literals].map(escape).join('|')) : undefined,
    exact: places.exact,
    startsWith: places.starts_with.size > 0 ? { re: new RegExp(`^(?:${alternation(places.starts_with)})`), place: places.starts_with } : undefined,
    contains: places.contains.size > 0 ? { re: new RegExp(`(?=(${alternation(places.contains)}))`, 'g'), place: places.contains } : undefined,
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
  let best = Infinity;
  if (index.anyLiteral?.test(t)) {
    best = index.exact.get(t) ?? Infinity;
    const start = index.startsWith?.re.exec(t);
    if (start) best = Math.min(best, index.startsWith!.place.get(start[0])!);
    if (index.contains) for (const m of t.matchAll(index.contains.re)) best = Math.min(best, index.contains.place.get(m[1]!)!);
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
