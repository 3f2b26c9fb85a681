import type { Announcement } from '../state/chat-state.js';

export interface LiveAnnouncerProps {
  announcements: readonly Announcement[];
}

/** A visually hidden polite live region holding only the latest new messages. */
export function LiveAnnouncer({ announcements }: LiveAnnouncerProps) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-relevant="additions">
      {announcements.map((a) => (
        <p key={a.id}>{a.text}</p>
      ))}
    </div>
  );
}
