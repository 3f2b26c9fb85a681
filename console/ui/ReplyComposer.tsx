import { useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { CannedResponse } from '../../shared/agent-events.js';
import { checkMessageText, MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import { cannedMatches, insertCanned, slashQuery } from '../rules/inbox.js';
import { useConsole } from './console-context.js';

/** Drafts stay with their conversation while the agent looks at another one. */
const drafts = new Map<string, string>();

export interface ReplyComposerProps {
  conversationId: string;
  /** Escape: back to the list. */
  onLeave(): void;
}

/**
 * Markdown replies, or private notes with the toggle on. Enter sends, Shift+Enter starts a
 * new line; "/" opens the canned responses (arrows to move, Enter or Tab to insert).
 */
export function ReplyComposer({ conversationId, onLeave }: ReplyComposerProps) {
  const { state, controller } = useConsole();
  const [text, setTextState] = useState(() => drafts.get(conversationId) ?? '');
  const [note, setNote] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  const setText = (value: string) => {
    drafts.set(conversationId, value);
    setTextState(value);
  };

  const slash = slashQuery(text, caret);
  const matches: CannedResponse[] = slash && slash.start !== dismissed ? cannedMatches(state.canned.value, slash.query) : [];
  const listOpen = matches.length > 0;
  const current = Math.min(active, matches.length - 1);
  const tooLong = text.trim().length > MAX_MESSAGE_LENGTH;

  const insert = (response: CannedResponse) => {
    if (!slash) return;
    const next = insertCanned(text, slash, response.content);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async () => {
    const checked = checkMessageText(text);
    if ('error' in checked || sending) return;
    setSending(true);
    const done = note ? await controller.note(conversationId, checked.body) : await controller.reply(conversationId, checked.body);
    setSending(false);
    if (done) {
      setText('');
      setCaret(0);
    }
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[current]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(slash!.start);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      field.current?.blur();
      onLeave();
    }
  };

  const onInput = (event: JSX.TargetedEvent<HTMLTextAreaElement>) => {
    const el = event.currentTarget;
    setText(el.value);
    setCaret(el.selectionStart ?? el.value.length);
    setActive(0);
    if (dismissed !== null && !slashQuery(el.value, el.selectionStart ?? el.value.length)) setDismissed(null);
    if (!note) controller.typing(conversationId, el.value.trim() !== '');
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setSending(true);
    const done = await controller.sendFile(conversationId, file, text.trim());
    setSending(false);
    if (done) setText('');
  };

  return (
    <form
      class={`reply${note ? ' note-mode' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {listOpen && (
        <ul class="canned" id="canned-list" role="listbox" aria-label="Canned responses">
          {matches.map((response, index) => (
            <li
              key={response.id}
              id={`canned-${response.id}`}
              role="option"
              aria-selected={index === current}
              class={index === current ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault(); // keeps the focus in the textbox
                insert(response);
              }}
            >
              <span class="canned-code">/{response.shortCode}</span>
              <span class="canned-content">{response.content}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="reply-box">
        <label for="reply" class="visually-hidden">
          Reply
        </label>
        <textarea
          id="reply"
          ref={field}
          rows={3}
          value={text}
          placeholder={note ? 'Write a private note: only agents see it' : 'Reply in markdown… type / for canned responses'}
          aria-describedby="reply-hint"
          aria-autocomplete="list"
          aria-controls={listOpen ? 'canned-list' : undefined}
          aria-activedescendant={listOpen ? `canned-${matches[current]!.id}` : undefined}
          aria-invalid={tooLong ? true : undefined}
          aria-keyshortcuts="r"
          onInput={onInput}
          onKeyDown={onKeyDown}
          onClick={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
          onKeyUp={(event) => {
            if (event.key.startsWith('Arrow') && !listOpen) setCaret(event.currentTarget.selectionStart ?? 0);
          }}
          onBlur={() => controller.typing(conversationId, false)}
        />
        <div class="reply-tools">
          <label class="switch">
            <input type="checkbox" checked={note} onChange={(event) => setNote(event.currentTarget.checked)} />
            <span class="switch-track" aria-hidden="true" />
            Private note
          </label>
          <button type="button" class="tool" onClick={() => picker.current?.click()} disabled={note || sending}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M16.5 6.5v10.6a4.5 4.5 0 0 1-9 0V5.8a3 3 0 0 1 6 0v10.4a1.5 1.5 0 0 1-3 0V6.5H9v9.7a3 3 0 0 0 6 0V5.8a4.5 4.5 0 0 0-9 0v11.3a6 6 0 0 0 12 0V6.5h-1.5Z" />
            </svg>
            <span class="collapse-narrow">Attach a file</span>
          </button>
          <input
            ref={picker}
            type="file"
            hidden
            onChange={(event) => {
              const input = event.currentTarget;
              void onFile(input.files?.[0]);
              input.value = '';
            }}
          />
          <span id="reply-hint" class="hint">
            {tooLong ? `Up to ${MAX_MESSAGE_LENGTH} characters` : 'Enter to send · Shift+Enter for a new line · Markdown'}
          </span>
          <button type="submit" class={note ? 'button note' : 'button primary'} disabled={sending || tooLong}>
            Send
          </button>
        </div>
      </div>
    </form>
  );
}
