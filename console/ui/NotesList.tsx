import type { NoteView } from '../../shared/agent-events.js';

/** Who a note is from, in words: the transfer's notes, a bot's note_create, or an agent's private note; and whether it is about the contact. */
export function noteAuthor(note: NoteView): string {
  const who = note.author === 'transfer' ? 'Transfer note' : note.author === 'bot' ? 'Note from the bot' : `Private note · ${note.author}`;
  return note.aboutContact ? `${who} · ${aboutContact(note)}` : who;
}

/** A note about the contact says so, and when it came from another conversation of theirs. */
const aboutContact = (note: NoteView) => (note.earlierConversationId ? 'about the contact, from an earlier conversation' : 'about the contact');

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }) : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The notes of the conversation, newest last: never shown to the visitor. */
export function NotesList({ notes }: { notes: readonly NoteView[] }) {
  if (notes.length === 0) return <p class="muted">No notes yet. Turn on “Private note” in the composer to add one.</p>;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <li key={note.id} class={`note-card ${note.author === 'transfer' ? 'transfer' : note.author === 'bot' ? 'bot' : 'agent'}${note.earlierConversationId ? ' earlier' : ''}`}>
          <p class="note-meta">
            <span>{noteAuthor(note)}</span>
            <time dateTime={note.createdAt}>{formatWhen(note.createdAt)}</time>
          </p>
          <p class="note-body">{note.body}</p>
        </li>
      ))}
    </ul>
  );
}
