import { envelopeSchema } from '../../bots/bot-actions.js';
import { messagesQuerySchema, sendSchema, startSchema } from '../api-v1/api-channel.js';
import { createSchema, listQuerySchema, modeSchema, postSchema, reactionSchema } from '../api-v1/threads.js';
import * as answered from './answer-examples.js';
import * as answer from './response-schemas.js';
import type { RouteDoc } from './route-docs.js';
import * as seed from './seed-examples.js';

const channel = { tag: 'API channel (001)', auth: 'adminToken', errors: 'apiChannel' } as const;
const threads = { tag: 'Threads (002)', auth: 'adminToken', errors: 'threads' } as const;
/** A success answer of 002 (`{success: true, message, data}`). */
const thread = (description: string, data: answer.JsonSchema, example?: unknown) => ({ description, schema: answer.threadsEnvelope(data), ...(example === undefined ? {} : { example }) });

/** Seeds 001 (your own chat UI talks to the bot), 002 (a bot's threads) and 003's bot API URL. */
export const channelDocs: RouteDoc[] = [
  {
    ...channel,
    method: 'post',
    path: '/api/v1/conversations',
    summary: 'Start a conversation',
    description: 'Once per visitor (user_external_id); the bot answers as in the widget.',
    body: startSchema,
    example: seed.conversationStart,
    responses: { 200: { description: 'The conversation and contact.', schema: answer.conversationStarted, example: seed.conversationStarted } },
  },
  {
    ...channel,
    method: 'post',
    path: '/api/v1/conversation/:id/messages',
    summary: "Send the visitor's message",
    body: sendSchema,
    example: seed.visitorMessage,
    responses: { 200: { description: 'The stored message id.', schema: answer.messageSent, example: seed.visitorMessageSent } },
  },
  { ...channel, method: 'get', path: '/api/v1/conversation/:id/messages', summary: "The conversation's messages after a sequence number", query: messagesQuerySchema, responses: { 200: { description: 'Messages in order.', schema: answer.conversationMessages, example: answered.conversationMessages } } },
  {
    ...channel,
    method: 'get',
    path: '/api/v1/conversation/:id/stream',
    summary: 'Server-sent events: every new message and AI answer draft as it comes',
    responses: { 200: { description: 'An event stream.', contentType: 'text/event-stream', schema: answer.textBody } },
  },
  {
    ...threads,
    method: 'post',
    path: '/api/v1/chatbots/:chatbotId/threads',
    summary: 'Create a thread',
    body: createSchema,
    bodyOptional: true,
    example: { email: 'user@example.com', mode: 'AI' },
    responses: { 201: thread('The new thread.', answer.threadData, answered.threadCreated) },
  },
  { ...threads, method: 'get', path: '/api/v1/chatbots/:chatbotId/threads', summary: 'List threads', query: listQuerySchema, responses: { 200: thread('A page of threads.', answer.threadsPage, answered.threadsPage) } },
  { ...threads, method: 'get', path: '/api/v1/chatbots/:chatbotId/threads/:threadId', summary: 'Get a thread with its messages', responses: { 200: thread('The thread.', answer.threadData, answered.threadAnswer('Fetched the chatbot thread successfully')) } },
  {
    ...threads,
    method: 'post',
    path: '/api/v1/chatbots/:chatbotId/threads/:threadId/messages',
    summary: 'Send a message (USER: the bot answers; AGENT: a person of the team writes)',
    body: postSchema,
    example: { message: 'What are your opening hours?', type: 'USER' },
    responses: { 201: thread('The message as stored.', answer.threadMessageData, answered.messagePosted) },
  },
  { ...threads, method: 'patch', path: '/api/v1/chatbots/:chatbotId/threads/:threadId', summary: "Change the thread's mode", body: modeSchema, example: { mode: 'AGENT' }, responses: { 200: thread('The thread.', answer.threadData, answered.threadAnswer('Updated the chatbot thread successfully', { mode: 'AGENT' })) } },
  { ...threads, method: 'post', path: '/api/v1/chatbots/:chatbotId/threads/:threadId/end', summary: 'End the thread', responses: { 200: thread('The ended thread.', answer.threadData, answered.threadAnswer('Ended the chatbot thread successfully', { endedAt: '2024-05-07T06:40:00.000Z' })) } },
  {
    ...threads,
    method: 'put',
    path: '/api/v1/chatbots/:chatbotId/threads/:threadId/messages/:messageId/reaction',
    summary: "The visitor's reaction to a bot message",
    body: reactionSchema,
    example: { reaction: 'POSITIVE' },
    responses: { 200: thread('The message.', answer.threadMessageData, answered.reactionSaved) },
  },
  {
    tag: 'Bot API URL (003)',
    auth: 'securityToken',
    errors: 'chatbot',
    method: 'post',
    path: '/api/chatbot/v1/events',
    summary: 'Events from your bot, pushed at any time',
    description: 'One event or a list of at most 50, all of one cid; each is checked on its own (a list with invalid events applies the valid ones and names the others).',
    body: envelopeSchema.or(envelopeSchema.array()),
    example: seed.botEvents,
    responses: { 200: { description: 'How many events were applied, and the errors of the others.', schema: answer.botEventsApplied, example: { status: 'success', data: { applied: 2, errors: [] } } } },
  },
];
