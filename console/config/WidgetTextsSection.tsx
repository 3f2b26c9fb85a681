import { useState } from 'preact/hooks';
import { WIDGET_LANGUAGES, WIDGET_STRING_KEYS, type WidgetLanguage } from '../../shared/widget-strings.js';
import { en } from '../../widget/i18n/en.js';
import type { ConfigApi } from './config-api.js';
import { errorAt, Select, TextInput, withOptional } from './fields.js';
import { SingletonSection } from './SingletonSection.js';
import { WIDGET_TEXT_LABELS } from './widget-text-labels.js';
import type { WidgetMessages } from './types.js';

const LANGUAGE_NAMES: Record<WidgetLanguage, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ar: 'العربية' };

/**
 * The widget's own texts, replaced per language. Every text is a field with the English
 * default as its placeholder; an emptied field is left out, so the widget's default is back.
 */
export function WidgetTextsSection({ api }: { api: ConfigApi }) {
  const [language, setLanguage] = useState<WidgetLanguage>('en');
  return (
    <SingletonSection<WidgetMessages>
      api={api}
      path="/messages"
      title="Widget texts"
      hint="The widget's own words, per language; an empty field keeps the default. Words in braces ({n}) are filled in by the widget."
      editor={(draft, problem) => {
        const texts = draft.value![language] ?? {};
        const set = (key: string, text: string) =>
          draft.update((d) => {
            const next = withOptional(d[language] ?? {}, key, text);
            return Object.keys(next).length ? { ...d, [language]: next } : withOptional(d, language, '');
          });
        return (
          <>
            <Select
              id="texts-language"
              label="Language"
              value={language}
              options={WIDGET_LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
              onChange={setLanguage}
            />
            <fieldset>
              <legend>{LANGUAGE_NAMES[language]}</legend>
              {WIDGET_STRING_KEYS.map((key) => (
                <TextInput
                  key={`${language}-${key}`}
                  id={`text-${key}`}
                  label={WIDGET_TEXT_LABELS[key]}
                  value={texts[key] ?? ''}
                  placeholder={en[key]}
                  error={errorAt(problem, `widget_messages.${language}.${key}`)}
                  onChange={(text) => set(key, text)}
                />
              ))}
            </fieldset>
          </>
        );
      }}
    />
  );
}
