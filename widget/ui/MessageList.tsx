import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { AnswerDraft, MessageRecord, PeopleNotice } from '../../shared/index.js';
import { fill, type StringKey } from '../i18n/en.js';
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
  /** The name of the agent typing (else the bot types). */
  typist?: string | null;
  /** Agents have read the visitor's messages up to this sequence number. */
  readSeq?: number;
  /** AI answers as they stream, after the stored messages. */
  drafts?: readonly AnswerDraft[];
  /** Scrolls to the newest message again when the panel is shown. */
  visible?: boolean;
  /** Above the first message: the owner's cards and links (002). */
  intro?: ComponentChildren;
  /** With the owner's bot avatar (002 icons): the bot's name and face head each run of its messages. */
  bot?: { name: string; avatar: string } | undefined;
  /** The face of an agent who has none of their own (002 icons). */
  agentAvatar?: string | undefined;
}

/**
 * The conversation, oldest first, then what is still being sent. Not a live region: the
 * LiveAnnouncer speaks new messages, so screen readers do not re-read the history.
 */
export function MessageList(props: MessageListProps) {
  const { messages, pending, typing = false, typist = null, readSeq = 0, drafts = [], visible = true, bot, agentAvatar } = props;
  const { t, locale } = usePanel();
  const listRef = useRef<HTMLOListElement>(null);
  const answers = useMemo(() => answersByMessage(messages, pending), [messages, pending]);
  // Instructions take no row, and a time goes under the last message of each run.
  const shown = useMemo(() => messages.filter((m) => m.author === 'visitor' || isShown(m.packet)), [messages]);
  const size = shown.length + pending.length;
  // "Seen" goes under the newest visitor message an agent has read.
  const seenId = useMemo(() => shown.findLast((m) => m.author === 'visitor' && m.seq <= readSeq)?.id, [shown, readSeq]);

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
      {props.intro && <li class="intro">{props.intro}</li>}
      {shown.map((message, index) => {
        const system = isSystemLine(message);
        const next = shown[index + 1];
        const time = !system && (endsRun(shown, index) || (next && isSystemLine(next))) && formatTime(message.createdAt, locale);
        const previous = shown[index - 1];
        const sender = message.author === 'agent' ? message.sender : message.author === 'bot' && !system ? bot : undefined;
        // An agent's name (and face) heads each run of their messages; so do the bot's, when it has a face.
        const sameRun =
          message.author === 'bot' ? previous?.author === 'bot' && !isSystemLine(previous) : previous?.author === 'agent' && previous.sender?.name === sender?.name;
        const newSender = sender && !sameRun;
        const face = sender && (sender.avatar || (message.author === 'agent' && agentAvatar));
        return (
          <li key={message.id} class={`row ${system ? 'system' : message.author}`}>
            {newSender && (
              <span class="sender">
                {face && <img src={face} alt="" />}
                {sender.name}
              </span>
            )}
            {message.author === 'visitor' ? (
              <VisitorMessageView packet={message.packet} />
            ) : message.notice ? (
              <p class="system-line">{fill(t[NOTICE_TEXT[message.notice.kind]], { name: message.notice.agent ?? '' })}</p>
            ) : (
              <BotMessageView message={message} answer={answers.get(message.id)} />
            )}
            {time && (
              <time class="time" dateTime={message.createdAt}>
                {time}
              </time>
            )}
            {message.id === seenId && <span class="seen">{t.seen}</span>}
          </li>
        );
      })}
      {pending.map((item) => (
        <li key={item.clientId} class="row visitor">
          <VisitorMessageView
            packet={item.packet}
            status={item.status}
            {...(item.error ? { error: item.error } : {})}
            {...(item.retryable ? { retryId: item.clientId } : {})}
          />
        </li>
      ))}
      {drafts.map((draft) => (
        <li key={draft.draftId} class="row bot">
          <DraftAnswer draft={draft} />
        </li>
      ))}
      {typing && <TypingIndicator name={typist} />}
    </ol>
  );
}

function isSystemLine(message: MessageRecord): boolean {
  return message.author !== 'visitor' && (message.notice !== undefined || systemLineOf(message.packet) !== undefined);
}

/** What the visitor reads for a line about people, in their language. */
const NOTICE_TEXT: Record<PeopleNotice['kind'], StringKey> = {
  agent_joined: 'agentJoined',
  agent_left: 'agentLeft',
  requeued: 'requeued',
  bot_resumed: 'botResumed',
};
