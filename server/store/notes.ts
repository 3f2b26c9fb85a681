import { orderedId } from '../lib/ordered-id.js';
import type { Kysely } from 'kysely';
import type { Database, NoteRow } from './schema.js';

export interface Note {
  id: string;
  conversationId: string;
  contactId: string | null;
  body: string;
  author: string;
  createdAt: string;
}

function toNote(r: NoteRow): Note {
  return { id: r.id, conversationId: r.conversation_id, contactId: r.contact_id, body: r.body, author: r.author, createdAt: r.created_at };
}

/** Internal notes for agents: about a conversation, or about its contact. */
export function noteStore(db: Kysely<Database>) {
  return {
    async create(input: Omit<Note, 'id'>): Promise<Note> {
      const note = { id: orderedId(), ...input };
      await db
        .insertInto('notes')
        .values({
          id: note.id,
          conversation_id: note.conversationId,
          contact_id: note.contactId,
          body: note.body,
          author: note.author,
          created_at: note.createdAt,
        })
        .execute();
      return note;
    },

    async ofConversation(conversationId: string): Promise<Note[]> {
      const rows = await db.selectFrom('notes').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toNote);
    },

    /**
     * Notes about a contact (003 note_create with contact_identity_id), from all its
     * conversations, oldest first. `newest`: only the last so many, `except` a conversation's
     * (the console's "earlier conversations": a regular contact's notes are not all read).
     */
    async ofContact(contactId: string, options: { newest?: number; except?: string } = {}): Promise<Note[]> {
      let query = db.selectFrom('notes').selectAll().where('contact_id', '=', contactId);
      if (options.except !== undefined) query = query.where('conversation_id', '!=', options.except);
      if (options.newest === undefined) return (await query.orderBy('created_at').orderBy('id').execute()).map(toNote);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.newest).execute();
      return rows.reverse().map(toNote);
    },
  };
}
