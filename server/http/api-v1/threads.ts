import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { REACTIONS } from '../../../shared/index.js';
import type { ConversationService } from '../../conversations/conversation-service.js';
import type { VisitorRequests } from '../../conversations/visitor-requests.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Bot, Conversation, Store } from '../../store/index.js';
import { threadMessage, threadMessages, threadView } from '../../threads/thread-views.js';
import { adminAuth, type AdminEnv } from '../chatbot/admin-auth.js';
import type { TokenLimitsDeps } from '../token-limits.js';
import { errorHandler, threadsEnvelope } from '../envelopes.js';
import { parseJsonBody, parseOptionalJsonBody, parseQuery } from '../request-body.js';

export interface ThreadsDeps extends TokenLimitsDeps {
  store: Store;
  service: ConversationService;
  visitorRequests: VisitorRequests;
  clock: Clock;
  log: (message: string, err?: unknown) => void;
}

/** The thread API's envelope: `{success, message, data}`; errors `{success: false, message}` (threadsEnvelope). */
function ok(c: Context, message: string, data: unknown, status: ContentfulStatusCode = 200) {
  return c.json({ success: true, message, data }, status);
}

/** How long creating a thread waits for the bot's greeting (as the widget's open does). */
const START_WAIT_MS = 2_000;

const mode = z.enum(['AI', 'AGENT']);
export const createSchema = z
  .object({ email: z.email().max(254).optional(), mode: mode.default('AI'), threadId: z.string().regex(/^[\w-]{1,100}$/, 'letters, digits, _ and -, at most 100').optional() })
  .strict();
export const postSchema = z
  .object({ message: z.string(), type: z.enum(['USER', 'AGENT']).default('USER') })
  .strict();
export const listQuerySchema = z.object({ page: z.coerce.number().int().min(1).default(1), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const modeSchema = z.object({ mode }).strict();
export const reactionSchema = z.object({ reaction: z.enum(REACTIONS) }).strict();

/**
 * Threads of a chatbot (seed 002): the conversations of a bot, whatever channel they came
 * from, with their messages, system messages, mode, reactions and chat user.
 */
export function threadsApi(deps: ThreadsDeps) {
  const { store, service, visitorRequests } = deps;
  const app = new Hono<AdminEnv>();
  app.use('*', adminAuth({ ...deps, envelope: threadsEnvelope, limit: 'api', scope: 'threads' }));
  app.onError(errorHandler(threadsEnvelope, deps.log));

  /** The token's bot, which must be the chatbot of the path: its id (the threads' chatbotId) or its key (data-bot-key). */
  function chatbot(c: Context<AdminEnv>): Bot {
    const bot = c.get('bot');
    // Another bot's chatbot (or none): this token is not for it, whichever it is.
    const named = c.req.param('chatbotId');
    if (named !== bot.id && named !== bot.key) throw new AppError('forbidden', `this token is not for chatbot "${named}"`);
    return bot;
  }

  async function thread(c: Context<AdminEnv>): Promise<{ bot: Bot; conversation: Conversation }> {
    const bot = chatbot(c);
    const id = c.req.param('threadId')!;
    const conversation = await store.conversations.find(id);
    if (!conversation || conversation.botId !== bot.id) throw new AppError('not_found', `no thread "${id}"`);
    return { bot, conversation };
  }

  async function fullThread(bot: Bot, conversationId: string) {
    const conversation = (await store.conversations.find(conversationId))!;
    const [messages, events, visitor] = await Promise.all([
      store.conversations.messages(conversation.id, { limit: 10_000 }),
      store.systemEvents.ofConversation(conversation.id),
      store.visitors.find(conversation.visitorId),
    ]);
    return threadView(bot, conversation, visitor, threadMessages(messages, events, bot.settings.quick_prompts));
  }

  app.post('/:chatbotId/threads', async (c) => {
    const bot = chatbot(c);
    const req = await parseOptionalJsonBody(c, createSchema, createSchema.parse({}));
    if (req.threadId && (await store.conversations.find(req.threadId))) throw new AppError('conflict', `thread "${req.threadId}" exists`);
    // Counted before a chat user is made for it: per email (the chat user) and per bot.
    await deps.limits.take('conversation-start', req.email ? { visitor: `email:${req.email.toLowerCase()}`, bot: bot.id } : { bot: bot.id });
    const now = deps.clock.now().toISOString();
    const visitor = await store.visitors.findOrCreate(bot.id, req.email ? { email: req.email } : undefined, now);
    const { conversation, started } = await service.startFromApi({ botId: bot.id, visitorId: visitor.id, mode: req.mode, ...(req.threadId ? { id: req.threadId } : {}) });
    // Like the widget's open: a quick bot's greeting comes with the answer, a slow one's later.
    await Promise.race([started, new Promise((resolve) => setTimeout(resolve, START_WAIT_MS).unref())]);
    return ok(c, 'Created the chatbot thread successfully', { thread: await fullThread(bot, conversation.id) }, 201);
  });

  app.get('/:chatbotId/threads', async (c) => {
    const bot = chatbot(c);
    const { page, limit } = parseQuery(c, listQuerySchema);
    const { items, total } = await store.conversations.pageOfBot(bot.id, { limit, offset: (page - 1) * limit });
    const [found, escalated] = await Promise.all([
      store.visitors.findMany([...new Set(items.map((i) => i.visitorId))]),
      store.systemEvents.conversationsWith(items.map((i) => i.id), 'CONVERSATION_ESCALATED'),
    ]);
    const visitors = new Map(found.map((v) => [v.id, v]));
    // Lists leave the messages out; GET a thread for them.
    const threads = items.map((conversation) => {
      const { messages: _messages, ...rest } = threadView(bot, conversation, visitors.get(conversation.visitorId), [], escalated.has(conversation.id));
      return { ...rest, lastSeq: conversation.lastSeq };
    });
    return ok(c, 'Fetched the chatbot threads successfully', { threads, page, limit, total });
  });

  app.get('/:chatbotId/threads/:threadId', async (c) => {
    const { bot, conversation } = await thread(c);
    return ok(c, 'Fetched the chatbot thread successfully', { thread: await fullThread(bot, conversation.id) });
  });

  app.post('/:chatbotId/threads/:threadId/messages', async (c) => {
    const { conversation } = await thread(c);
    const req = await parseJsonBody(c, postSchema);
    const message =
      req.type === 'AGENT'
        ? await service.agentMessage(conversation.id, req.message, { field: 'message' })
        : await visitorRequests.visitorEvent(
            { botId: conversation.botId, visitorId: conversation.visitorId },
            { conversationId: conversation.id, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: req.message } } },
            'message',
          );
    return ok(c, 'Posted the message successfully', { message: threadMessage(message) }, 201);
  });

  app.patch('/:chatbotId/threads/:threadId', async (c) => {
    const { bot, conversation } = await thread(c);
    const req = await parseJsonBody(c, modeSchema);
    await service.setMode(conversation.id, req.mode);
    return ok(c, 'Updated the chatbot thread successfully', { thread: await fullThread(bot, conversation.id) });
  });

  app.post('/:chatbotId/threads/:threadId/end', async (c) => {
    const { bot, conversation } = await thread(c);
    if (conversation.status === 'open') await service.end(conversation.id);
    return ok(c, 'Ended the chatbot thread successfully', { thread: await fullThread(bot, conversation.id) });
  });

  app.put('/:chatbotId/threads/:threadId/messages/:messageId/reaction', async (c) => {
    const { conversation } = await thread(c);
    const req = await parseJsonBody(c, reactionSchema);
    const message = await service.react(conversation.id, c.req.param('messageId'), req.reaction);
    return ok(c, 'Saved the reaction successfully', { message: threadMessage(message) });
  });

  return app;
}
