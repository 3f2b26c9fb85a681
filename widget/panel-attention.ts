import { effect, type ReadonlySignal } from '@preact/signals-core';
import type { MessageRecord } from '../shared/index.js';
import type { ConfabEventMap, ConfabEventName, WidgetOptions } from './contract.js';
import { fill } from './i18n/en.js';
import type { ChatState } from './state/chat-state.js';
import { lastSeq } from './rules/merge-messages.js';
import { createReadMarks } from './state/read-marks.js';
import { createTabTitle } from './page/tab-title.js';
import type { VisitorRecord } from './state/visitor-record.js';

export interface AttentionDeps {
  state: ChatState;
  visitorRecord: VisitorRecord;
  options: WidgetOptions;
  launcher: HTMLButtonElement | null;
  unread: ReadonlySignal<MessageRecord[]>;
  emit<E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void;
  /** Sends the read mark to the server (conversation:read); resolves whether it was taken. */
  markRead(conversationId: string, seq: number): Promise<boolean>;
}

/**
 * What draws a visitor back: the seen mark (everything is seen while the panel is open on a
 * visible page; the server learns it too, as the thread's read count), the unread event, the
 * launcher's badge and label, and the count in the tab title while the page is hidden. Badge
 * and title have off-switches. Returns the cleanup.
 */
export function watchAttention({ state, visitorRecord, options, launcher, unread, emit, markRead }: AttentionDeps): () => void {
  const title = createTabTitle();
  const reads = createReadMarks(markRead);
  const onVisibility = (): void => {
    state.pageVisible.value = document.visibilityState === 'visible';
  };
  onVisibility();
  document.addEventListener('visibilitychange', onVisibility);
  let reported = 0;

  const stops = [
    effect(() => {
      const conversation = state.conversation.value;
      const seq = lastSeq(state.messages.value);
      if (!conversation || !state.open.value || !state.pageVisible.value) return;
      // Before the local mark's check: after a reload the server may not have the mark yet.
      reads.seen(conversation.id, seq);
      const seen = state.seen.peek();
      if (seen?.conversationId === conversation.id && seen.seq >= seq) return;
      state.seen.value = { conversationId: conversation.id, seq };
      visitorRecord.update({ seen: state.seen.value });
    }),
    effect(() => {
      const count = unread.value.length;
      if (count !== reported) emit('unread', (reported = count));
    }),
    effect(() => {
      if (!launcher) return;
      const t = state.strings.value;
      const count = options.unreadBadge && !state.open.value ? unread.value.length : 0;
      if (count > 0) launcher.dataset.unread = count > 99 ? '99+' : String(count);
      else delete launcher.dataset.unread;
      launcher.setAttribute('aria-label', count > 0 ? fill(t.openChatUnread, { n: count }) : t.openChat);
    }),
    effect(() => {
      const count = unread.value.length;
      if (options.titleCount && !state.pageVisible.value && count > 0) title.show(count);
      else title.clear();
    }),
  ];

  return () => {
    for (const stop of stops) stop();
    reads.stop();
    document.removeEventListener('visibilitychange', onVisibility);
    title.clear();
  };
}
