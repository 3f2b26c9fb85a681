import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './preview.css?inline';

addChunkStyles(css);

export interface LauncherPreviewProps {
  text: string;
  onOpen(): void;
  onDismiss(): void;
}

/** A bubble next to the closed launcher: the bot's greeting, or the newest unread message. */
export function LauncherPreview({ text, onOpen, onDismiss }: LauncherPreviewProps) {
  const { t } = usePanel();
  return (
    <div class="preview">
      <button type="button" class="preview-text" onClick={onOpen}>
        <span>{text}</span>
      </button>
      <button type="button" class="preview-dismiss" aria-label={t.dismiss} onClick={onDismiss}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z" />
        </svg>
      </button>
    </div>
  );
}
