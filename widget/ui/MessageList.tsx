import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { AnswerDraft, MessageRecord } from '../../shared/index.js';
import { systemLineOf } from '../rules/action-kinds.js';
import type { PendingMessage } from '../state/chat-state.js';
import { answersByMessage } from '../rules/choices.js';
import { endsRun, formatTime } from '../rules/time-format.js';
import { isShown } from './action-views.js';
import { BotMessageView } from './BotMessageView.js';
import type { DraftAnswerProps } from './DraftAnswer.js';
import { lazyView, Nothing } from './lazy-view.js';
import { usePanel } from './panel-context.js';
import { TypingIndicator } from './TypingIndicator.js';
import { VisitorMessageView } from './VisitorMessageView.js';

const DraftAnswer = lazyView<DraftAnswerProps>(() => import('./DraftAnswer.js').then((m) => m.DraftAnswer), Nothing);

export interface MessageListProps {
  messages: readonly MessageRecord[];
  pending: readonly PendingMessage[];
  typing?: boolean;
  /** AI answers as they stream, after the stored messages. */
  drafts?: readonly AnswerDraft[];
  /** Scrolls to the newest message again when the panel is shown. */
  visible?: boolean;
}

/**
 * The conversation, oldest first, then what is still being sent. Not a live region: the
 * LiveAnnouncer speaks new messages, so screen readers do not re-read the history.
 */
export function MessageList({ messages, pending, typing = false, drafts = [], visible = true }: MessageListProps) {
  const { t, locale } = usePanel();
  const listRef = useRef<HTMLOListElement>(null);
  const answers = useMemo(() => answersByMessage(messages, pending), [messages, pending]);
  // Instructions take no row, and a time goes under the last message of each run.
  const shown = useMemo(() => messages.filter((m) => m.author === 'visitor' || isShown(m.packet)), [messages]);
  const size = shown.length + pending.length;

  // Follows the newest message while the visitor is at the bottom; images and players that
  // load later grow the list, so their load events scroll again. Scrolled up, it stays put.
  const atBottom = useRef(true);
  const follow = (): void => {
    const list = listRef.current;
    if (list && atBottom.current) list.scrollTop = list.scrollHeight;
  };
  useLayoutEffect(() => {
    atBottom.current = true;
    follow();
  }, [size, visible, typing]);
  // A growing answer is followed only while the visitor stays at the bottom; so is a list that
  // shrinks (follow-up questions appear under it).
  useLayoutEffect(follow, [drafts]);
  useLayoutEffect(() => {
    const observer = new ResizeObserver(follow);
    observer.observe(listRef.current!);
    return () => observer.disconnect();
  }, []);

  return (
    // Focusable so keyboard users can scroll the history.
    <ol
      class="messages"
      ref={listRef}
      tabIndex={0}
      aria-label={t.conversation}
      onScroll={(event) => {
        const list = event.currentTarget;
        atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
      }}
      onLoadCapture={follow}
      onLoadedMetadataCapture={follow}
    >
      {shown.map((message, index) => {
        const system = isSystemLine(message);
        const next = shown[index + 1];
        const time = !system && (endsRun(shown, index) || (next && isSystemLine(next))) && formatTime(message.createdAt, locale);
        return (
          <li key={message.id} class={`row ${system ? 'system' : message.author}`}>
            {message.author === 'visitor' ? (
              <VisitorMessageView packet={message.packet} />
            ) : (
              <BotMessageView message={message} answer={answers.get(message.id)} />
            )}
            {time && (
              <time class="time" dateTime={message.createdAt}>
                {time}
              </time>
            )}
          </li>
        );
      })}
      {pending.map((item) => (
        <li key={item.clientId} class="row visitor">
          <VisitorMessageView packet={item.packet} status={item.status} {...(item.error ? { error: item.error } : {})} />
        </li>
      ))}
      {drafts.map((draft) => (
        <li key={draft.draftId} class="row bot">
          <DraftAnswer draft={draft} />
        </li>
      ))}
      {typing && <TypingIndicator />}
    </ol>
  );
}

function isSystemLine(message: MessageRecord): boolean {
  return message.author !== 'visitor' && systemLineOf(message.packet) !== undefined;
}
