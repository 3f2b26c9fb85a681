import type { Signal } from '@preact/signals-core';
import type { JSX } from 'preact';
import { checkMessageText, MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import { fill } from '../i18n/en.js';
import type { AttachButtonProps } from './AttachButton.js';
import { lazyView, Nothing } from './lazy-view.js';
import { usePanel } from './panel-context.js';
import { useSignalValue } from './use-signal-value.js';

const AttachButton = lazyView<AttachButtonProps>(() => import('./AttachButton.js').then((m) => m.AttachButton), Nothing);

export interface ComposerProps {
  /** The text being written; window.Confab.prefill sets it too. */
  draft: Signal<string>;
  onSend(text: string): void;
  /** Accepted MIME types for the file picker; omitted when uploads are off. */
  accept?: readonly string[] | undefined;
  onFiles?(files: readonly File[]): void;
  /** The visitor typed (agents see it). */
  onTyping?(): void;
}

/** Enter sends, Shift+Enter starts a new line; empty and over-long texts are not sent. Files come by picker or paste. */
export function Composer({ draft, onSend, accept, onFiles, onTyping }: ComposerProps) {
  const { t, locale } = usePanel();
  const text = useSignalValue(draft);
  const length = text.trim().length;
  const tooLong = length > MAX_MESSAGE_LENGTH;

  const submit = (): void => {
    const checked = checkMessageText(text);
    if ('error' in checked) return; // empty: nothing to do; too long: the hint is already shown
    onSend(checked.body);
    draft.value = '';
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>): void => {
    // isComposing: Enter also confirms an IME composition (Japanese, Chinese...), not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onPaste = (event: JSX.TargetedClipboardEvent<HTMLTextAreaElement>): void => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!onFiles || files.length === 0) return;
    event.preventDefault(); // a pasted screenshot is a file, not text
    onFiles(files);
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {accept && onFiles && <AttachButton accept={accept} onFiles={onFiles} />}
      <label class="visually-hidden" for="confab-composer">
        {t.message}
      </label>
      <textarea
        id="confab-composer"
        rows={1}
        placeholder={t.placeholder}
        value={text}
        aria-invalid={tooLong}
        aria-describedby={tooLong ? 'confab-composer-hint' : undefined}
        onInput={(event) => {
          draft.value = event.currentTarget.value;
          onTyping?.();
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
      />
      <button type="submit" class="send" aria-label={t.send} disabled={tooLong}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8Z" />
        </svg>
      </button>
      {tooLong && (
        <p id="confab-composer-hint" class="hint" role="alert">
          {fill(t.tooLong, {
            max: MAX_MESSAGE_LENGTH.toLocaleString(locale),
            n: length.toLocaleString(locale),
          })}
        </p>
      )}
    </form>
  );
}
