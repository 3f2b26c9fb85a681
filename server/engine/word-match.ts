const NOT_WORD = '[^\\p{L}\\p{N}_]';
const cache = new Map<string, RegExp>();

/** Whether text contains the phrase as whole words, case-insensitively ("agent" ≠ "agents"). */
export function containsPhrase(text: string, phrase: string): boolean {
  const key = phrase.trim().toLowerCase();
  if (key === '') return false;
  let re = cache.get(key);
  if (!re) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    re = new RegExp(`(?:^|${NOT_WORD})${escaped}(?:$|${NOT_WORD})`, 'iu');
    if (cache.size > 1_000) cache.clear();
    cache.set(key, re);
  }
  return re.test(text);
}
