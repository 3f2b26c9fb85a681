import type { ConfigApi } from './config-api.js';
import { errorAt, TextInput, withOptional } from './fields.js';
import { FormActions } from './FormActions.js';
import { useSettingsDraft } from './settings-save.js';
import type { Persona, QuickPrompt, Settings } from './types.js';

/** A quick prompt's or a follow-up prompt's fields: a title, and the message it sends or the link it opens. */
export function PromptFields({ id, titleLabel = 'Title', prompt, error, onChange }: { id: string; titleLabel?: string; prompt: QuickPrompt; error: (field: string) => string | undefined; onChange: (change: Partial<QuickPrompt>) => void }) {
  return (
    <>
      <TextInput id={`${id}-title`} label={titleLabel} value={prompt.title} error={error('title')} onChange={(title) => onChange({ title })} />
      <TextInput id={`${id}-description`} label="Message it sends" value={prompt.description ?? ''} error={error('description')} onChange={(v) => onChange({ description: v || null })} />
      <TextInput id={`${id}-link`} label="Or a link" type="url" value={prompt.link ?? ''} error={error('link')} onChange={(v) => onChange({ link: v || null })} />
    </>
  );
}

export interface PromptsSectionProps {
  api: ConfigApi;
  settings: Settings;
  onSaved: (settings: Settings) => void;
}

/** Quick prompts (one-tap questions or links in the widget) and personas (who the AI speaks as). */
export function PromptsSection({ api, settings, onSaved }: PromptsSectionProps) {
  const draft = useSettingsDraft('prompts', api, settings, onSaved);
  const s = draft.value!;
  const err = (path: string) => errorAt(draft.problem, path);
  const setPrompt = (i: number, change: Partial<QuickPrompt>) =>
    draft.update((d) => ({ ...d, quick_prompts: d.quick_prompts.map((p, j) => (j === i ? { ...p, ...change } : p)) }));
  const setPersona = (i: number, change: Partial<Persona>) =>
    draft.update((d) => ({ ...d, personas: d.personas.map((p, j) => (j === i ? { ...p, ...change } : p)) }));

  return (
    <form
      noValidate
      class="config-form"
      aria-labelledby="prompts-title"
      onSubmit={(e) => {
        e.preventDefault();
        void draft.save();
      }}
    >
      <h2 id="prompts-title">Quick prompts and personas</h2>
      <fieldset>
        <legend>Quick prompts</legend>
        <p class="field-hint">Shown in the widget before the first message: a tap sends the description, or opens the link.</p>
        {s.quick_prompts.map((p, i) => (
          <div class="list-entry" key={p.id ?? `new-${i}`}>
            <PromptFields id={`prompt-${i}`} titleLabel={`Prompt ${i + 1}: title`} prompt={p} error={(field) => err(`quick_prompts.${i}.${field}`) ?? (field === 'title' ? err(`quick_prompts.${i}`) : undefined)} onChange={(change) => setPrompt(i, change)} />
            <button type="button" class="button danger" onClick={() => draft.update((d) => ({ ...d, quick_prompts: d.quick_prompts.filter((_, j) => j !== i) }))}>
              Remove<span class="visually-hidden"> prompt {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" class="button" disabled={s.quick_prompts.length >= 10} onClick={() => draft.update((d) => ({ ...d, quick_prompts: [...d.quick_prompts, { title: '', description: null, link: null }] }))}>
          Add a quick prompt
        </button>
      </fieldset>
      <fieldset>
        <legend>Personas</legend>
        <p class="field-hint">Who AI answers speak as: a name, an avatar and their own system prompt.</p>
        {s.personas.map((p, i) => (
          <div class="list-entry" key={p.id ?? `new-${i}`}>
            <TextInput id={`persona-${i}-name`} label={`Persona ${i + 1}: name`} value={p.name} error={err(`personas.${i}.name`)} onChange={(name) => setPersona(i, { name })} />
            <TextInput
              id={`persona-${i}-avatar`}
              label="Avatar URL (https)"
              type="url"
              value={p.avatar ?? ''}
              error={err(`personas.${i}.avatar`)}
              onChange={(v) => draft.update((d) => ({ ...d, personas: d.personas.map((q, j) => (j === i ? withOptional(q, 'avatar', v) : q)) }))}
            />
            <TextInput id={`persona-${i}-prompt`} label="System prompt" rows={3} value={p.system_prompt} error={err(`personas.${i}.system_prompt`)} onChange={(system_prompt) => setPersona(i, { system_prompt })} />
            <button type="button" class="button danger" onClick={() => draft.update((d) => ({ ...d, personas: d.personas.filter((_, j) => j !== i) }))}>
              Remove<span class="visually-hidden"> persona {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" class="button" onClick={() => draft.update((d) => ({ ...d, personas: [...d.personas, { name: '', system_prompt: '' }] }))}>
          Add a persona
        </button>
      </fieldset>
      <FormActions draft={draft} />
    </form>
  );
}
