import { useState } from 'preact/hooks';
import { useConsole } from './console-context.js';

/** The agent's token, from the bot owner (shown once when the agent was created). */
export function SignIn() {
  const { state, controller } = useConsole();
  const [token, setToken] = useState('');
  const error = state.signInError.value;
  const connecting = state.status.value === 'connecting';
  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <form
        class="sign-in-card"
        onSubmit={(event) => {
          event.preventDefault();
          controller.signIn(token);
        }}
      >
        <p class="brand-mark" aria-hidden="true">
          C
        </p>
        <h1 id="sign-in-title">Confab console</h1>
        <p class="sign-in-lead">Sign in with the agent token the bot owner gave you.</p>
        <label for="token">Token</label>
        <input
          id="token"
          name="token"
          // A textbox (scripts and assistive technology look for one named "Token"), masked by CSS.
          type="text"
          class="masked"
          autoComplete="off"
          autoCapitalize="off"
          spellcheck={false}
          value={token}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error' : undefined}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        {error && (
          <p id="token-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary wide" disabled={connecting}>
          {connecting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
