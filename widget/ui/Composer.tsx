import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import { checkMessageText } from '../state/message-text.js';

export interface ComposerProps {
  onSend(text: string): void;
}

/** Enter sends, Shift+Enter starts a new line; empty and over-long texts are not sent. */
export function Composer({ onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const tooLong = text.trim().length > MAX_MESSAGE_LENGTH;

  const submit = (): void => {
    const checked = checkMessageText(text);
    if ('error' in checked) return; // empty: nothing to do; too long: the hint is already shown
    onSend(checked.body);
    setText('');
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>): void => {
    // isComposing: Enter also confirms an IME composition (Japanese, Chinese...), not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="confab-composer">
        Message
      </label>
      <textarea
        id="confab-composer"
        rows={1}
        placeholder="Write a message…"
        value={text}
        aria-invalid={tooLong}
        aria-describedby={tooLong ? 'confab-composer-hint' : undefined}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="send" aria-label="Send" disabled={tooLong}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8Z" />
        </svg>
      </button>
      {tooLong && (
        <p id="confab-composer-hint" class="hint" role="alert">
          {`Messages can be up to ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} characters (${text.trim().length.toLocaleString('en-US')} now).`}
        </p>
      )}
    </form>
  );
}
