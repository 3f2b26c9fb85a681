import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConfigApi, ConfigProblem } from './config-api.js';
import { FormActions } from './FormActions.js';
import { useDraft, type Draft } from './use-draft.js';

export interface SingletonSectionProps<T> {
  api: ConfigApi;
  /** "/icons" */
  path: string;
  title: string;
  /** Under the title: what the section changes in the widget. */
  hint: string;
  editor: (draft: Draft<T>, problem: ConfigProblem | null) => ComponentChildren;
}

/**
 * One object of a bot's configuration (icons, widget texts): fetched, edited, PUT whole,
 * checked as it is typed by the server's own rules (`?dry_run`).
 */
export function SingletonSection<T>({ api, path, title, hint, editor }: SingletonSectionProps<T>) {
  const [saved, setSaved] = useState<T | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const slug = path.slice(1);
  useEffect(() => {
    void api.get<T>(path).then(({ data, error }) => (error ? setLoadError(error.message) : setSaved(data)));
  }, [api, path]);
  const draft = useDraft<T>({ name: slug, saved, save: (d) => api.send<T>('PUT', path, d), check: (d) => api.send('PUT', `${path}?dry_run=true`, d), onSaved: setSaved });

  return (
    <form
      noValidate
      class="config-form"
      aria-labelledby={`${slug}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void draft.save();
      }}
    >
      <h2 id={`${slug}-title`}>{title}</h2>
      <p class="field-hint">{hint}</p>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {!draft.value && !loadError && <p class="loading">Loading…</p>}
      {draft.value && (
        <>
          {editor(draft, draft.problem)}
          <FormActions draft={draft} />
        </>
      )}
    </form>
  );
}
