import { useState } from 'preact/hooks';
import type { ConfigApi } from './config-api.js';
import type { EmbedOptions } from './embed-attributes.js';
import { errorAt, Select, TextInput } from './fields.js';
import { FormActions } from './FormActions.js';
import { useSettingsDraft } from './settings-save.js';
import type { Appearance, Settings } from './types.js';
import { WidgetPreview } from './WidgetPreview.js';

export interface AppearanceSectionProps {
  api: ConfigApi;
  server: string;
  botKey: string;
  settings: Settings;
  onSaved: (settings: Settings) => void;
  /** Position and launcher belong to the embed tag: shared with the snippet builder. */
  embed: EmbedOptions;
  onEmbed: (options: EmbedOptions) => void;
}

/** The attributes an appearance field stands for, so the preview shows the draft before it is saved. */
function appearanceAttributes(a: Appearance): EmbedOptions {
  const pairs: Array<[string, string | undefined]> = [
    ['data-title', a.title],
    ['data-subtitle', a.subtitle],
    ['data-avatar', a.avatar],
    ['data-primary-color', a.primary_color],
    ['data-text-color', a.primary_color ? a.text_color : undefined],
  ];
  return Object.fromEntries(pairs.filter((p): p is [string, string] => Boolean(p[1])));
}

/** Colors, texts, position and launcher, beside the real widget showing them. */
export function AppearanceSection({ api, server, botKey, settings, onSaved, embed, onEmbed }: AppearanceSectionProps) {
  const draft = useSettingsDraft('appearance', api, settings, onSaved);
  const [shown, setShown] = useState(0);
  const a = draft.value!.appearance;
  const set = (field: keyof Appearance, value: string) =>
    draft.update((d) => {
      const appearance = { ...d.appearance };
      if (value) appearance[field] = value;
      else delete appearance[field];
      return { ...d, appearance };
    });
  const err = (field: string) => errorAt(draft.problem, `appearance.${field}`);
  const setEmbed = (name: string, value: string) => {
    const next = { ...embed };
    if (value) next[name] = value;
    else delete next[name];
    onEmbed(next);
  };

  return (
    <div class="with-preview">
      <form
        noValidate
        class="config-form"
        aria-labelledby="appearance-title"
        onSubmit={(e) => {
          e.preventDefault();
          void draft.save().then((ok) => ok && setShown((n) => n + 1));
        }}
      >
        <h2 id="appearance-title">Appearance</h2>
        <fieldset>
          <legend>Texts</legend>
          <TextInput id="look-title" label="Title" value={a.title ?? ''} error={err('title')} onChange={(v) => set('title', v)} />
          <TextInput id="look-subtitle" label="Subtitle" value={a.subtitle ?? ''} error={err('subtitle')} onChange={(v) => set('subtitle', v)} />
          <TextInput id="look-avatar" label="Avatar URL (https)" type="url" value={a.avatar ?? ''} error={err('avatar')} onChange={(v) => set('avatar', v)} />
        </fieldset>
        <fieldset>
          <legend>Colors</legend>
          <ColorInput id="look-primary" label="Primary color" value={a.primary_color ?? ''} error={err('primary_color')} onChange={(v) => set('primary_color', v)} />
          <ColorInput id="look-text" label="Text on the primary color" value={a.text_color ?? ''} error={err('text_color')} onChange={(v) => set('text_color', v)} />
        </fieldset>
        <FormActions draft={draft} />
        <fieldset>
          <legend>Position and launcher (in the embed tag)</legend>
          <p class="field-hint">These are attributes of the tag you paste, not saved on the server: the Embed snippet section carries them.</p>
          <Select id="look-position" label="Position" value={embed['data-position'] ?? 'right'} options={[{ value: 'right', label: 'Bottom right' }, { value: 'left', label: 'Bottom left' }]} onChange={(v) => setEmbed('data-position', v === 'right' ? '' : v)} />
          <TextInput id="look-launcher" label="Launcher icon URL" type="url" value={embed['data-launcher-icon'] ?? ''} onChange={(v) => setEmbed('data-launcher-icon', v)} />
        </fieldset>
      </form>
      <div class="preview-pane">
        <h3>Live preview</h3>
        <WidgetPreview server={server} botKey={botKey} restart={shown} options={{ ...embed, ...appearanceAttributes(a) }} />
      </div>
    </div>
  );
}

/** A color as #rrggbb: a picker and its text, the same value. */
function ColorInput({ id, label, value, error, onChange }: { id: string; label: string; value: string; error?: string | undefined; onChange: (v: string) => void }) {
  return (
    <div class="color-field">
      <TextInput id={id} label={label} value={value} error={error} hint="#rrggbb; empty: the default." onChange={onChange} />
      <input type="color" aria-label={`${label}: picker`} value={/^#[0-9a-f]{6}$/i.test(value) ? value : '#2563eb'} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}
