import { useState } from 'preact/hooks';
import { OWNER_PASSWORD_MAX, OWNER_PASSWORD_MIN as MIN_PASSWORD } from '../../shared/limits.js';
import type { OwnerApi } from './owner-api.js';
import { OwnerPage } from './OwnerPage.js';
import { useRequest } from './use-request.js';

/** The owner's account: who is signed in, and a new password (which signs the other browsers out). */
export function AccountView({ api, email, onBack }: { api: OwnerApi; email: string; onBack: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [ended, setEnded] = useState<number | null>(null);
  const { busy, error, run } = useRequest();

  const mismatch = again !== '' && again !== next;
  const change = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      setEnded(null);
      const done = await api.request<{ sessions_ended: number }>('PUT', '/api/console/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setEnded(done.sessions_ended);
    });
  };

  return (
    <OwnerPage titleId="account-title" heading="Account" onBack={onBack}>
      <p class="owner-lead">Signed in as {email}.</p>
      <section class="owner-card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p class="owner-meta">Every other browser signed in to this account is signed out; this one stays signed in.</p>
        <form class="owner-form" onSubmit={(event) => void change(event)}>
          <label for="current-password">Current password</label>
          <input id="current-password" type="password" autocomplete="current-password" required value={current} onInput={(event) => setCurrent(event.currentTarget.value)} />
          <label for="new-password">New password</label>
          <input
            id="new-password"
            type="password"
            autocomplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={OWNER_PASSWORD_MAX}
            aria-describedby="new-password-hint"
            value={next}
            onInput={(event) => setNext(event.currentTarget.value)}
          />
          <p id="new-password-hint" class="owner-meta">
            At least {MIN_PASSWORD} characters.
          </p>
          <label for="new-password-again">New password, again</label>
          <input
            id="new-password-again"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={mismatch ? 'true' : undefined}
            aria-describedby={mismatch ? 'new-password-again-error' : undefined}
            value={again}
            onInput={(event) => setAgain(event.currentTarget.value)}
          />
          {mismatch && (
            <p id="new-password-again-error" class="form-error">
              The two new passwords differ.
            </p>
          )}
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button primary" disabled={busy || current === '' || next.length < MIN_PASSWORD || next !== again}>
            Change password
          </button>
        </form>
        {ended !== null && (
          <p role="status" class="owner-done">
            Password changed. {ended === 0 ? 'No other browser was signed in.' : `${ended} other session${ended === 1 ? ' was' : 's were'} signed out.`}
          </p>
        )}
      </section>
    </OwnerPage>
  );
}
