import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AccountView } from './AccountView.js';
import { ApiKeysView } from './ApiKeysView.js';
import { BotConfigView } from './BotConfigView.js';
import { BotsView } from './BotsView.js';
import type { BotSectionProps } from './bot-section.js';
import { ownerApi, type BotView } from './owner-api.js';
import { OwnerPage } from './OwnerPage.js';
import { checkOwnerSession, ownerSession, signOutOwner } from './owner-session.js';
import './owner.css';


/**
 * The sections of a bot, in the nav's order: its configuration (settings, rules, flows,
 * contexts, appearance, snippet, agents…, console/config, loaded when first shown) and its API
 * keys. Each calls /api/chatbot with the owner's session and X-Confab-Bot for the bot.
 */
export const BOT_SECTIONS: Array<{ id: string; label: string; view: ComponentType<BotSectionProps> }> = [
  { id: 'configuration', label: 'Configuration', view: BotConfigView },
  { id: 'api-keys', label: 'API keys', view: ApiKeysView },
];

/** The console of a signed-in owner: their bots, and per bot its sections. */
export function OwnerApp({ server }: { server: string }) {
  const session = ownerSession.value!;
  const api = useMemo(() => ownerApi(server, session.token), [server, session.token]);
  const [bot, setBot] = useState<BotView | null>(null);
  const [account, setAccount] = useState(false);
  useEffect(() => void checkOwnerSession(server), [server]);

  return (
    <div class="owner-console">
      <header class="topbar">
        <div class="topbar-brand">
          <span class="brand-mark small" aria-hidden="true">
            C
          </span>
          <span class="brand-name">Confab</span>
          <span class="bot-name">{session.owner.email}</span>
        </div>
        <div class="topbar-tools">
          <button type="button" class="button" aria-current={account ? 'page' : undefined} onClick={() => setAccount(true)}>
            Account
          </button>
          <button type="button" class="button" onClick={() => void signOutOwner(server)}>
            Sign out
          </button>
        </div>
      </header>
      {account ? (
        <AccountView api={api} email={session.owner.email} onBack={() => (setAccount(false), setBot(null))} />
      ) : bot ? (
        <BotPage api={api} bot={bot} server={server} onBack={() => setBot(null)} />
      ) : (
        <BotsView api={api} server={server} onOpen={setBot} />
      )}
    </div>
  );
}

function BotPage({ api, bot, server, onBack }: BotSectionProps & { onBack: () => void }) {
  const [sectionId, setSectionId] = useState(BOT_SECTIONS[0]!.id);
  const section = BOT_SECTIONS.find((s) => s.id === sectionId) ?? BOT_SECTIONS[0]!;
  const View = section.view;
  return (
    <OwnerPage titleId="bot-title" focusKey={bot.id} onBack={onBack} heading={<>{bot.name} <code class="owner-key">{bot.key}</code></>}>
      <nav class="owner-nav" aria-label="Bot sections">
        {BOT_SECTIONS.map((s) => (
          <button key={s.id} type="button" class="owner-nav-item" aria-current={s.id === section.id ? 'page' : undefined} onClick={() => setSectionId(s.id)}>
            {s.label}
          </button>
        ))}
      </nav>
      <View api={api} bot={bot} server={server} />
    </OwnerPage>
  );
}
