/**
 * The console, served at /console by the Confab server: the agents of a bot, signed in with
 * an agent's token, and the bots' owners, signed in with email and password. Never loaded by
 * host pages.
 */
import '@preact/signals';
import { render } from 'preact';
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

/** A signed-in owner sees their bots; anyone else the agents' console (or its sign-in). */
function Root() {
  return ownerSession.value ? (
    <OwnerApp server={server} />
  ) : (
    <ConsoleContext.Provider value={{ state, controller }}>
      <ConsoleApp server={server} />
    </ConsoleContext.Provider>
  );
}

render(<Root />,
  document.getElementById('app')!,
);
controller.start();
