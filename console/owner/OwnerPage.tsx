import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

/**
 * A page below the bots list (a bot, the account): the way back, and its heading, where the
 * keyboard and screen readers start when the page opens (or `focusKey` changes).
 */
export interface OwnerPageProps {
  titleId: string;
  heading: ComponentChildren;
  /** What the page shows (a bot's id): a new one puts the focus back on the heading. */
  focusKey?: string;
  onBack: () => void;
  children: ComponentChildren;
}

export function OwnerPage({ titleId, heading, focusKey, onBack, children }: OwnerPageProps) {
  // In the commit that draws the page, so a control focused as soon as it shows keeps the focus.
  useLayoutEffect(() => document.getElementById(titleId)?.focus(), [titleId, focusKey]);
  return (
    <main class="owner-main" aria-labelledby={titleId}>
      <button type="button" class="button owner-back" onClick={onBack}>
        ← All bots
      </button>
      <h1 id={titleId} tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </main>
  );
}
