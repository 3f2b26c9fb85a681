import type { MessageRecord } from '../../shared/index.js';
import type { Strings } from '../i18n/en.js';
import type { ChatState } from '../state/chat-state.js';
import { plainText } from '../rules/plain-text.js';
import { spokenText } from '../rules/spoken-text.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './preview.css?inline';
import { useSignalValue } from './use-signal-value.js';

addChunkStyles(css);

export interface LauncherPreviewProps {
  state: ChatState;
  unread: readonly MessageRecord[];
  /** Whether the visitor had a conversation when the page loaded (then there is no greeting to preview). */
  hadConversation: boolean;
  onOpen(): void;
  onDismiss(key: string): void;
}

/**
 * A bubble next to the closed launcher: the newest unread message, or the bot's greeting
 * for a visitor who has not chatted yet; gone for good once dismissed.
 */
export function LauncherPreview({ state, unread, hadConversation, onOpen, onDismiss }: LauncherPreviewProps) {
  const { t } = usePanel();
  const preview = previewOf({
    unread,
    hadConversation,
    greeting: useSignalValue(state.config)?.appearance.greetingPreview,
    conversation: useSignalValue(state.conversation) !== null,
    dismissed: useSignalValue(state.previewDismissed),
    strings: useSignalValue(state.strings),
  });
  if (!preview) return null;
  return (
    <div class="preview">
      <button type="button" class="preview-text" onClick={onOpen}>
        <span>{preview.text}</span>
      </button>
      <button type="button" class="preview-dismiss" aria-label={t.dismiss} onClick={() => onDismiss(preview.key)}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z" />
        </svg>
      </button>
    </div>
  );
}

interface PreviewInputs {
  unread: readonly MessageRecord[];
  hadConversation: boolean;
  greeting: string | undefined;
  /** Whether a conversation is open in this page. */
  conversation: boolean;
  dismissed: string | null;
  strings: Strings;
}

function previewOf({ unread, hadConversation, greeting, conversation, dismissed, strings }: PreviewInputs): { key: string; text: string } | null {
  const latest = unread.at(-1);
  const candidate = latest
    ? { key: latest.id, text: spokenText(latest, strings) }
    : !hadConversation && !conversation && greeting
      ? { key: 'greeting', text: plainText(greeting) }
      : null;
  return candidate && candidate.text && dismissed !== candidate.key ? candidate : null;
}
