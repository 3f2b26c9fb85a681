import { useState } from 'preact/hooks';
import type { PeopleState } from '../../shared/index.js';
import { fill } from '../i18n/en.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './people-bar.css?inline';
import formFieldCss from './form-fields.css?inline';

addChunkStyles(css);
addChunkStyles(formFieldCss);

export interface PeopleBarProps {
  people: PeopleState;
  /** The email the site or the visitor gave already: no need to ask. */
  knownEmail?: string | null | undefined;
}

/**
 * While a handed-over conversation waits: the visitor's place in line, or, with nobody
 * online, a way to leave an email for a reply. Its own chunk: most conversations never need it.
 */
export function PeopleBar({ people, knownEmail }: PeopleBarProps) {
  const { t, actions } = usePanel();
  const [left, setLeft] = useState<string | null>(knownEmail ?? null);
  const [draft, setDraft] = useState('');
  if (people.state !== 'queued') return null;
  if (people.agentsOnline) {
    return people.position ? (
      <p class="people-bar" role="status">
        {fill(t.inLine, { n: people.position })}
      </p>
    ) : null;
  }
  if (left) {
    return (
      <p class="people-bar" role="status">
        {fill(t.emailSaved, { email: left })}
      </p>
    );
  }
  return (
    <form
      class="people-bar"
      onSubmit={(event) => {
        event.preventDefault();
        const email = draft.trim();
        if (!event.currentTarget.checkValidity() || !email) return;
        actions.leaveEmail(email);
        setLeft(email);
      }}
    >
      <p id="confab-nobody">{t.nobodyOnline}</p>
      <div class="people-email">
        <input class="form-field" type="email" required maxLength={320} autoComplete="email" aria-label={t.email} aria-describedby="confab-nobody" placeholder={t.email} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="form-submit">{t.send}</button>
      </div>
    </form>
  );
}
