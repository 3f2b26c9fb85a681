import { RE2JS } from 're2js';
import isSafeRegex from 'safe-regex2';

/**
 * Keyword regexes run on RE2 (re2js): matching time is linear in the text, so no pattern can
 * hang the server. A pattern RE2 cannot compile (a syntax error, or a backreference or
 * lookaround, which need backtracking) is refused when saved, and so is one whose nested
 * quantifiers would backtrack catastrophically on a backtracking engine: owners should
 * never write a pattern that is a trap anywhere else.
 */
export function checkRegexSafety(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'i');
  } catch (err) {
    return `invalid regular expression ${pattern}: ${(err as Error).message}`;
  }
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    return `regular expression ${pattern} is not supported (${(err as Error).message}); backreferences and lookaround are not allowed`;
  }
  if (!isSafeRegex(pattern)) {
    return `regular expression ${pattern} can backtrack catastrophically (nested or repeated quantifiers); simplify it`;
  }
  return undefined;
}

const compiled = new Map<string, RE2JS | null>();

/** A pattern compiled once for case-insensitive linear-time search; null when it does not compile. */
export function compileRegex(pattern: string): RE2JS | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    } catch {
      re = null;
    }
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Case-insensitive linear-time search; a pattern that does not compile matches nothing. */
export function regexFind(pattern: string, text: string): boolean {
  // test() searches like matcher().find(), on RE2's DFA when it can: several times faster.
  return compileRegex(pattern)?.test(text) ?? false;
}
