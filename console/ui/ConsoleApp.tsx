import { useLayoutEffect } from 'preact/hooks';
import { LIST_NAMES } from '../rules/inbox.js';
import { useConsole } from './console-context.js';
import { ConversationView } from './ConversationView.js';
import { DetailsPanel } from './DetailsPanel.js';
import { focusConversation, focusReply, InboxLists, rowSelector } from './InboxLists.js';
import { ShortcutsHelp } from './ShortcutsHelp.js';
import { SignIn, type SignInProps } from './SignIn.js';
import { TopBar } from './TopBar.js';

export interface ConsoleAppProps {
  server: string;
  /** The sign-in form's "Bot admin token" tab (main.tsx opens the bot's configuration). */
  adminSignIn?: SignInProps['adminSignIn'];
}

/** The sign-in form, or the inbox: lists, the open conversation and its details, side by side (one at a time on a phone). */
export function ConsoleApp({ server, adminSignIn }: ConsoleAppProps) {
  const { state } = useConsole();
  const status = state.status.value;
  if (status === 'signed-out' || (status === 'connecting' && !state.me.value)) return <SignIn server={server} adminSignIn={adminSignIn} />;
  return <Inbox server={server} />;
}

function Inbox({ server }: ConsoleAppProps) {
  const { state, controller } = useConsole();
  const open = state.open.value;
  const row = state.openRow.value;
  const notice = state.notice.value;
  useShortcuts();

  const backToList = () => {
    state.screen.value = 'list';
    focusRow(state.cursor.value ?? state.lists.value[state.tab.value][0]?.id ?? null);
  };

  return (
    <div class="console" data-screen={state.screen.value} data-open={open ? 'true' : undefined}>
      <TopBar />
      <div class="workspace">
        <InboxLists />
        {open ? (
          <ConversationView open={open} row={row} server={server} onLeave={backToList} />
        ) : (
          <main class="conversation empty-state" aria-labelledby="empty-title">
            <div>
              <h1 id="empty-title">No conversation open</h1>
              <p>
                Choose one from the list, or press <kbd>n</kbd> to pick the next one from the queue. Press <kbd>?</kbd> for all shortcuts.
              </p>
            </div>
          </main>
        )}
        {open && row && <DetailsPanel open={open} row={row} />}
      </div>
      <div class={notice ? `toast ${notice.kind}` : 'toast'} role={notice?.kind === 'error' ? 'alert' : 'status'}>
        {notice && (
          <>
            <span>{notice.text}</span>
            <button type="button" class="toast-close" onClick={() => (state.notice.value = null)}>
              <span aria-hidden="true">×</span>
              <span class="visually-hidden">Dismiss</span>
            </button>
          </>
        )}
      </div>
      <div class="visually-hidden" aria-live="polite">
        {state.announcement.value}
      </div>
      {state.helpOpen.value && <ShortcutsHelp onClose={() => (state.helpOpen.value = false)} />}
    </div>
  );

  function useShortcuts() {
    // A layout effect: the shortcuts work from the first frame the inbox is shown.
    useLayoutEffect(() => {
      const onKey = (event: KeyboardEvent) => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || state.helpOpen.value) return;
        const target = event.target as HTMLElement | null;
        const inField = Boolean(target?.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]'));
        // Arrow keys scroll the transcript and move between tabs: those are theirs.
        const ownsArrows = Boolean(target?.closest?.('.transcript-host, [role="tablist"]'));
        if (event.key === 'Escape') {
          if (inField && target?.id !== 'reply') return;
          backToList();
          return;
        }
        if (inField) return;
        const lists = state.lists.value;
        const rows = lists[state.tab.value];
        const move = (step: number) => {
          event.preventDefault();
          if (rows.length === 0) return;
          const index = rows.findIndex((r) => r.id === state.cursor.value);
          const next = rows[index === -1 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, index + step))]!;
          state.cursor.value = next.id;
          if (state.screen.value !== 'list' && window.matchMedia?.('(max-width: 759.98px)').matches) state.screen.value = 'list';
          focusRow(next.id);
        };
        switch (event.key) {
          case 'j':
            return move(1);
          case 'k':
            return move(-1);
          case 'ArrowDown':
            return ownsArrows ? undefined : move(1);
          case 'ArrowUp':
            return ownsArrows ? undefined : move(-1);
          case 'Enter': {
            if (target?.closest?.('button, a, summary')) return; // they open what they are
            const id = state.cursor.value;
            if (id) {
              event.preventDefault();
              void controller.openConversation(id).then(focusConversation);
            }
            return;
          }
          case 'r':
            if (document.getElementById('reply')) {
              event.preventDefault();
              if (state.screen.value !== 'conversation') state.screen.value = 'conversation';
              focusReply();
            }
            return;
          case 'n':
            event.preventDefault();
            void controller.pickNext().then((id) => id && focusReply());
            return;
          case '?':
            event.preventDefault();
            state.helpOpen.value = true;
            return;
          case '1':
          case '2':
          case '3':
            event.preventDefault();
            state.tab.value = LIST_NAMES[Number(event.key) - 1]!;
            return;
        }
      };
      document.addEventListener('keydown', onKey);
      return () => document.removeEventListener('keydown', onKey);
    }, []);
  }
}

function focusRow(id: string | null): void {
  requestAnimationFrame(() => {
    const el = id ? document.querySelector<HTMLElement>(rowSelector(id)) : null;
    (el ?? document.querySelector<HTMLElement>('.rows .row-button'))?.focus();
  });
}
