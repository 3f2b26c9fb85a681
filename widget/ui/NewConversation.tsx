import { usePanel } from './panel-context.js';

export interface NewConversationProps {
  onStart(): void;
}

/** Takes the composer's place once the conversation has ended. */
export function NewConversation({ onStart }: NewConversationProps) {
  const { t } = usePanel();
  return (
    <div class="composer ended">
      <button type="button" class="new-conversation" onClick={onStart}>
        {t.newConversation}
      </button>
    </div>
  );
}
