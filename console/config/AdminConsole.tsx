import { BotConfig } from './BotConfig.js';
import type { AdminSession } from './admin-session.js';

export interface AdminConsoleProps {
  session: AdminSession;
  server: string;
  onSignOut: () => void;
}

/** The console of a single-bot install signed in with the bot's admin token: its configuration, nothing else. */
export function AdminConsole({ session, server, onSignOut }: AdminConsoleProps) {
  return (
    <div class="console admin-console">
      <header class="topbar">
        <div class="topbar-brand">
          <span class="brand-mark small" aria-hidden="true">
            C
          </span>
          <span class="brand-name">Confab</span>
          <span class="bot-name">{session.bot.name}</span>
        </div>
        <div class="topbar-tools">
          <button type="button" class="icon-text" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main class="admin-main" aria-label={`Configuration of ${session.bot.name}`}>
        <BotConfig api={session.api} botKey={session.bot.key} server={server} />
      </main>
    </div>
  );
}
