import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { withoutReadOnly, type ConfigApi, type ConfigProblem } from './config-api.js';
import { FormActions } from './FormActions.js';
import { UnsavedContext, useDraft, type Draft } from './use-draft.js';

export interface CollectionSectionProps<T extends { id?: string }> {
  api: ConfigApi;
  /** "/keywords" */
  path: string;
  title: string;
  /** "keyword rule" */
  noun: string;
  blank: () => T;
  label: (item: T) => string;
  /** The form's fields for the item being edited. */
  editor: (draft: Draft<T>, problem: ConfigProblem | null) => ComponentChildren;
  /** Under the list: a try-out that needs the saved items (test a message, say). */
  aside?: (items: T[], reload: () => void) => ComponentChildren;
  /** Saved items change: e.g. the teams an agent can join. */
  onChange?: (items: T[]) => void;
  /** What a save answered (a new agent's token is in it, once). */
  onSaved?: (item: T) => void;
  /**
   * The settings list the route saves into (links, prompts): a save is checked with the whole
   * list, so its refusal names "links.3.url", which the form shows at "url".
   */
  settingsList?: string;
}

/** A refusal of the whole settings list, as the path inside the item ("links.3.url" → "url"); the list's own limits keep theirs. */
const insideItem = (problem: ConfigProblem | null, list: string | undefined): ConfigProblem | null =>
  problem && list ? { ...problem, path: problem.path.replace(new RegExp(`^${list}\\.\\d+\\.`), '') } : problem;

/** A list of a bot's items (rules, flows, contexts, teams) and the form of the one chosen: create, edit, delete. */
export function CollectionSection<T extends { id?: string }>(props: CollectionSectionProps<T>) {
  const { api, path, title, noun, blank, label } = props;
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<T | undefined>(undefined);
  const slug = path.slice(1);

  const reload = async (select?: string) => {
    const { data, error } = await api.get<{ items: T[] }>(path);
    if (error) return setLoadError(error.message);
    setItems(data.items);
    props.onChange?.(data.items);
    if (select) setChosen(data.items.find((i) => i.id === select));
  };
  useEffect(() => void reload(), [api, path]);

  const draft = useDraft<T>({
    name: slug,
    saved: chosen,
    save: (d) => (d.id ? api.send<T>('PUT', `${path}/${d.id}`, withoutReadOnly(d)) : api.send<T>('POST', path, withoutReadOnly(d))),
    check: (d) => (d.id ? api.send('PUT', `${path}/${d.id}?dry_run=true`, withoutReadOnly(d)) : api.send('POST', `${path}?dry_run=true`, withoutReadOnly(d))),
    onSaved: (saved) => {
      props.onSaved?.(saved);
      void reload(saved.id);
    },
  });
  const unsaved = useContext(UnsavedContext);
  const formHeading = useRef<HTMLHeadingElement>(null);
  // The chosen item's form is where the keyboard (and, on a phone, the eye) goes next: in the
  // commit that draws it, so a field focused as soon as it shows keeps the focus.
  useLayoutEffect(() => {
    formHeading.current?.focus();
    formHeading.current?.scrollIntoView?.({ block: 'nearest' });
  }, [chosen]);

  const choose = (item: T | undefined) => {
    if (draft.dirty && !window.confirm('Discard the unsaved changes?')) return;
    unsaved(slug, false);
    setChosen(item);
  };

  const remove = async () => {
    const id = draft.value?.id;
    if (!id || !window.confirm(`Delete this ${noun}?`)) return;
    const { error } = await api.send('DELETE', `${path}/${id}`);
    if (error) return window.alert(error.message);
    setChosen(undefined);
    await reload();
  };

  return (
    <section class="collection" aria-labelledby={`${slug}-title`}>
      <div class="collection-list">
        <div class="collection-head">
          <h2 id={`${slug}-title`}>{title}</h2>
          <button type="button" class="button primary" onClick={() => choose(blank())}>
            New {noun}
          </button>
        </div>
        {loadError && (
          <p class="form-error" role="alert">
            {loadError}
          </p>
        )}
        {items && items.length === 0 && <p class="muted">No {noun}s yet.</p>}
        {items && items.length > 0 && (
          <ul class="item-list" aria-label={title}>
            {items.map((item) => (
              <li key={item.id}>
                <button type="button" class="item-button" aria-current={chosen?.id === item.id ? 'true' : undefined} onClick={() => choose(item)}>
                  {label(item)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {items && props.aside?.(items, () => void reload())}
      </div>
      {draft.value && (
        <form
          noValidate
          class="config-form collection-form"
          aria-label={draft.value.id ? `Edit ${noun}` : `New ${noun}`}
          onSubmit={(e) => {
            e.preventDefault();
            void draft.save();
          }}
        >
          <h3 ref={formHeading} tabIndex={-1}>
            {draft.value.id ? label(draft.value) || `Edit ${noun}` : `New ${noun}`}
          </h3>
          {props.editor(draft, insideItem(draft.problem, props.settingsList))}
          <FormActions draft={draft} label={draft.value.id ? 'Save' : `Create ${noun}`} />
          {draft.value.id && (
            <button type="button" class="button danger" onClick={() => void remove()}>
              Delete {noun}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
