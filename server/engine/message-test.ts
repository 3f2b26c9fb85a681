import { matchingKeyword, matchKeywordRule } from './keyword-matcher.js';
import type { BotConfig, KeywordRule } from './types.js';
import { containsPhrase } from './word-match.js';

/** What would answer a message outside a flow, in the engine's own order (engine.ts), and why. */
export type MessageTest =
  | { answered_by: 'transfer_keyword'; keyword: string; reason: string }
  | { answered_by: 'flow'; flow: { id: string; name: string }; keyword: string; reason: string }
  | { answered_by: 'keyword_rule'; rule: KeywordRule; match_type: KeywordRule['match_type']; keyword: string; reason: string }
  | { answered_by: 'ai' | 'fallback'; reason: string };

const HOW: Record<KeywordRule['match_type'], string> = {
  exact: 'is exactly',
  contains: 'contains',
  starts_with: 'starts with',
  regex: 'matches the pattern',
};

export function testMessage(config: BotConfig, text: string): MessageTest {
  const transfer = config.settings.transfer_keywords.find((k) => containsPhrase(text, k));
  if (transfer) return { answered_by: 'transfer_keyword', keyword: transfer, reason: `the message contains the transfer keyword "${transfer}": it goes to a person` };
  for (const flow of config.flows) {
    if (!flow.enabled || flow.steps.length === 0) continue;
    const keyword = flow.trigger_keywords.find((k) => containsPhrase(text, k));
    if (keyword) return { answered_by: 'flow', flow: { id: flow.id, name: flow.name }, keyword, reason: `the message contains "${keyword}", a trigger of the flow "${flow.name}" (flows come before keyword rules)` };
  }
  const rule = matchKeywordRule(config.rules, text);
  if (rule) {
    // The matcher compares as matchingKeyword does, so a matched rule always has a keyword that matches.
    const keyword = matchingKeyword(rule, text)!;
    return {
      answered_by: 'keyword_rule',
      rule,
      match_type: rule.match_type,
      keyword,
      reason: `the message ${HOW[rule.match_type]} "${keyword}" (${rule.match_type}; the first enabled rule by priority ${rule.priority}, then age)`,
    };
  }
  if (config.settings.ai_enabled && text.trim()) return { answered_by: 'ai', reason: 'no transfer keyword, flow trigger or keyword rule matches: an AI answer is tried, with the fallback message if it fails' };
  return { answered_by: 'fallback', reason: 'no transfer keyword, flow trigger or keyword rule matches: the fallback message answers' };
}
