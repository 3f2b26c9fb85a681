import { useState } from 'preact/hooks';
import { OwnerSignIn } from '../owner/OwnerSignIn.js';
import { useConsole } from './console-context.js';

/** Agents sign in with the token the bot owner gave them; owners with their email and password. */
export function SignIn({ server }: { server: string }) {
  const [asOwner, setAsOwner] = useState(false);
  return asOwner ? <OwnerSignIn server={server} onAgent={() => setAsOwner(false)} /> : <AgentSignIn onOwner={() => setAsOwner(true)} />;
}

/** The agent's token, from the bot owner (shown once when the agent was created). */
function AgentSignIn({ onOwner }: { onOwner: () => void }) {
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
        <button type="button" class="sign-in-switch" onClick={onOwner}>
          Own a bot? Use your email and password
        </button>
      </form>
    </main>
  );
}
