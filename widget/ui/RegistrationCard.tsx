import { useState } from 'preact/hooks';
import type { RegistrationField, RegistrationValues } from '../../shared/index.js';
import type { StringKey } from '../i18n/en.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './registration-card.css?inline';
import formFieldCss from './form-fields.css?inline';

addChunkStyles(css);
addChunkStyles(formFieldCss);

export interface RegistrationCardProps {
  /** What the bot asks for (its registration_fields), in its order. */
  fields: readonly RegistrationField[];
  onRegister(values: RegistrationValues): void;
}

const INPUT: Record<RegistrationField, { type: string; autoComplete: string; label: StringKey; maxLength: number }> = {
  name: { type: 'text', autoComplete: 'name', label: 'yourName', maxLength: 200 },
  email: { type: 'email', autoComplete: 'email', label: 'email', maxLength: 254 },
  phone: { type: 'tel', autoComplete: 'tel', label: 'yourPhone', maxLength: 40 },
};

/**
 * 003 registration mode: before a new conversation starts, the visitor says who they are.
 * Every field asked is required; the browser checks the email's form, the server again. What
 * is given becomes the contact's (unverified) profile, and the bot starts knowing it.
 */
export function RegistrationCard({ fields, onRegister }: RegistrationCardProps) {
  const { t } = usePanel();
  const [values, setValues] = useState<RegistrationValues>({});
  return (
    <form
      class="registration"
      aria-labelledby="confab-registration"
      onSubmit={(event) => {
        event.preventDefault();
        if (!event.currentTarget.checkValidity()) return;
        const given = Object.fromEntries(fields.map((f) => [f, (values[f] ?? '').trim()]).filter(([, v]) => v)) as RegistrationValues;
        if (fields.every((f) => given[f])) onRegister(given);
      }}
    >
      <p id="confab-registration">{t.registrationIntro}</p>
      {fields.map((field) => {
        const input = INPUT[field];
        return (
          <label key={field}>
            <span>{t[input.label]}</span>
            <input
              class="form-field"
              name={field}
              type={input.type}
              required
              maxLength={input.maxLength}
              autoComplete={input.autoComplete}
              value={values[field] ?? ''}
              onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
            />
          </label>
        );
      })}
      <button type="submit" class="form-submit">{t.startChat}</button>
    </form>
  );
}
