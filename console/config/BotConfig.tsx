import { useEffect, useRef, useState } from 'preact/hooks';
import './config.css';
import { AiContextsSection } from './AiContextsSection.js';
import { AppearanceSection } from './AppearanceSection.js';
import type { ConfigApi } from './config-api.js';
import { ContentSection } from './ContentSection.js';
import type { EmbedOptions } from './embed-attributes.js';
import { EmbedSection } from './EmbedSection.js';
import { FlowsSection } from './FlowsSection.js';
import { FollowUpsSection } from './FollowUpsSection.js';
import { IconsSection } from './IconsSection.js';
import { KeywordsSection } from './KeywordsSection.js';
import { PeopleSection } from './PeopleSection.js';
import { PromptsSection } from './PromptsSection.js';
import { SettingsSection } from './SettingsSection.js';
import type { Settings } from './types.js';
import { UnsavedContext } from './use-draft.js';
import { WidgetPreview } from './WidgetPreview.js';
import { WidgetTextsSection } from './WidgetTextsSection.js';

export const SECTIONS = [
  { id: 'settings', label: 'Settings' },
  { id: 'keywords', label: 'Keyword rules' },
  { id: 'flows', label: 'Flows' },
  { id: 'ai-contexts', label: 'AI contexts' },
  { id: 'appearance', label: 'Appearance' },
  { id: 'embed', label: 'Embed snippet' },
  { id: 'prompts', label: 'Quick prompts and personas' },
  { id: 'content', label: 'Links and content' },
  { id: 'follow-ups', label: 'Follow-ups and AI prompts' },
  { id: 'icons', label: 'Icons' },
  { id: 'texts', label: 'Widget texts' },
  { id: 'people', label: 'Agents, teams and canned responses' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export interface BotConfigProps {
  api: ConfigApi;
  botKey: string;
  /** Where the widget and its API are (the preview and the snippet): this console's server by default. */
  server?: string;
  initialSection?: SectionId;
}

/**
 * One bot's configuration: the section nav and the section chosen. Everything it needs
 * comes in its props (the API client says which bot); leaving a section, or the page, with
 * unsaved changes asks first.
 */
export function BotConfig({ api, botKey, server = location.origin, initialSection = 'settings' }: BotConfigProps) {
  const [section, setSection] = useState<SectionId>(initialSection);
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [embed, setEmbed] = useState<EmbedOptions>({});
  const [settingsSaved, setSettingsSaved] = useState(0);
  const unsaved = useRef(new Set<string>());

  useEffect(() => {
    setSettings(undefined);
    void api.get<Settings>('/settings').then(({ data, error }) => (error ? setLoadError(error.message) : setSettings(data)));
  }, [api]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (unsaved.current.size === 0) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const markUnsaved = (name: string, dirty: boolean) => {
    if (dirty) unsaved.current.add(name);
    else unsaved.current.delete(name);
  };

  const go = (next: SectionId) => {
    if (next === section) return;
    if (unsaved.current.size > 0 && !window.confirm('This section has unsaved changes. Leave it and discard them?')) return;
    unsaved.current.clear();
    setSection(next);
  };

  const saved = (next: Settings) => {
    setSettings(next);
    setSettingsSaved((n) => n + 1);
  };

  const needsSettings = section === 'settings' || section === 'appearance' || section === 'prompts';
  return (
    <UnsavedContext.Provider value={markUnsaved}>
      <div class="bot-config">
        <nav class="config-nav" aria-label="Bot configuration">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" aria-current={section === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div class="config-section" data-section={section}>
          {loadError && needsSettings && (
            <p class="form-error" role="alert">
              {loadError}
            </p>
          )}
          {needsSettings && !settings && !loadError && <p class="loading">Loading…</p>}
          {section === 'settings' && settings && (
            <div class="with-preview">
              <SettingsSection api={api} settings={settings} onSaved={saved} />
              <div class="preview-pane">
                <h3>Live preview</h3>
                <p class="field-hint">A new visitor after every save: the greeting as it is saved.</p>
                <WidgetPreview server={server} botKey={botKey} restart={settingsSaved} options={embed} />
              </div>
            </div>
          )}
          {section === 'keywords' && <KeywordsSection api={api} />}
          {section === 'flows' && <FlowsSection api={api} server={server} botKey={botKey} />}
          {section === 'ai-contexts' && <AiContextsSection api={api} />}
          {section === 'appearance' && settings && (
            <AppearanceSection api={api} server={server} botKey={botKey} settings={settings} onSaved={saved} embed={embed} onEmbed={setEmbed} />
          )}
          {section === 'embed' && <EmbedSection server={server} botKey={botKey} options={embed} onChange={setEmbed} />}
          {section === 'prompts' && settings && <PromptsSection api={api} settings={settings} onSaved={saved} />}
          {section === 'content' && <ContentSection api={api} />}
          {section === 'follow-ups' && <FollowUpsSection api={api} />}
          {section === 'icons' && <IconsSection api={api} />}
          {section === 'texts' && <WidgetTextsSection api={api} />}
          {section === 'people' && <PeopleSection api={api} />}
        </div>
      </div>
    </UnsavedContext.Provider>
  );
}
