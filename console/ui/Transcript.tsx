import { render } from 'preact';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { ConversationSummary, NoteView } from '../../shared/agent-events.js';
import type { InlineForm as InlineFormFields, MessageRecord } from '../../shared/index.js';
import { en } from '../../widget/i18n/en.js';
import { systemLineOf } from '../../widget/rules/action-kinds.js';
import { answersByMessage } from '../../widget/rules/choices.js';
import { endsRun, formatTime } from '../../widget/rules/time-format.js';
import { isShown } from '../../widget/ui/action-views.js';
import { BotMessageView } from '../../widget/ui/BotMessageView.js';
import type { InlineFormProps } from '../../widget/ui/InlineForm.js';
import { lazyView, Nothing } from '../../widget/ui/lazy-view.js';
import { MarkdownText } from '../../widget/ui/MarkdownText.js';
import { PanelContext, type PanelContextValue } from '../../widget/ui/panel-context.js';
import { VisitorMessageView } from '../../widget/ui/VisitorMessageView.js';
import { noteAuthor } from './NotesList.js';
import { adoptTranscriptStyles } from './transcript-styles.js';

/** Nothing the visitor could do is the agent's to do: choices are shown answered (disabled), clicks go nowhere. */
const noop = () => {};
const AGENT_VIEW: Omit<PanelContextValue, 'server'> = {
  t: en,
  locale: typeof navigator === 'undefined' ? 'en' : navigator.language || 'en',
  navigateOrigins: [],
  showImage: (src) => void window.open(src, '_blank', 'noopener,noreferrer'),
  showList: noop,
  reactions: false,
  actions: {
    sendText: () => false,
    choose: noop,
    sendFile: async () => {},
    startNewConversation: noop,
    react: noop,
    choosePersona: noop,
    typing: noop,
    leaveEmail: noop,
    stopAnswer: noop,
    retry: noop,
    register: noop,
    sendForm: noop,
  },
};

type Item = { kind: 'message'; message: MessageRecord } | { kind: 'note'; note: NoteView };

/** Messages in order, each note placed where it was written. */
export function interleave(messages: readonly MessageRecord[], notes: readonly NoteView[]): Item[] {
  const items: Item[] = [];
  const pending = [...notes].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const message of messages) {
    while (pending.length && Date.parse(pending[0]!.createdAt) < Date.parse(message.createdAt)) items.push({ kind: 'note', note: pending.shift()! });
    items.push({ kind: 'message', message });
  }
  for (const note of pending) items.push({ kind: 'note', note });
  return items;
}

export interface TranscriptProps {
  messages: readonly MessageRecord[];
  notes: readonly NoteView[];
  row: ConversationSummary | null;
  server: string;
}

/** The whole history as the visitor saw it (the widget's own views, in a shadow root with its styles), with the agents' notes. */
export function Transcript({ messages, notes, row, server }: TranscriptProps) {
  const host = useRef<HTMLDivElement>(null);
  const root = useRef<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const el = host.current!;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    root.current = shadow;
    const release = adoptTranscriptStyles(shadow);
    return () => {
      render(null, shadow);
      release();
    };
  }, []);
  const context = useMemo<PanelContextValue>(() => ({ ...AGENT_VIEW, server }), [server]);
  // A tree of its own inside the shadow root (no compat portal: preact/compat would change how
  // every event handler of the console is bound), rendered again with every change.
  useLayoutEffect(() => {
    if (!root.current) return;
    render(
      <PanelContext.Provider value={context}>
        <TranscriptRows messages={messages} notes={notes} row={row} />
      </PanelContext.Provider>,
      root.current,
    );
  }, [messages, notes, row, context]);
  return <div class="transcript-host" ref={host} />;
}

function TranscriptRows({ messages, notes, row }: Omit<TranscriptProps, 'server'>) {
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  // A choice the visitor never answered shows as answered (null): disabled, nothing chosen.
  const answers = useMemo(() => answersByMessage(messages, []), [messages]);
  const shown = useMemo(() => messages.filter((m) => m.author === 'visitor' || isShown(m.packet)), [messages]);
  const items = useMemo(() => interleave(shown, notes), [shown, notes]);
  const follow = (): void => {
    if (list.current && atBottom.current) list.current.scrollTop = list.current.scrollHeight;
  };
  useLayoutEffect(() => {
    atBottom.current = true;
    follow();
  }, [items.length]);

  return (
    <ol
      class="messages"
      ref={list}
      tabIndex={0}
      aria-label="Conversation history"
      onScroll={(event) => {
        const el = event.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
      onLoadCapture={follow}
      onLoadedMetadataCapture={follow}
    >
      {items.map((item, index) => {
        if (item.kind === 'note') return <NoteRow key={`note-${item.note.id}`} note={item.note} />;
        const { message } = item;
        // People notices (an agent joined or left) carry their words as a plain message: one centered line.
        const notice = message.author !== 'visitor' && message.notice ? noticeText(message) : undefined;
        const system = notice !== undefined || (message.author !== 'visitor' && systemLineOf(message.packet) !== undefined);
        const position = shown.indexOf(message);
        const previous = items[index - 1];
        const startsRun = previous?.kind !== 'message' || previous.message.author !== message.author;
        const time = !system && endsRun(shown, position) && formatTime(message.createdAt, AGENT_VIEW.locale);
        return (
          <li key={message.id} class={`row ${system ? 'system' : message.author}`}>
            {!system && startsRun && message.author !== 'visitor' && <p class="author">{authorOf(message, row)}</p>}
            {notice !== undefined ? (
              <p class="system-line">{notice}</p>
            ) : message.author === 'visitor' ? (
              <VisitorMessageView packet={message.packet} />
            ) : (
              <>
                <BotMessageView message={message} answer={answers.has(message.id) ? answers.get(message.id) : null} />
                <SentForm message={message} />
              </>
            )}
            {time && (
              <time class="time" dateTime={message.createdAt}>
                {time}
              </time>
            )}
          </li>
        );
      })}
    </ol>
  );
}

// The widget's own chunk, loaded as the widget loads it: its CSS reaches the transcript's roots through the chunk-style sink.
const InlineForm = lazyView<InlineFormProps>(() => import('../../widget/ui/InlineForm.js').then((m) => m.InlineForm), Nothing);

/** A whatsapp_flow step's fields, sent with its first question (the widget shows them as one form). */
function formOf(message: MessageRecord): InlineFormFields | undefined {
  return message.author === 'bot' && message.packet.name === 'message' ? message.packet.payload.form : undefined;
}

/**
 * A message's form as the visitor got it, answered or not (nothing for a message without one): the widget's own form, read-only. The
 * widget drops a form once it is answered; the agent keeps seeing what was asked, and the
 * visitor's answer follows it.
 */
function SentForm({ message }: { message: MessageRecord }) {
  const form = formOf(message);
  if (!form) return null;
  return (
    <div class="sent-form" role="group" aria-label="Form sent to the visitor">
      <InlineForm form={form} />
    </div>
  );
}

function noticeText(message: MessageRecord): string {
  const payload = message.packet.payload as { body?: unknown };
  return typeof payload.body === 'string' ? payload.body : '';
}

function authorOf(message: MessageRecord, row: ConversationSummary | null): string {
  if (message.author === 'bot') return 'Bot';
  if (message.author !== 'agent') return 'System';
  return message.sender?.name ?? row?.transfer?.agentName ?? 'Agent';
}

function NoteRow({ note }: { note: NoteView }) {
  return (
    <li class={`row note-row ${note.author === 'transfer' ? 'transfer-note' : ''}`}>
      <div class="note">
        <p class="note-author">{noteAuthor(note)}</p>
        <MarkdownText text={note.body} />
      </div>
    </li>
  );
}
