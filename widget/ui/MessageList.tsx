import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { BotMessage, ChoiceOption, MessageRecord } from '../../shared/index.js';
import type { PendingMessage } from '../state/chat-state.js';
import { answersByMessage } from '../state/choices.js';
import { isShown } from './action-views.js';
import { BotMessageView } from './BotMessageView.js';
import { VisitorMessageView } from './VisitorMessageView.js';

export interface MessageListProps {
  messages: readonly MessageRecord[];
  pending: readonly PendingMessage[];
  onChoose(message: BotMessage, option: ChoiceOption): void;
  /** Scrolls to the newest message again when the panel is shown. */
  visible?: boolean;
}

/**
 * The conversation, oldest first, then what is still being sent. Not a live region: the
 * LiveAnnouncer speaks new messages, so screen readers do not re-read the history.
 */
export function MessageList({ messages, pending, onChoose, visible = true }: MessageListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const answers = useMemo(() => answersByMessage(messages, pending), [messages, pending]);
  const size = messages.length + pending.length;

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [size, visible]);

  return (
    // Focusable so keyboard users can scroll the history.
    <ol class="messages" ref={listRef} tabIndex={0} aria-label="Conversation">
      {messages.map((message) =>
        message.author === 'visitor' ? (
          <li key={message.id} class="row visitor">
            <VisitorMessageView packet={message.packet} />
          </li>
        ) : (
          isShown(message.packet) && (
            <li key={message.id} class={`row ${message.author}`}>
              <BotMessageView message={message} answer={answers.get(message.id)} onChoose={onChoose} />
            </li>
          )
        ),
      )}
      {pending.map((item) => (
        <li key={item.clientId} class="row visitor">
          <VisitorMessageView packet={item.packet} status={item.status} {...(item.error ? { error: item.error } : {})} />
        </li>
      ))}
    </ol>
  );
}
