import { failedUploads } from '../state/send-file.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './retry.css?inline';

addChunkStyles(css);

export interface RetryButtonProps {
  clientId: string;
  /** The message's words, for the button's name. */
  text: string;
}

/**
 * Under a message that could not be sent. Its own chunk: only a failure needs it. The name
 * says which message ("Retry: hello"; a list of failed ones is otherwise a list of "Retry")
 * and starts with what the button shows.
 */
export function RetryButton({ clientId, text }: RetryButtonProps) {
  const { t, actions } = usePanel();
  // A failed upload is uploaded again (its chip takes the same place); a message goes back to the outbox.
  const retry = (): void => {
    const file = failedUploads.get(clientId);
    if (file) void actions.sendFile(file, clientId);
    else actions.retry(clientId);
  };
  return (
    <button type="button" class="retry" aria-label={`${t.retry}: ${text}`} onClick={retry}>
      {t.retry}
    </button>
  );
}
