import type { ConnectionStatus } from '../state/chat-state.js';
import { usePanel } from './panel-context.js';

export interface ConnectionNoticeProps {
  status: ConnectionStatus;
  notice: string | null;
}

/** One small line: an error the visitor should know about, or that the chat is reconnecting. */
export function ConnectionNotice({ status, notice }: ConnectionNoticeProps) {
  const { t } = usePanel();
  if (notice) {
    return (
      <p class="notice error" role="alert">
        {notice}
      </p>
    );
  }
  if (status === 'reconnecting') {
    return (
      <p class="notice" role="status">
        {t.reconnecting}
      </p>
    );
  }
  return null;
}
