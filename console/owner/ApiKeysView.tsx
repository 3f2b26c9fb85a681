import { useEffect, useState } from 'preact/hooks';
import type { ApiKeyScope, ApiKeyView, BotView, OwnerApi } from './owner-api.js';
import { ShownOnce } from './ShownOnce.js';
import { useRequest } from './use-request.js';

const SCOPES: Array<{ value: ApiKeyScope; label: string; hint: string }> = [
  { value: 'config', label: 'Configuration', hint: 'the /api/chatbot routes: settings, rules, flows, contexts, agents' },
  { value: 'api_channel', label: 'API channel', hint: '/api/v1/conversations: your own chat UI' },
  { value: 'threads', label: 'Threads', hint: '/api/v1/chatbots/…/threads: read and answer threads' },
];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** A bot's API keys: create one with a name and scopes (shown once), list them, revoke one at once. */
export function ApiKeysView({ api, bot }: { api: OwnerApi; bot: BotView }) {
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [created, setCreated] = useState<(ApiKeyView & { key: string }) | null>(null);
  const { busy, error, run } = useRequest();

  const load = async () => setKeys(await api.request<ApiKeyView[]>('GET', '/api/chatbot/api-keys', undefined, bot.id));
  useEffect(() => void run(load), [api, bot.id]);

  const create = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      setCreated(await api.request<ApiKeyView & { key: string }>('POST', '/api/chatbot/api-keys', { name, scopes }, bot.id));
      setName('');
      setScopes([]);
      await load();
    });
  };

  const revoke = (key: ApiKeyView) =>
    run(async () => {
      await api.request('DELETE', `/api/chatbot/api-keys/${key.id}`, undefined, bot.id);
      if (created?.id === key.id) setCreated(null);
      await load();
    });

  const toggle = (scope: ApiKeyScope, on: boolean) => setScopes((now) => (on ? [...now, scope] : now.filter((s) => s !== scope)));

  return (
    <div class="owner-section">
      <h2 id="api-keys-title">API keys</h2>
      <p class="owner-lead">Keys for your servers: each does only what its scopes allow, and stops working the moment it is revoked.</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {keys === null ? (
        <p role="status">Loading…</p>
      ) : keys.length === 0 ? (
        <p class="owner-empty">No API keys yet.</p>
      ) : (
        <ul class="owner-list" aria-label="API keys">
          {keys.map((key) => (
            <li key={key.id} class="owner-row">
              <div class="owner-row-text">
                <strong>{key.name}</strong>
                <code>{key.prefix}…</code>
                <span class="owner-meta">
                  {key.scopes.map((s) => SCOPES.find((x) => x.value === s)?.label ?? s).join(', ')} · created {when(key.created_at)} · last used {when(key.last_used_at)}
                </span>
              </div>
              <button type="button" class="button danger" aria-label={`Revoke ${key.name}`} onClick={() => void revoke(key)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}

      <section class="owner-card" aria-labelledby="new-key-title">
        <h3 id="new-key-title">New API key</h3>
        <form class="owner-form" onSubmit={(event) => void create(event)}>
          <label for="key-name">Key name</label>
          <input id="key-name" type="text" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
          <fieldset class="owner-scopes">
            <legend>Scopes</legend>
            {SCOPES.map((scope) => (
              <label key={scope.value} class="owner-check">
                <input type="checkbox" checked={scopes.includes(scope.value)} onChange={(event) => toggle(scope.value, event.currentTarget.checked)} />
                <span>
                  {scope.label} <span class="owner-meta">({scope.hint})</span>
                </span>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button primary" disabled={busy || name.trim() === '' || scopes.length === 0}>
            Create key
          </button>
        </form>
        {created && (
          <div class="owner-created" role="region" aria-label={`Key ${created.name} created`}>
            <p>This key is shown this once: copy it now.</p>
            <ShownOnce label="API key" value={created.key} />
          </div>
        )}
      </section>
    </div>
  );
}
