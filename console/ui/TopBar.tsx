import type { ChosenStatus } from '../../shared/agent-events.js';
import { useConsole } from './console-context.js';

const STATUSES: Array<{ value: ChosenStatus; label: string }> = [
  { value: 'online', label: 'Online' },
  { value: 'away', label: 'Away' },
];

/** The bar over everything: who is signed in, their status, sound, help, sign out. */
export function TopBar() {
  const { state, controller } = useConsole();
  const me = state.me.value;
  const presence = state.presence.value;
  const status = state.status.value;
  return (
    <header class="topbar">
      <div class="topbar-brand">
        <span class="brand-mark small" aria-hidden="true">
          C
        </span>
        <span class="brand-name">Confab</span>
        {me && <span class="bot-name">{me.botName}</span>}
      </div>
      {status === 'reconnecting' && (
        <p class="connection" role="status">
          Reconnecting…
        </p>
      )}
      <div class="topbar-tools">
        <fieldset class="status-switch" data-status={presence}>
          <legend class="visually-hidden">Status</legend>
          {STATUSES.map(({ value, label }) => (
            <label key={value} class={`status-option ${value}`}>
              <input
                type="radio"
                name="status"
                value={value}
                checked={presence === value}
                onChange={() => void controller.setStatus(value)}
              />
              <span class="dot" aria-hidden="true" />
              {label}
            </label>
          ))}
        </fieldset>
        <button type="button" class="icon-text" aria-pressed={state.sound.value} onClick={controller.toggleSound}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            {state.sound.value ? (
              <path d="M4 9v6h4l5 4V5L8 9H4Zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4Zm-2.5-8.8v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6Z" />
            ) : (
              <path d="M4 9v6h4l5 4V5L8 9H4Zm12.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4L16.6 12Z" />
            )}
          </svg>
          <span class="collapse-narrow">Sound</span>
        </button>
        <button type="button" class="icon-text" aria-haspopup="dialog" onClick={() => (state.helpOpen.value = true)}>
          <span aria-hidden="true" class="kbd">
            ?
          </span>
          <span class="collapse-narrow">Shortcuts</span>
        </button>
        {me && (
          <span class="me" title={me.email ?? undefined}>
            <span class="avatar-initials small" aria-hidden="true">
              {initials(me.name)}
            </span>
            <span class="me-name">{me.name}</span>
          </span>
        )}
        <button type="button" class="icon-text" onClick={controller.signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [name.trim()[0], name.trim()[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}
