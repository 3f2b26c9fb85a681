import type { ConversationSummary } from '../../shared/agent-events.js';
import { contactName, elapsed, LIST_NAMES, stateLabel, type ListName } from '../rules/inbox.js';
import { useConsole } from './console-context.js';
import { initials } from './TopBar.js';

export const LIST_LABELS: Record<ListName, string> = { queue: 'Queue', mine: 'Mine', open: 'All open' };

const EMPTY: Record<ListName, string> = {
  queue: 'No one is waiting. New chats handed over by the bot appear here.',
  mine: 'No conversations assigned to you. Press “Pick next” to take the next one from the queue.',
  open: 'No open conversations.',
};

/** The element of a row, for the keyboard shortcuts that move through the list. */
export const rowSelector = (id: string) => `[data-row="${id.replace(/["\\]/g, '\\$&')}"]`;

/** Queue, Mine and All open as tabs; Pick next above them. */
export function InboxLists() {
  const { state, controller } = useConsole();
  const lists = state.lists.value;
  const tab = state.tab.value;
  const rows = lists[tab];
  const openId = state.open.value?.id;
  const cursor = state.cursor.value;
  const meId = state.me.value?.id ?? '';
  const now = state.now.value;

  const selectTab = (list: ListName, focus = false) => {
    state.tab.value = list;
    if (focus) document.getElementById(`tab-${list}`)?.focus();
  };

  return (
    <nav class="inbox" aria-label="Conversations">
      <div class="inbox-head">
        <h2>Inbox</h2>
        <button type="button" class="button primary" onClick={() => void controller.pickNext().then((id) => id && focusReply())} aria-keyshortcuts="n">
          Pick next
        </button>
      </div>
      <div
        class="tabs"
        role="tablist"
        aria-label="Lists"
        onKeyDown={(event) => {
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (!step) return;
          event.preventDefault();
          const index = (LIST_NAMES.indexOf(tab) + step + LIST_NAMES.length) % LIST_NAMES.length;
          selectTab(LIST_NAMES[index]!, true);
        }}
      >
        {LIST_NAMES.map((list) => {
          const count = lists[list].length;
          const unread = list === 'queue' ? 0 : lists[list].reduce((sum, r) => sum + r.unread, 0);
          return (
            <button
              key={list}
              type="button"
              role="tab"
              id={`tab-${list}`}
              aria-selected={tab === list}
              aria-controls="list-panel"
              tabIndex={tab === list ? 0 : -1}
              onClick={() => selectTab(list)}
            >
              {LIST_LABELS[list]}
              <span class={list === 'queue' && count > 0 ? 'count attention' : unread > 0 ? 'count new' : 'count'}>{count}</span>
              {unread > 0 && <span class="visually-hidden">, {unread} unread</span>}
            </button>
          );
        })}
      </div>
      <div class="list-panel" role="tabpanel" id="list-panel" aria-labelledby={`tab-${tab}`}>
        {rows.length === 0 ? (
          <p class="empty">{EMPTY[tab]}</p>
        ) : (
          <ul class="rows" aria-label={LIST_LABELS[tab]}>
            {rows.map((row) => (
              <li key={row.id}>
                <ConversationRow
                  row={row}
                  list={tab}
                  meId={meId}
                  now={now}
                  active={row.id === openId}
                  cursor={row.id === cursor}
                  onOpen={() => void controller.openConversation(row.id).then(focusConversation)}
                />
              </li>
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
}

interface ConversationRowProps {
  row: ConversationSummary;
  list: ListName;
  meId: string;
  now: number;
  active: boolean;
  cursor: boolean;
  onOpen(): void;
}

function ConversationRow({ row, list, meId, now, active, cursor, onOpen }: ConversationRowProps) {
  const name = contactName(row);
  const waitingSince = row.transfer?.transferredAt ?? row.createdAt;
  const when = list === 'queue' ? waitingSince : (row.lastMessageAt ?? row.createdAt);
  return (
    <button
      type="button"
      class={`row-button${active ? ' active' : ''}${cursor ? ' cursor' : ''}`}
      data-row={row.id}
      aria-current={active ? 'true' : undefined}
      onClick={onOpen}
    >
      <span class="avatar-initials" aria-hidden="true">
        {initials(name)}
      </span>
      <span class="row-main">
        <span class="row-top">
          <span class="row-name">{name}</span>
          <time class="row-time" dateTime={when}>
            {list === 'queue' ? `waiting ${elapsed(waitingSince, now)}` : elapsed(when, now)}
          </time>
        </span>
        <span class="row-preview">{row.preview || 'No messages yet'}</span>
        <span class="row-tags">
          {list === 'open' && <span class={`badge state-${row.state}`}>{stateLabel(row, meId)}</span>}
          {row.transfer?.teamName && <span class="badge team">{row.transfer.teamName}</span>}
          {list === 'queue' && row.queuePosition !== null && <span class="badge muted">#{row.queuePosition} in line</span>}
          {row.unread > 0 && <span class="unread">{row.unread} unread</span>}
        </span>
        {list === 'queue' && row.transfer?.notes && <span class="row-notes">Note: {row.transfer.notes}</span>}
      </span>
    </button>
  );
}

export function focusReply(): void {
  // After the render that shows the composer.
  requestAnimationFrame(() => document.getElementById('reply')?.focus());
}

export function focusConversation(): void {
  requestAnimationFrame(() => document.getElementById('conversation-title')?.focus());
}
