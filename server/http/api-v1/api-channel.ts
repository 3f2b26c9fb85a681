import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { MessageRecord } from '../../../shared/index.js';
import { messageBody, type ConversationService } from '../../conversations/conversation-service.js';
import type { VisitorRequests } from '../../conversations/visitor-requests.js';
import type { BusEvent, MessageBus } from '../../conversations/message-bus.js';
import { messageText } from '../../conversations/message-text.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { profileChange, type Store } from '../../store/index.js';
import { adminAuth, type AdminEnv } from '../chatbot/admin-auth.js';
import type { TokenLimitsDeps } from '../token-limits.js';
import { apiChannelEnvelope, errorHandler } from '../envelopes.js';
import { parseJsonBody, parseQuery } from '../request-body.js';

export interface ApiChannelDeps extends TokenLimitsDeps {
  store: Store;
  service: ConversationService;
  visitorRequests: VisitorRequests;
  bus: MessageBus;
  clock: Clock;
  log: (message: string, err?: unknown) => void;
}

const text = z.object({ data: z.object({ body: z.string() }), type: z.literal('text') });
const scalar = z.union([z.string().max(2_000), z.number(), z.boolean()]);

export const startSchema = z.object({
  channel: z.literal('API'),
  message: text.optional(),
  variables: z
    .object({
      system: z.record(z.string().max(100), scalar).optional(),
      contact: z
        .object({ name: z.string().max(200).optional(), email: z.email().max(254).optional(), phone: z.string().max(40).optional() })
        .loose()
        .optional(),
      conversation: z.record(z.string().max(100), scalar).optional(),
    })
    .optional(),
  bot_key: z.string().min(1, 'bot_key is required').max(64),
  from: z.object({ user_external_id: z.string().trim().min(1, 'user_external_id is required').max(200), type: z.literal('VISITOR') }),
});

export const messagesQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(100) });

export const sendSchema = z.object({ message: text, user: z.object({ type: z.literal('VISITOR') }) });

/** "2025-02-10 20:21:03.913000", the API channel document's time format. */
function apiTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** A message as the API channel returns it. */
export function apiMessage(m: MessageRecord) {
  return {
    id: m.id,
    seq: m.seq,
    from: m.author === 'visitor' ? 'VISITOR' : m.author === 'agent' ? 'AGENT' : m.author === 'system' ? 'SYSTEM' : 'BOT',
    type: m.packet.name,
    text: messageText(m),
    packet: m.packet,
    created_at: m.createdAt,
  };
}

/** Flattens the start variables for the engine: conversation ones by name, the others as contact.x and system.x. */
function engineVariables(v: z.infer<typeof startSchema>['variables']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v?.conversation ?? {})) out[k] = String(value);
  for (const [k, value] of Object.entries(v?.contact ?? {})) if (value !== undefined) out[`contact.${k}`] = String(value);
  for (const [k, value] of Object.entries(v?.system ?? {})) out[`system.${k}`] = String(value);
  return out;
}

/**
 * The API channel (seed 001): bring your own chat UI. Start a conversation, send visitor
 * messages, and read the bot's answers by polling, over server-sent events, or through the
 * bot's message webhook.
 */
export function apiChannel(deps: ApiChannelDeps) {
  const { store, service } = deps;
  const app = new Hono<AdminEnv>();
  app.use('*', adminAuth({ ...deps, envelope: apiChannelEnvelope, limit: 'api', scope: 'api_channel' }));
  app.onError(errorHandler(apiChannelEnvelope, deps.log));

  async function ownConversation(c: Context<AdminEnv>, id: string) {
    const conversation = await store.conversations.find(id);
    if (!conversation || conversation.botId !== c.get('bot').id) throw new AppError('not_found', `no conversation with id "${id}"`);
    return conversation;
  }

  app.post('/conversations', async (c) => {
    const bot = c.get('bot');
    const req = await parseJsonBody(c, startSchema);
    if (req.bot_key !== bot.key) throw new AppError('forbidden', `bot_key: "${req.bot_key}" is not the bot of this token`);
    // The message is checked before a contact is made for it.
    const first = req.message ? messageBody(req.message.data.body, 'message.data.body') : undefined;
    const externalId = req.from.user_external_id;
    // Counted before a contact is made for it: per user of the caller's UI, and per bot.
    await deps.limits.take('conversation-start', { visitor: `external:${externalId}`, bot: bot.id });
    const now = deps.clock.now().toISOString();
    let contact = await store.visitors.findOrCreate(bot.id, { externalId }, now);
    const given = req.variables?.contact;
    if (given && (given.name || given.email || given.phone)) {
      // Empty strings keep what is stored.
      const { name, email, phone } = given;
      contact = (await store.visitors.updateProfile(contact.id, profileChange({ name: name || undefined, email: email || undefined, phone: phone || undefined }), now, 'owner'))!;
    }
    const { conversation } = await service.startFromApi({
      botId: bot.id,
      visitorId: contact.id,
      variables: engineVariables(req.variables),
      ...(first !== undefined ? { firstMessage: first } : {}),
    });
    return c.json({
      ok: true,
      conversation: {
        id: conversation.id,
        created_at: apiTime(conversation.createdAt),
        assignee: { id: bot.id, to: `${bot.key}@bots.confab.invalid` },
      },
      contact: {
        name: contact.name ?? null,
        email: contact.email ?? null,
        phone: contact.phone ?? null,
        visitor_key: `${externalId}_${bot.id}`,
      },
    });
  });

  app.post('/conversation/:id/messages', async (c) => {
    const conversation = await ownConversation(c, c.req.param('id'));
    const req = await parseJsonBody(c, sendSchema);
    const message = await deps.visitorRequests.visitorEvent(
      { botId: conversation.botId, visitorId: conversation.visitorId },
      { conversationId: conversation.id, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: req.message.data.body } } },
      'message.data.body',
    );
    return c.json({ ok: true, message_id: message.id });
  });

  app.get('/conversation/:id/messages', async (c) => {
    const conversation = await ownConversation(c, c.req.param('id'));
    const q = parseQuery(c, messagesQuerySchema);
    const messages = await store.conversations.messages(conversation.id, { after: q.after, limit: q.limit });
    return c.json({
      ok: true,
      status: conversation.status,
      messages: messages.map(apiMessage),
      next_after: messages.at(-1)?.seq ?? q.after,
    });
  });

  // Server-sent events: the messages after `after` (or Last-Event-ID), then every new one live.
  app.get('/conversation/:id/stream', async (c) => {
    const conversation = await ownConversation(c, c.req.param('id'));
    const from = Number(c.req.query('after') ?? c.req.header('Last-Event-ID') ?? 0);
    if (!Number.isInteger(from) || from < 0) throw new AppError('bad_request', 'after: a sequence number');
    return streamSSE(c, async (stream) => {
      let lastSeq = from;
      let chain = Promise.resolve();
      let live = false;
      const early: BusEvent[] = [];
      const write = async (e: BusEvent) => {
        if (e.type === 'message') {
          if (e.message.seq <= lastSeq) return;
          lastSeq = e.message.seq;
          await stream.writeSSE({ event: 'message', id: String(e.message.seq), data: JSON.stringify(apiMessage(e.message)) });
        } else if (e.type === 'message_update') {
          await stream.writeSSE({ event: 'message_update', data: JSON.stringify(apiMessage(e.message)) });
        } else if (e.type === 'typing') {
          await stream.writeSSE({ event: 'typing', data: JSON.stringify({ until: e.until }) });
        } else if (e.type === 'draft') {
          // An AI answer as it streams: the text so far; the stored answer follows as a message.
          await stream.writeSSE({ event: 'draft', data: JSON.stringify({ draftId: e.draft.draftId, text: e.draft.text, state: e.draft.state }) });
        } else {
          await stream.writeSSE({ event: 'conversation', data: JSON.stringify(e.conversation) });
        }
      };
      const enqueue = (e: BusEvent) => (chain = chain.then(() => write(e)).catch(() => undefined));
      // Subscribe before reading the history, so nothing falls between the two.
      const unsubscribe = deps.bus.subscribe(conversation.id, (e) => (live ? enqueue(e) : early.push(e)));
      stream.onAbort(unsubscribe);
      for (let after = from; ; ) {
        const page = await store.conversations.messages(conversation.id, { after, limit: 500 });
        for (const message of page) enqueue({ type: 'message', message });
        if (page.length < 500) break;
        after = page.at(-1)!.seq;
      }
      live = true;
      for (const e of early.splice(0)) enqueue(e);
      while (!stream.aborted) {
        await stream.sleep(15_000);
        if (!stream.aborted) chain = chain.then(() => stream.write(': keep-alive\n\n')).then(() => undefined).catch(() => undefined);
      }
      unsubscribe();
    });
  });

  return app;
}
