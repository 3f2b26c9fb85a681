import { regexFind } from './regex.js';
import type { KeywordRule } from './types.js';

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function keywordMatches(rule: KeywordRule, keyword: string, text: string): boolean {
  if (rule.match_type === 'regex') return regexFind(keyword, text);
  const k = normalize(keyword);
  if (k === '') return false;
  const t = normalize(text);
  switch (rule.match_type) {
    case 'exact':
      return t === k;
    case 'contains':
      return t.includes(k);
    case 'starts_with':
      return t.startsWith(k);
  }
}

/** Rules in the order they are tried: higher priority first, then older first. */
export function orderRules(rules: readonly KeywordRule[]): KeywordRule[] {
  return rules
    .filter((r) => r.enabled)
    .sort((a, b) => b.priority - a.priority || a.position - b.position);
}

/** The first enabled rule, by priority then creation order, with a keyword matching text. */
export function matchKeywordRule(rules: readonly KeywordRule[], text: string): KeywordRule | undefined {
  return orderRules(rules).find((rule) => rule.keywords.some((k) => keywordMatches(rule, k, text)));
}
