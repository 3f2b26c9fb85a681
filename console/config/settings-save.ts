import { withoutReadOnly, type ConfigApi, type ConfigResult } from './config-api.js';
import { useDraft } from './use-draft.js';
import type { Settings } from './types.js';

/** The fields a form changed: settings are saved as a partial PUT, so a form sends only its own. */
export function changedFields(draft: Settings, saved: Settings): Partial<Settings> {
  const fields = withoutReadOnly(draft) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key])));
}

export const saveSettings = (api: ConfigApi, draft: Settings, saved: Settings): Promise<ConfigResult<Settings>> =>
  api.send<Settings>('PUT', '/settings', changedFields(draft, saved));

export const checkSettings = (api: ConfigApi, draft: Settings, saved: Settings): Promise<ConfigResult<unknown>> =>
  api.send('PUT', '/settings?dry_run=true', changedFields(draft, saved));

/** A form over some of the settings (Settings, Appearance, Prompts): checked and saved as the fields it changed. */
export const useSettingsDraft = (name: string, api: ConfigApi, settings: Settings, onSaved: (settings: Settings) => void) =>
  useDraft<Settings>({ name, saved: settings, save: (d) => saveSettings(api, d, settings), check: (d) => checkSettings(api, d, settings), onSaved });
