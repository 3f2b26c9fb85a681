import type { VisitorEvent } from '../../shared/index.js';

export interface VisitorMessageViewProps {
  packet: VisitorEvent;
  status?: 'sending' | 'failed';
  error?: string;
}

/** What the visitor said, as plain text: a typed message, or the label of a clicked option. */
export function VisitorMessageView({ packet, status, error }: VisitorMessageViewProps) {
  return (
    <div class="visitor-message">
      <p class="bubble plain">{visitorText(packet)}</p>
      {status === 'sending' && <p class="delivery">Sending…</p>}
      {status === 'failed' && <p class="delivery failed">Not sent: {error}</p>}
    </div>
  );
}

export function visitorText(packet: VisitorEvent): string {
  switch (packet.name) {
    case 'message':
      return packet.payload.body;
    case 'click':
      return packet.payload.value.label;
    case 'media':
      return packet.payload.name;
    case 'start':
      return packet.payload.body ?? '';
  }
}
