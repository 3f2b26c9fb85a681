import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { signInOwner } from './owner-session.js';

/** The owner's way in: email and password (CONFAB_OWNER_EMAIL, or the demo's owner). */
export function OwnerSignIn({ server, onAgent }: { server: string; onAgent: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  // Switched to from the agent's form: the keyboard lands in the first field.
  useLayoutEffect(() => first.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInOwner(server, email, password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const described = error ? 'owner-error' : undefined;
  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <form class="sign-in-card" onSubmit={(event) => void submit(event)}>
        <p class="brand-mark" aria-hidden="true">
          C
        </p>
        <h1 id="sign-in-title">Confab console</h1>
        <p class="sign-in-lead">Sign in as the owner of your bots.</p>
        <label for="owner-email">Email</label>
        <input
          ref={first}
          id="owner-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <label for="owner-password">Password</label>
        <input
          id="owner-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        {error && (
          <p id="owner-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" class="sign-in-switch" onClick={onAgent}>
          An agent? Use your agent token
        </button>
      </form>
    </main>
  );
}
