import { useEffect, useState } from 'preact/hooks';
import type { BotView, OwnerApi } from './owner-api.js';
import { ShownOnce } from './ShownOnce.js';
import { useRequest } from './use-request.js';

export interface BotsViewProps {
  api: OwnerApi;
  server: string;
  onOpen: (bot: BotView) => void;
}

/** The tag a site pastes before </body> (the README's embed snippet). */
export const embedSnippet = (server: string, botKey: string) => `<script src="${server}/widget.js" data-bot-key="${botKey}" async></script>`;

/** The owner's bots: open one, create one (its admin token and snippet shown once), delete one after a confirm. */
export function BotsView({ api, server, onOpen }: BotsViewProps) {
  const [bots, setBots] = useState<BotView[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<(BotView & { admin_token: string }) | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, error, run } = useRequest();

  const load = async () => setBots(await api.request<BotView[]>('GET', '/api/console/bots'));
  useEffect(() => void run(load), [api]);

  const create = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      setCreated(await api.request<BotView & { admin_token: string }>('POST', '/api/console/bots', { name }));
      setName('');
      await load();
    });
  };

  const remove = (bot: BotView) =>
    run(async () => {
      await api.request('DELETE', `/api/console/bots/${bot.id}`);
      setConfirming(null);
      if (created?.id === bot.id) setCreated(null);
      await load();
    });

  return (
    <main class="owner-main" aria-labelledby="bots-title">
      <h1 id="bots-title">Your bots</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {bots === null ? (
        <p role="status">Loading…</p>
      ) : bots.length === 0 ? (
        <p class="owner-empty">No bots yet: create the first one below.</p>
      ) : (
        <ul class="owner-list" aria-label="Bots">
          {bots.map((bot) => (
            <li key={bot.id} class="owner-row">
              <div class="owner-row-text">
                <strong>{bot.name}</strong>
                <code>{bot.key}</code>
              </div>
              {confirming === bot.id ? (
                // Keyed: a new element, not the Open button restyled mid-transition.
                <div key="confirm" class="owner-confirm" role="group" aria-label={`Delete ${bot.name}?`}>
                  <span>Delete {bot.name} with all its conversations and contacts? This cannot be undone.</span>
                  <button type="button" class="button danger" onClick={() => void remove(bot)}>
                    Delete for good
                  </button>
                  <button type="button" class="button" onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </div>
              ) : (
                <div key="actions" class="owner-row-actions">
                  <button type="button" class="button primary" aria-label={`Open ${bot.name}`} onClick={() => onOpen(bot)}>
                    Open
                  </button>
                  <button type="button" class="button" aria-label={`Delete ${bot.name}`} onClick={() => setConfirming(bot.id)}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      <section class="owner-card" aria-labelledby="new-bot-title">
        <h2 id="new-bot-title">New bot</h2>
        <form class="owner-form" onSubmit={(event) => void create(event)}>
          <label for="bot-name">Bot name</label>
          <div class="owner-form-row">
            <input id="bot-name" type="text" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
            <button type="submit" class="button primary" disabled={busy || name.trim() === ''}>
              Create bot
            </button>
          </div>
        </form>
        {created && (
          <div class="owner-created" aria-label={`${created.name} created`} role="region">
            <p>
              <strong>{created.name}</strong> is ready. Its admin token is shown this once: keep it somewhere safe (it can be rotated with the API).
            </p>
            <ShownOnce label="Admin token" value={created.admin_token} />
            <ShownOnce label="Embed snippet" value={embedSnippet(server, created.key)} multiline />
          </div>
        )}
      </section>
    </main>
  );
}
