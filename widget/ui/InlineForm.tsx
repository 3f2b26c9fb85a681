import { useState } from 'preact/hooks';
import type { InlineForm as Form } from '../../shared/index.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './registration-card.css?inline';
import formFieldCss from './form-fields.css?inline';

addChunkStyles(css);
addChunkStyles(formFieldCss);

export interface InlineFormProps {
  form: Form;
  /** Absent: a copy to read (the agent console's transcript): the fields read-only, no Send. */
  onSubmit?(values: Record<string, string>): void;
}

const INPUT_TYPE: Record<Form['fields'][number]['type'], string> = { text: 'text', number: 'number', email: 'email', phone: 'tel', date: 'date' };

/**
 * A whatsapp_flow step's fields as one form under its first question: the visitor answers
 * them at once instead of one by one. The browser checks each field's form; the bot checks
 * again and asks once more, naming the field, when one is wrong.
 */
export function InlineForm({ form, onSubmit }: InlineFormProps) {
  const { t } = usePanel();
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <form
      class="registration inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (onSubmit && event.currentTarget.checkValidity()) onSubmit(Object.fromEntries(form.fields.map((f) => [f.name, (values[f.name] ?? '').trim()])));
      }}
    >
      {form.fields.map((field) => (
        <label key={field.name}>
          <span dir="auto">{field.label}</span>
          <input
            class="form-field"
            name={field.name}
            type={INPUT_TYPE[field.type]}
            required={field.required}
            readOnly={!onSubmit}
            maxLength={field.type === 'date' || field.type === 'number' ? undefined : 2_000}
            value={values[field.name] ?? ''}
            onInput={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })}
          />
        </label>
      ))}
      {onSubmit && <button type="submit" class="form-submit">{t.send}</button>}
    </form>
  );
}
