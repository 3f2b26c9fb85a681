import { usePanel } from './panel-context.js';

/** Three dots while the bot "types" (a delay). Not a live region: only messages are announced. */
export function TypingIndicator() {
  const { t } = usePanel();
  return (
    <li class="row bot">
      <span class="bubble typing" role="img" aria-label={t.typing}>
        <i />
        <i />
        <i />
      </span>
    </li>
  );
}
