import { en, type Strings } from './en.js';

export type Language = 'en' | 'de' | 'fr' | 'es' | 'ar';

export interface Locale {
  /** The BCP 47 tag for Intl (times), as the page or the browser gave it. */
  tag: string;
  /** The language of the strings shown. */
  language: Language;
  dir: 'ltr' | 'rtl';
}

// English ships with the panel; the others are chunks loaded when a page needs them.
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<Strings>> = {
  de: () => import('./de.js').then((m) => m.strings),
  fr: () => import('./fr.js').then((m) => m.strings),
  es: () => import('./es.js').then((m) => m.strings),
  ar: () => import('./ar.js').then((m) => m.strings),
};
const RTL: ReadonlySet<Language> = new Set<Language>(['ar']);

/** data-locale first, then the browser's languages in order; English when none is supported. */
export function pickLocale(requested: string | undefined, browser: readonly string[]): Locale {
  const candidates = requested ? [requested] : browser;
  for (const tag of candidates) {
    const language = tag.toLowerCase().split(/[-_]/)[0] as Language;
    if (language === 'en' || language in LOADERS) return { tag, language, dir: RTL.has(language) ? 'rtl' : 'ltr' };
  }
  return { tag: requested ?? browser[0] ?? 'en', language: 'en', dir: 'ltr' };
}

/** The strings of a language; English when its chunk cannot be loaded. */
export async function loadStrings(language: Language): Promise<Strings> {
  if (language === 'en') return en;
  try {
    return await LOADERS[language]();
  } catch {
    return en;
  }
}
