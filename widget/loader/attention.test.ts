import { describe, expect, it } from 'vitest';
import { strings as ar } from '../i18n/ar.js';
import { strings as de } from '../i18n/de.js';
import { en } from '../i18n/en.js';
import { strings as es } from '../i18n/es.js';
import { strings as fr } from '../i18n/fr.js';
import { plainText as panelPlainText } from '../rules/plain-text.js';
import { DISMISS, dismissLabelFor, plainText } from './attention.js';

// The attention module may import nothing the panel imports (it would run the panel): these
// keep its copies in line with the panel's.
describe('the attention module, alike with the panel', () => {
  it('names the dismiss button as the panel strings do', () => {
    expect(DISMISS).toEqual({ en: en.dismiss, de: de.dismiss, fr: fr.dismiss, es: es.dismiss, ar: ar.dismiss });
  });

  it('picks the language as pickLocale does: the page first, then the first supported browser language', () => {
    expect(dismissLabelFor('de-AT', ['fr'])).toBe(de.dismiss);
    expect(dismissLabelFor(undefined, ['nl-NL', 'fr-CA', 'de'])).toBe(fr.dismiss);
    expect(dismissLabelFor(undefined, ['nl'])).toBe(en.dismiss);
    expect(dismissLabelFor('AR', [])).toBe(ar.dismiss);
  });

  it('turns the markdown greeting into words as rules/plain-text.ts does', () => {
    for (const text of ['**Welcome** to _Northwind_!', 'See [our shop](https://x.test) ![logo](a.png)', '# Hi\n\n> there  `code`']) {
      expect(plainText(text)).toBe(panelPlainText(text));
    }
  });
});
