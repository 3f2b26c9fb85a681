import { useState } from 'preact/hooks';
import { OwnerSignIn } from '../owner/OwnerSignIn.js';
import { useConsole } from './console-context.js';

export interface SignInProps {
  server: string;
  /** Signs in with a bot admin token (the bot's configuration); answers what is wrong, or null. Without it there is no such tab. */
  adminSignIn?: ((token: string) => Promise<string | null>) | undefined;
}

type Way = 'agent' | 'admin';

/** Agents sign in with the token the bot owner gave them; owners with their email and password (or a bot's admin token). */
export function SignIn({ server, adminSignIn }: SignInProps) {
  const [asOwner, setAsOwner] = useState(false);
  return asOwner ? <OwnerSignIn server={server} onAgent={() => setAsOwner(false)} /> : <TokenSignIn adminSignIn={adminSignIn} onOwner={() => setAsOwner(true)} />;
}

/** The agent's token, from the bot owner (shown once when the agent was created); or the bot's admin token, for a single-bot install. */
function TokenSignIn({ adminSignIn, onOwner }: Omit<SignInProps, 'server'> & { onOwner: () => void }) {
  const { state, controller } = useConsole();
  const [way, setWay] = useState<Way>('agent');
  const [token, setToken] = useState('');
  const [adminToken, setAdminToken] = useState('');
  const [adminError, setAdminError] = useState<string | null>(null);
  const [adminBusy, setAdminBusy] = useState(false);
  const error = way === 'agent' ? state.signInError.value : adminError;
  const connecting = way === 'agent' ? state.status.value === 'connecting' : adminBusy;
  const ways: Array<{ id: Way; label: string }> = adminSignIn
    ? [
        { id: 'agent', label: 'Agent token' },
        { id: 'admin', label: 'Bot admin token' },
      ]
    : [];
  const field = way === 'agent' ? { id: 'token', label: 'Token', value: token, set: setToken } : { id: 'admin-token', label: 'Bot admin token', value: adminToken, set: setAdminToken };
  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <form
        class="sign-in-card"
        onSubmit={async (event) => {
          event.preventDefault();
          if (way === 'agent') return controller.signIn(token);
          setAdminBusy(true);
          setAdminError(await adminSignIn!(adminToken));
          setAdminBusy(false);
        }}
      >
        <p class="brand-mark" aria-hidden="true">
          C
        </p>
        <h1 id="sign-in-title">Confab console</h1>
        {ways.length > 0 && (
          <div class="sign-in-ways" role="tablist" aria-label="Sign in with">
            {ways.map((w, i) => (
              <button
                key={w.id}
                type="button"
                role="tab"
                id={`way-${w.id}`}
                aria-selected={way === w.id}
                aria-controls="sign-in-panel"
                tabIndex={way === w.id ? 0 : -1}
                onClick={() => setWay(w.id)}
                onKeyDown={(e) => {
                  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                  e.preventDefault();
                  const next = ways[(i + (e.key === 'ArrowRight' ? 1 : ways.length - 1)) % ways.length]!;
                  setWay(next.id);
                  document.getElementById(`way-${next.id}`)?.focus();
                }}
              >
                {w.label}
              </button>
            ))}
          </div>
        )}
        <div id="sign-in-panel" role={ways.length > 0 ? 'tabpanel' : undefined} aria-labelledby={ways.length > 0 ? `way-${way}` : undefined}>
          <p class="sign-in-lead">
            {way === 'agent' ? 'Sign in with the agent token the bot owner gave you.' : "Configure the bot with its admin token (printed on the server's first start)."}
          </p>
          <label for={field.id}>{field.label}</label>
          <input
            id={field.id}
            key={field.id}
            name={field.id}
            // A textbox (scripts and assistive technology look for one named "Token"), masked by CSS.
            type="text"
            class="masked"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            value={field.value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'token-error' : undefined}
            onInput={(event) => field.set(event.currentTarget.value)}
          />
          {error && (
            <p id="token-error" class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button primary wide" disabled={connecting}>
            {connecting ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <button type="button" class="sign-in-switch" onClick={onOwner}>
          Own a bot? Use your email and password
        </button>
      </form>
    </main>
  );
}
