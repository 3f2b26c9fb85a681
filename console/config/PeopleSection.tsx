import { useState } from 'preact/hooks';
import type { ConfigApi } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { errorAt, NumberInput, TextInput, withOptional } from './fields.js';
import type { Agent, CannedResponse, Team } from './types.js';

/** The people who answer in the console (a new agent's token shown once), their teams and their canned responses. */
export function PeopleSection({ api }: { api: ConfigApi }) {
  const [teams, setTeams] = useState<Team[]>([]);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);

  const newToken = async (agent: Agent) => {
    if (!agent.id || !window.confirm(`Give ${agent.name} a new token? The old one stops working and their open consoles are signed out.`)) return;
    const { data, error } = await api.send<{ token: string }>('POST', `/agents/${agent.id}/token`);
    if (error) return window.alert(error.message);
    setToken({ name: agent.name, token: data.token });
  };

  return (
    <div class="people">
      {token && (
        <div class="token-once" role="alert">
          <p>
            <strong>{token.name}’s console token</strong>, shown this once (only a hash is kept). Hand it over by a private channel:
          </p>
          <code class="token-value">{token.token}</code>
          <button type="button" class="button" onClick={() => setToken(null)}>
            Done
          </button>
        </div>
      )}
      <CollectionSection<Agent>
        api={api}
        path="/agents"
        title="Agents"
        noun="agent"
        blank={() => ({ name: '', teams: [], max_chats: 5 })}
        label={(a) => (a.email ? `${a.name} (${a.email})` : a.name)}
        onSaved={(saved) => saved.token && setToken({ name: saved.name, token: saved.token })}
        editor={(draft, problem) => {
          const a = draft.value!;
          const set = (change: Partial<Agent>) => draft.update((d) => ({ ...d, ...change }));
          const err = (path: string) => errorAt(problem, path);
          return (
            <>
              <TextInput id="agent-name" label="Name" value={a.name} error={err('name')} onChange={(name) => set({ name })} />
              <TextInput id="agent-email" label="Email" type="email" value={a.email ?? ''} error={err('email')} onChange={(v) => draft.update((d) => withOptional(d, 'email', v))} />
              <NumberInput id="agent-max" label="Chats at once" value={a.max_chats} error={err('max_chats')} onChange={(v) => set({ max_chats: v ?? 0 })} />
              <fieldset class="choices">
                <legend>Teams</legend>
                {teams.length === 0 && <p class="field-hint">No teams yet: create them below.</p>}
                {teams.map((t) => (
                  <div class="field check" key={t.id}>
                    <input
                      type="checkbox"
                      id={`agent-team-${t.id}`}
                      checked={a.teams.includes(t.id!)}
                      onChange={(e) => set({ teams: e.currentTarget.checked ? [...a.teams, t.id!] : a.teams.filter((id) => id !== t.id) })}
                    />
                    <label for={`agent-team-${t.id}`}>{t.name}</label>
                  </div>
                ))}
                {err('teams') && <p class="field-error">{err('teams')}</p>}
              </fieldset>
              {a.id && (
                <button type="button" class="button" onClick={() => void newToken(a)}>
                  New console token
                </button>
              )}
            </>
          );
        }}
      />
      <CollectionSection<Team>
        api={api}
        path="/teams"
        title="Teams"
        noun="team"
        blank={() => ({ name: '' })}
        label={(t) => t.name}
        onChange={setTeams}
        editor={(draft, problem) => (
          <TextInput id="team-name" label="Name" value={draft.value!.name} error={errorAt(problem, 'name')} onChange={(name) => draft.update((d) => ({ ...d, name }))} />
        )}
      />
      <CollectionSection<CannedResponse>
        api={api}
        path="/canned-responses"
        title="Canned responses"
        noun="canned response"
        blank={() => ({ short_code: '', content: '' })}
        label={(r) => `/${r.short_code}`}
        editor={(draft, problem) => (
          <>
            <TextInput id="canned-code" label="Short code" hint="Agents type it after “/” in the reply box." value={draft.value!.short_code} error={errorAt(problem, 'short_code')} onChange={(short_code) => draft.update((d) => ({ ...d, short_code }))} />
            <TextInput id="canned-content" label="Reply" rows={5} value={draft.value!.content} error={errorAt(problem, 'content')} onChange={(content) => draft.update((d) => ({ ...d, content }))} />
          </>
        )}
      />
    </div>
  );
}
