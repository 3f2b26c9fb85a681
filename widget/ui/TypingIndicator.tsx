import { fill } from '../i18n/en.js';
import { usePanel } from './panel-context.js';

/** Three dots while the bot "types" (a delay) or an agent types (named). Not a live region: only messages are announced. */
export function TypingIndicator({ name }: { name?: string | null }) {
  const { t } = usePanel();
  return (
    <li class="row bot">
      <span class="bubble typing" role="img" aria-label={name ? fill(t.agentTyping, { name }) : t.typing} title={name ?? undefined}>
        <i />
        <i />
        <i />
      </span>
    </li>
  );
}
