import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { Conversation, Store } from '../../store/index.js';
import { parseQuery } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

/** A chatbot session of seed 000 is the engine's state of one open conversation. */
function sessionView(c: Conversation) {
  return {
    id: c.id,
    contact_id: c.visitorId,
    current_flow_id: c.session.flow?.flow_id ?? null,
    current_step: c.session.flow?.step ?? null,
    variables: c.session.variables,
    handover: c.session.handover ?? false,
    started_at: c.createdAt,
    last_activity: c.updatedAt,
    // addon_dispatch and email_dispatch asked for by the bot, each with its result once tried.
    dispatches: c.meta.dispatches ?? [],
  };
}

export const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function sessionRoutes(store: Store) {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const page = parseQuery(c, pageSchema);
    const conversations = await store.conversations.listOpenOfBot(c.get('bot').id, page);
    return c.json(success({ items: conversations.map(sessionView), limit: page.limit, offset: page.offset }));
  });

  app.get('/:id', async (c) => {
    const conversation = await store.conversations.find(c.req.param('id'));
    if (!conversation || conversation.botId !== c.get('bot').id) throw new AppError('not_found', `no session with id "${c.req.param('id')}"`);
    return c.json(success(sessionView(conversation)));
  });

  return app;
}
