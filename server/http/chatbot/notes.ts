import { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { Note, Store } from '../../store/index.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

/** A note as the configuration API shows it: what it is about, who wrote it (a bot, an agent's name, "transfer"). */
export function noteView(n: Note) {
  return {
    id: n.id,
    about: n.contactId ? ('contact' as const) : ('conversation' as const),
    session_id: n.conversationId,
    contact_id: n.contactId,
    body: n.body,
    author: n.author,
    created_at: n.createdAt,
  };
}

/**
 * The agents' internal notes, readable by the owner: GET /sessions/:id/notes (the notes made
 * in that conversation, both kinds) and GET /contacts/:id/notes (the notes about a contact,
 * from all of its conversations).
 */
export function noteRoutes(store: Store) {
  const app = new Hono<AdminEnv>();

  app.get('/sessions/:id/notes', async (c) => {
    const id = c.req.param('id');
    const conversation = await store.conversations.find(id);
    if (!conversation || conversation.botId !== c.get('bot').id) throw new AppError('not_found', `no session with id "${id}"`);
    return c.json(success({ items: (await store.notes.ofConversation(id)).map(noteView) }));
  });

  app.get('/contacts/:id/notes', async (c) => {
    const id = c.req.param('id');
    const contact = await store.visitors.find(id);
    if (!contact || contact.botId !== c.get('bot').id) throw new AppError('not_found', `no contact with id "${id}"`);
    return c.json(success({ items: (await store.notes.ofContact(id)).map(noteView) }));
  });

  return app;
}
