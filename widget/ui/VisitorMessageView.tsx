import { visitorWords, type VisitorEvent } from '../../shared/index.js';
import { fill } from '../i18n/en.js';
import { lazyView, Nothing } from './lazy-view.js';
import type { MediaContentProps } from './MediaContent.js';
import { usePanel } from './panel-context.js';
import type { RetryButtonProps } from './RetryButton.js';

const MediaContent = lazyView<MediaContentProps>(() => import('./MediaContent.js').then((m) => m.MediaContent), Nothing);
const RetryButton = lazyView<RetryButtonProps>(() => import('./RetryButton.js').then((m) => m.RetryButton), Nothing);

export interface VisitorMessageViewProps {
  packet: VisitorEvent;
  status?: 'sending' | 'failed';
  error?: string;
  /** A failed one with a Retry: its pending clientId. */
  retryId?: string;
}

/** What the visitor said, as plain text (a typed message, the label of a clicked option), or the file they sent. */
export function VisitorMessageView({ packet, status, error, retryId }: VisitorMessageViewProps) {
  const { t } = usePanel();
  const uploading = packet.name === 'media' && !packet.payload.link;
  return (
    <div class="visitor-message">
      {packet.name === 'media' ? (
        <div class="media">
          <MediaContent link={packet.payload.link} type={packet.payload.type} name={packet.payload.name} size={packet.payload.size} />
        </div>
      ) : (
        <p class="bubble plain">
          <span dir="auto">{visitorText(packet)}</span>
        </p>
      )}
      {status === 'sending' && <p class="delivery">{uploading ? t.uploading : t.sending}</p>}
      {status === 'failed' && (
        <p class="delivery failed">
          {fill(t.notSent, { error: error ?? '' })}
          {retryId && <RetryButton clientId={retryId} text={visitorText(packet)} />}
        </p>
      )}
    </div>
  );
}

export function visitorText(packet: VisitorEvent): string {
  return visitorWords(packet) ?? (packet.name === 'media' ? packet.payload.name : '');
}
