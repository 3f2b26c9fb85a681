import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale.js';

describe('locale', () => {
  it('takes data-locale first, then the browser languages, then English', () => {
    expect(pickLocale('ar-EG', ['en-US'])).toEqual({ tag: 'ar-EG', language: 'ar', dir: 'rtl' });
    expect(pickLocale(undefined, ['it-IT', 'fr-CH'])).toEqual({ tag: 'fr-CH', language: 'fr', dir: 'ltr' });
    expect(pickLocale('ja', ['de-DE'])).toEqual({ tag: 'ja', language: 'en', dir: 'ltr' });
    expect(pickLocale(undefined, [])).toEqual({ tag: 'en', language: 'en', dir: 'ltr' });
  });
});
