import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ConfigProblem, ConfigResult } from './config-api.js';

/** Sections tell BotConfig whether they hold unsaved changes (for its warning before leaving). */
export const UnsavedContext = createContext<(section: string, dirty: boolean) => void>(() => undefined);

export interface DraftOptions<T> {
  /** Which form: for the unsaved-changes warning. */
  name: string;
  /** What was fetched (undefined while loading). */
  saved: T | undefined;
  save: (draft: T) => Promise<ConfigResult<T>>;
  /** The server's rules on the draft as it is typed (a ?dry_run), after a pause. */
  check?: (draft: T) => Promise<ConfigResult<unknown>>;
  /** Called with what the server stored. */
  onSaved?: (saved: T) => void;
  checkDelayMs?: number;
}

export interface Draft<T> {
  value: T | undefined;
  dirty: boolean;
  saving: boolean;
  /** The server's last word on the draft: a save's or a check's 400. */
  problem: ConfigProblem | null;
  /** "Saved." after a save, until the next change. */
  done: boolean;
  update(change: (draft: T) => T): void;
  save(): Promise<boolean>;
  cancel(): void;
}

/** Fetch, edit, save: a form's draft of a fetched object, checked as it is typed, saved or dropped. */
export function useDraft<T>({ name, saved, save, check, onSaved, checkDelayMs = 400 }: DraftOptions<T>): Draft<T> {
  const [value, setValue] = useState<T | undefined>(saved);
  const [base, setBase] = useState<T | undefined>(saved);
  const [fetched, setFetched] = useState<T | undefined>(saved);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ConfigProblem | null>(null);
  const [done, setDone] = useState(false);
  const generation = useRef(0);
  const markUnsaved = useContext(UnsavedContext);

  // A new fetch (another item chosen, or reloaded) starts the draft over; the fetch that
  // follows a save, the same as what was saved, keeps its "Saved.".
  if (saved !== fetched) {
    setFetched(saved);
    setBase(saved);
    setValue(saved);
    setProblem(null);
    if (JSON.stringify(saved) !== JSON.stringify(base)) setDone(false);
  }
  const dirty = value !== base;
  useEffect(() => {
    markUnsaved(name, dirty);
    return () => markUnsaved(name, false);
  }, [name, dirty]);

  useEffect(() => {
    if (!check || !dirty || value === undefined) return;
    const asked = ++generation.current;
    const timer = setTimeout(async () => {
      const result = await check(value);
      if (asked === generation.current) setProblem(result.error && result.error.status === 400 ? result.error : null);
    }, checkDelayMs);
    return () => clearTimeout(timer);
  }, [value]);

  return {
    value,
    dirty,
    saving,
    problem,
    done,
    update(change) {
      setDone(false);
      setValue((v) => (v === undefined ? v : change(v)));
    },
    async save() {
      // Nothing changed, or a save is on its way (Enter in a field, an aria-disabled Save).
      if (value === undefined || !dirty || saving) return false;
      setSaving(true);
      generation.current++;
      const result = await save(value);
      setSaving(false);
      if (result.error) {
        setProblem(result.error);
        return false;
      }
      setProblem(null);
      setDone(true);
      setBase(result.data);
      setValue(result.data);
      onSaved?.(result.data);
      return true;
    },
    cancel() {
      if (!dirty) return;
      generation.current++;
      setValue(base);
      setProblem(null);
    },
  };
}
