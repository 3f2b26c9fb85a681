import type { BotMessage } from '../../shared/index.js';
import { usePanel } from './panel-context.js';

// A thumb up; the thumb down is the same drawing turned over (styles.css).
const THUMB = 'M2 10h4v11H2zm6 11h9.4a2 2 0 0 0 1.9-1.4l2.2-7A2 2 0 0 0 19.6 10H14l.9-4.3A1.9 1.9 0 0 0 12.3 3.6L8 10z';

export interface ReactionsProps {
  message: BotMessage;
}

/** Thumbs up and down under an answer: toggle buttons, so aria-pressed says which one is on. */
export function Reactions({ message }: ReactionsProps) {
  const { t, actions } = usePanel();
  return (
    <div class="reactions">
      {(['POSITIVE', 'NEGATIVE'] as const).map((reaction) => (
        <button
          key={reaction}
          type="button"
          class="reaction"
          aria-label={reaction === 'POSITIVE' ? t.helpful : t.notHelpful}
          aria-pressed={message.reaction === reaction}
          onClick={() => actions.react(message, reaction)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d={THUMB} />
          </svg>
        </button>
      ))}
    </div>
  );
}
