import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConfigProblem } from './config-api.js';

/** The server's message for a field: its own path, or a path inside it ("buttons.2.title" for "buttons"). */
export function errorAt(problem: ConfigProblem | null | undefined, path: string): string | undefined {
  if (!problem || !problem.path) return undefined;
  return problem.path === path || problem.path.startsWith(`${path}.`) ? problem.message : undefined;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** What every input gets: its label's id, the hint and the error read with it. */
function described({ id, hint, error }: FieldProps) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** The hint and the error under a field, with the ids its input is described by. */
function FieldNotes({ id, hint, error }: Omit<FieldProps, 'label'>) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </>
  );
}

function Field({ id, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextInput(
  props: FieldProps & { value: string; onChange: (value: string) => void; type?: 'text' | 'url' | 'email' | 'password'; rows?: number; placeholder?: string },
) {
  const { value, onChange, type = 'text', rows, placeholder } = props;
  const common = { ...described(props), value, placeholder, onInput: (e: Event) => onChange((e.currentTarget as HTMLInputElement).value) };
  return <Field {...props}>{rows ? <textarea rows={rows} {...common} /> : <input type={type} autoComplete="off" {...common} />}</Field>;
}

/** A number; empty is null (the fields where null means "none"). */
export function NumberInput(props: FieldProps & { value: number | null; onChange: (value: number | null) => void; step?: number; min?: number }) {
  const { value, onChange, step = 1, min } = props;
  return (
    <Field {...props}>
      <input
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        {...described(props)}
        value={value ?? ''}
        onInput={(e) => {
          const text = e.currentTarget.value.trim();
          onChange(text === '' ? null : Number(text));
        }}
      />
    </Field>
  );
}

export function Checkbox({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange: (value: boolean) => void; hint?: string }) {
  return (
    <div class="field check">
      <input type="checkbox" id={id} checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** Several of a fixed set, one checkbox each, kept in the set's order; the error is the group's. */
export function ChoicesInput<V extends string>(
  props: FieldProps & { value: readonly V[]; options: ReadonlyArray<{ value: V; label: string }>; onChange: (value: V[]) => void },
) {
  const { id, label, hint, error, value, options, onChange } = props;
  const { 'aria-invalid': invalid, 'aria-describedby': describedBy } = described(props);
  return (
    <fieldset id={id} class={error ? 'field choices invalid' : 'field choices'} aria-invalid={invalid} aria-describedby={describedBy}>
      <legend>{label}</legend>
      {options.map((o) => (
        <Checkbox
          key={o.value}
          id={`${id}-${o.value}`}
          label={o.label}
          checked={value.includes(o.value)}
          onChange={(on) => onChange(options.map((c) => c.value).filter((v) => (v === o.value ? on : value.includes(v))))}
        />
      ))}
      <FieldNotes id={id} hint={hint} error={error} />
    </fieldset>
  );
}

export function Select<V extends string>(props: FieldProps & { value: V; options: ReadonlyArray<{ value: V; label: string }>; onChange: (value: V) => void }) {
  const { value, options, onChange } = props;
  return (
    <Field {...props}>
      <select {...described(props)} value={value} onChange={(e) => onChange(e.currentTarget.value as V)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A list edited as text, one entry a line. The text is the field's own while it is typed
 * (an empty last line stays); a value changed from outside (cancel, load) replaces it.
 */
export function LinesInput<T>(
  props: FieldProps & { value: T[]; onChange: (value: T[]) => void; format: (item: T) => string; parse: (line: string, index: number) => T; rows?: number },
) {
  const { value, onChange, format, parse, rows = 3 } = props;
  const outside = value.map(format).join('\n');
  const [text, setText] = useState(outside);
  const lines = (t: string) => t.split('\n').map((l) => l.trim()).filter(Boolean);
  useEffect(() => {
    if (lines(text).join('\n') !== outside) setText(outside);
  }, [outside]);
  return (
    <Field {...props}>
      <textarea
        rows={rows}
        {...described(props)}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          onChange(lines(e.currentTarget.value).map(parse));
        }}
      />
    </Field>
  );
}

export const stringLines = { format: (s: string) => s, parse: (s: string) => s };

/** Buttons `{id?, title}` as their titles, one a line; a line keeps the id of the button it was. */
export function ButtonsInput(props: FieldProps & { value: Array<{ id?: string; title: string }>; onChange: (value: Array<{ id?: string; title: string }>) => void }) {
  const { value } = props;
  return (
    <LinesInput
      {...props}
      hint={props.hint ?? 'One button a line, at most 10, each up to 20 characters.'}
      format={(b) => b.title}
      parse={(title, i) => (value[i]?.id ? { id: value[i]!.id!, title } : { title })}
    />
  );
}

/** Headers or a response mapping: `name: value`, one a line. */
export function PairsInput(props: FieldProps & { value: Record<string, string>; onChange: (value: Record<string, string>) => void; rows?: number }) {
  const entries = Object.entries(props.value);
  return (
    <LinesInput<[string, string]>
      {...props}
      value={entries}
      onChange={(pairs) => props.onChange(Object.fromEntries(pairs))}
      format={([k, v]) => `${k}: ${v}`}
      parse={(line) => {
        const at = line.indexOf(':');
        return at === -1 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      }}
    />
  );
}

/** A JSON value as text (panel_config): the value changes only while the text parses; until then the field says why not. */
export function JsonInput(props: FieldProps & { value: unknown; onChange: (value: unknown) => void; rows?: number }) {
  const outside = props.value === undefined ? '' : JSON.stringify(props.value, null, 2);
  const [text, setText] = useState(outside);
  const [bad, setBad] = useState<string | undefined>(undefined);
  useEffect(() => {
    let same = false;
    try {
      same = JSON.stringify(text.trim() ? JSON.parse(text) : undefined) === JSON.stringify(props.value);
    } catch {
      same = false;
    }
    if (!same && !bad) setText(outside);
  }, [outside]);
  return (
    <Field {...props} error={bad ?? props.error}>
      <textarea
        rows={props.rows ?? 6}
        spellcheck={false}
        class="code"
        {...described({ ...props, error: bad ?? props.error })}
        value={text}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          try {
            props.onChange(next.trim() ? JSON.parse(next) : undefined);
            setBad(undefined);
          } catch (err) {
            setBad(`not valid JSON: ${(err as Error).message}`);
          }
        }}
      />
    </Field>
  );
}

/** An object with an optional text field set, or left out when emptied (the server refuses "" where a field may be absent). */
export function withOptional<T extends object, K extends keyof T>(object: T, key: K, value: string): T {
  const { [key]: _old, ...rest } = object;
  return (value ? { ...rest, [key]: value } : rest) as T;
}
