/**
 * The console, served at /console by the Confab server: the agents of a bot, signed in with
 * an agent's token, and the bots' owners, signed in with email and password. Never loaded by
 * host pages.
 */
import '@preact/signals';
import { render, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ADMIN_TOKEN_KEY, openAdminSession, type AdminSession } from './config/admin-session.js';
import type { AdminConsoleProps } from './config/AdminConsole.js';
import { setStyleSink } from '../widget/ui/chunk-styles.js';
import './console.css';
import { createBeep, watchTabTitle } from './page/attention.js';
import { createConsoleController } from './state/console-controller.js';
import { createConsoleState } from './state/console-state.js';
import { ConsoleApp } from './ui/ConsoleApp.js';
import { ConsoleContext } from './ui/console-context.js';
import { addTranscriptStyles } from './ui/transcript-styles.js';
import { OwnerApp } from './owner/OwnerApp.js';
import { ownerSession } from './owner/owner-session.js';

// The widget's lazily loaded views (carousel, media...) bring their CSS: into the transcripts.
setStyleSink(addTranscriptStyles);

const server = location.origin;
const state = createConsoleState();
const controller = createConsoleController({ server, state, storage: localStorage, beep: createBeep() });

watchTabTitle(state);
// Wait times move on.
setInterval(() => (state.now.value = Date.now()), 15_000);
// Back on the tab: what is on screen is read now.
document.addEventListener('visibilitychange', () => controller.markRead());

type Admin = { session: AdminSession; View: FunctionComponent<AdminConsoleProps> };

/** Bot admin tokens open the bot's configuration, loaded only then: agents never download it. */
async function openAdmin(token: string): Promise<Admin | string> {
  const [opened, module] = await Promise.all([openAdminSession(server, token), import('./config/AdminConsole.js')]);
  if (!opened.session) return opened.error;
  localStorage.setItem(ADMIN_TOKEN_KEY, token.trim());
  return { session: opened.session, View: module.AdminConsole };
}

/** A signed-in owner sees their bots; a bot admin token that bot's configuration; anyone else the agents' console (or its sign-in). */
function Root() {
  const [admin, setAdmin] = useState<Admin | null>(null);
  const [resuming, setResuming] = useState(() => localStorage.getItem(ADMIN_TOKEN_KEY) !== null);
  useEffect(() => {
    const stored = localStorage.getItem(ADMIN_TOKEN_KEY);
    if (!stored) return;
    void openAdmin(stored).then((opened) => {
      if (typeof opened === 'string') localStorage.removeItem(ADMIN_TOKEN_KEY);
      else setAdmin(opened);
      setResuming(false);
    });
  }, []);
  if (ownerSession.value) return <OwnerApp server={server} />;
  if (resuming) return null;
  if (admin) {
    const signOut = () => {
      localStorage.removeItem(ADMIN_TOKEN_KEY);
      setAdmin(null);
    };
    return <admin.View session={admin.session} server={server} onSignOut={signOut} />;
  }
  const adminSignIn = async (token: string) => {
    const opened = await openAdmin(token);
    if (typeof opened === 'string') return opened;
    setAdmin(opened);
    return null;
  };
  return <ConsoleApp server={server} adminSignIn={adminSignIn} />;
}

render(
  <ConsoleContext.Provider value={{ state, controller }}>
    <Root />
  </ConsoleContext.Provider>,
  document.getElementById('app')!,
);
controller.start();
