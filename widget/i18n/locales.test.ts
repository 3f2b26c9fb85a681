import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { loadStrings } from './locale.js';
import { WIDGET_STRING_KEYS } from '../../shared/index.js';

// Every locale fills every string (the type checker says so too) and keeps the placeholders.
describe('locales', () => {
  for (const language of ['de', 'fr', 'es', 'ar'] as const) {
    it(`${language} has every string, with the same {placeholders}`, async () => {
      const strings = await loadStrings(language);
      expect(Object.keys(strings).sort()).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(en)) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(strings[key as keyof typeof en]), key).toEqual(placeholders(value));
        expect(strings[key as keyof typeof en], key).not.toBe('');
      }
    });
  }
});

describe('the names of the widget texts a bot may replace (widget_messages)', () => {
  it('are exactly the English texts', () => {
    expect(Object.keys(en).sort()).toEqual([...WIDGET_STRING_KEYS].sort());
  });
});
