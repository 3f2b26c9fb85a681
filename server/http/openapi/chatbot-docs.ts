import { aiContextSchema } from '../../definitions/ai-context-definition.js';
import { keywordRuleSchema, settingsUpdateSchema } from '../../definitions/bot-definition.js';
import { flowSchema } from '../../definitions/flow-definition.js';
import { agentSchema, cannedResponseSchema, teamSchema } from '../../definitions/people-definition.js';
import { customContentSchema, followUpPromptSchema, iconsSchema, linkSchema, promptSchema, widgetMessagesSchema } from '../../definitions/sections-definition.js';
import { pageSchema } from '../chatbot/sessions.js';
import { keywordTestSchema } from '../chatbot/try-out.js';
import { agentSchema as transferAgentSchema, pickupQuerySchema, querySchema as transferQuerySchema, transferSchema } from '../chatbot/transfers.js';
import * as answer from './response-schemas.js';
import { chatbotEnvelope, freeForm, listItem, storedItem, withFields } from './response-schemas.js';
import { chatbotSuccess, collectionDocs, type RouteDoc } from './route-docs.js';
import * as seed from './seed-examples.js';

const base = { auth: 'adminToken', errors: 'chatbot' } as const;

/** Seed 000, the chatbot configuration API under /api/chatbot: the admin token selects the bot. */
export const chatbotDocs: RouteDoc[] = [
  { ...base, tag: 'Settings', method: 'get', path: '/api/chatbot/settings', summary: 'Get settings', responses: { 200: chatbotSuccess('The settings; keys and tokens only as *_set flags.', answer.settingsView, seed.settingsView) } },
  {
    ...base,
    tag: 'Settings',
    method: 'put',
    path: '/api/chatbot/settings',
    summary: 'Update settings',
    description: 'The fields given replace the stored ones; the fields a GET adds (id, account_id, *_set) may be sent back and change nothing.',
    body: settingsUpdateSchema,
    example: seed.settingsUpdate,
    responses: { 200: { ...chatbotSuccess('The settings as stored now (with ?dry_run: {valid: true}, nothing stored).', answer.settingsView, seed.settingsView), schema: chatbotEnvelope({ anyOf: [answer.settingsView, answer.dryRunValid] }) } },
  },
  { ...base, tag: 'Settings', method: 'get', path: '/api/chatbot/bot', summary: 'Which bot the token is for', responses: { 200: chatbotSuccess('Its id, key (data-bot-key) and name.', answer.botIdentity, { id: 'uuid', key: 'demo', name: 'Northwind Coffee' }) } },
  {
    ...base,
    tag: 'Settings',
    method: 'post',
    path: '/api/chatbot/settings/webhook-test',
    summary: 'Send one test event (a ping) to the saved webhook bot',
    description: 'Through the outbound guard, with the bot\'s headers and timeout, without retries. 400 while no webhook_url is saved.',
    responses: { 200: chatbotSuccess('What the bot answered.', answer.webhookTest, { ok: true, url: 'https://bot.example.com/webhook', http_status: 200, latency_ms: 42 }) },
  },
  {
    ...base,
    tag: 'Keyword rules',
    method: 'post',
    path: '/api/chatbot/keywords/test',
    summary: 'What would answer a message, and why',
    description: "The engine's own order: a transfer keyword, a flow's trigger, the keyword rules (which rule, by which keyword and match type), then AI answers or the fallback. Nothing is stored.",
    body: keywordTestSchema,
    example: { message: 'when are you open?' },
    responses: { 200: chatbotSuccess('The answer that would be given and the reason.', freeForm) },
  },
  { ...base, tag: 'Identity verification', method: 'get', path: '/api/chatbot/identity-verification', summary: "The bot's identity secret (HMAC key of user_hash)", responses: { 200: chatbotSuccess('The secret.', answer.identitySecret) } },
  { ...base, tag: 'Identity verification', method: 'post', path: '/api/chatbot/identity-verification/rotate', summary: 'A new identity secret; the old one stops working', responses: { 200: chatbotSuccess('The new secret.', answer.identitySecret) } },
  ...collectionDocs({ path: '/api/chatbot/keywords', tag: 'Keyword rules', noun: 'keyword rule', schema: keywordRuleSchema, view: listItem(keywordRuleSchema), example: seed.keywordRuleCreate, item: seed.keywordRuleView }),
  ...collectionDocs({ path: '/api/chatbot/ai-contexts', tag: 'AI contexts', noun: 'AI context', schema: aiContextSchema, view: storedItem(aiContextSchema), example: seed.aiContextCreate, item: seed.aiContextView }),
  ...collectionDocs({ path: '/api/chatbot/flows', tag: 'Flows', noun: 'flow', schema: flowSchema, view: storedItem(flowSchema), example: seed.flowCreate }),
  { ...base, tag: 'Agent transfers', method: 'get', path: '/api/chatbot/transfers', summary: 'List transfers', query: transferQuerySchema, responses: { 200: chatbotSuccess('Transfers and queue counts.', answer.transfersList, seed.transfersList) } },
  { ...base, tag: 'Agent transfers', method: 'post', path: '/api/chatbot/transfers', summary: 'Transfer a contact to a person or team', body: transferSchema, example: seed.transferCreate, responses: { 201: chatbotSuccess('The transfer.', answer.transferView, seed.transfersList.transfers[0]) } },
  {
    ...base,
    tag: 'Agent transfers',
    method: 'post',
    path: '/api/chatbot/transfers/pickup',
    summary: 'Pick the next waiting transfer',
    query: pickupQuerySchema,
    body: transferAgentSchema,
    example: seed.transferAssign,
    responses: { 200: chatbotSuccess('The transfer now assigned to the agent (null while none waits).', { anyOf: [answer.transferView, { type: 'null' }] }, seed.transfersList.transfers[0]) },
  },
  { ...base, tag: 'Agent transfers', method: 'put', path: '/api/chatbot/transfers/:id/assign', summary: 'Assign a transfer to an agent', body: transferAgentSchema, example: seed.transferAssign, responses: { 200: chatbotSuccess('The transfer.', answer.transferView, seed.transfersList.transfers[0]) } },
  { ...base, tag: 'Agent transfers', method: 'put', path: '/api/chatbot/transfers/:id/resume', summary: 'Give the conversation back to the bot', responses: { 200: chatbotSuccess('The transfer, resumed.', answer.transferView) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions', summary: 'List chatbot sessions', query: pageSchema, responses: { 200: chatbotSuccess('Sessions, newest first.', answer.sessionsPage) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions/:id', summary: 'Get a session', responses: { 200: chatbotSuccess('The session.', answer.sessionView, seed.sessionView) } },
  ...collectionDocs({ path: '/api/chatbot/agents', tag: 'Agents', noun: 'agent', schema: agentSchema, view: storedItem(agentSchema), created: withFields(storedItem(agentSchema), { token: { type: 'string' } }), example: { name: 'Ada', email: 'ada@example.com', max_chats: 5 } }),
  { ...base, tag: 'Agents', method: 'post', path: '/api/chatbot/agents/:id/token', summary: "A new console token for an agent (their old ones stop working)", description: 'The admin token or an owner session only: a console token reads the bot\'s conversations, so an API key gets 403 here and on creating an agent.', responses: { 201: chatbotSuccess('The token, shown only now.', answer.agentToken) } },
  { ...base, tag: 'Agents', method: 'delete', path: '/api/chatbot/agents/:id/token', summary: "Revoke an agent's tokens", responses: { 200: chatbotSuccess('How many were revoked.', answer.agentTokensRevoked) } },
  // The 002 sections kept in the settings: lists and singletons.
  ...collectionDocs({ path: '/api/chatbot/links', tag: 'Links', noun: 'link', schema: linkSchema, view: listItem(linkSchema), example: { title: 'Order status', url: 'https://shop.example.com/orders' } }),
  ...collectionDocs({ path: '/api/chatbot/custom-content', tag: 'Custom content', noun: 'custom content block', schema: customContentSchema, view: listItem(customContentSchema), example: { title: 'Opening hours', body: 'Mon–Fri **9–18**.' } }),
  ...collectionDocs({ path: '/api/chatbot/follow-up-prompts', tag: 'Follow-up prompts', noun: 'follow-up prompt', schema: followUpPromptSchema, view: listItem(followUpPromptSchema), example: { title: 'Talk to a person', description: 'I want to talk to a person' } }),
  ...collectionDocs({ path: '/api/chatbot/prompts', tag: 'Prompts', noun: 'prompt', schema: promptSchema, view: listItem(promptSchema), example: { name: 'Friendly', system_prompt: 'You are a friendly barista.', active: false } }),
  { ...base, tag: 'Icons', method: 'get', path: '/api/chatbot/icons', summary: "The widget's icons", responses: { 200: chatbotSuccess('Launcher, bot avatar, default agent avatar (https URLs).', answer.answerSchema(iconsSchema)) } },
  { ...base, tag: 'Icons', method: 'put', path: '/api/chatbot/icons', summary: "Replace the widget's icons", body: iconsSchema, example: { launcher: 'https://cdn.example.com/launcher.png' }, responses: { 200: chatbotSuccess('The icons as stored (with ?dry_run: {valid: true}).', { anyOf: [answer.answerSchema(iconsSchema), answer.dryRunValid] }) } },
  { ...base, tag: 'Messages', method: 'get', path: '/api/chatbot/messages', summary: "The widget's own texts, per language", responses: { 200: chatbotSuccess('{language: {key: text}}.', answer.answerSchema(widgetMessagesSchema)) } },
  { ...base, tag: 'Messages', method: 'put', path: '/api/chatbot/messages', summary: "Replace the widget's texts", body: widgetMessagesSchema, example: { en: { placeholder: 'Ask us anything…' } }, responses: { 200: chatbotSuccess('The texts as stored (with ?dry_run: {valid: true}).', { anyOf: [answer.answerSchema(widgetMessagesSchema), answer.dryRunValid] }) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions/:id/notes', summary: "A conversation's notes (note_create, agents' notes)", responses: { 200: chatbotSuccess('The notes, oldest first.', answer.itemsOf(answer.noteView)) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/contacts/:id/notes', summary: "Every note about a contact", responses: { 200: chatbotSuccess('The notes, oldest first.', answer.itemsOf(answer.noteView)) } },
  ...collectionDocs({ path: '/api/chatbot/teams', tag: 'Teams', noun: 'team', schema: teamSchema, view: storedItem(teamSchema), example: { name: 'Sales' } }),
  ...collectionDocs({ path: '/api/chatbot/canned-responses', tag: 'Canned responses', noun: 'canned response', schema: cannedResponseSchema, view: storedItem(cannedResponseSchema), example: { short_code: 'hours', content: 'We are open Monday to Friday, 9 to 18.' } }),
  { ...base, tag: 'Tokens', method: 'post', path: '/api/chatbot/admin-token', summary: 'A new admin token (the one used stops working)', responses: { 200: chatbotSuccess('The new admin token, shown only now.', answer.adminToken, { admin_token: 'cfb_…' }) } },
  { ...base, tag: 'Tokens', method: 'post', path: '/api/chatbot/api-security-token', summary: 'A new SECURITY-TOKEN for the bot API URL', responses: { 200: chatbotSuccess('The new token, shown only now.', answer.apiSecurityToken) } },
  { ...base, tag: 'Tokens', method: 'delete', path: '/api/chatbot/contacts/:id/token', summary: "Revoke a visitor's token (their sockets close)", responses: { 200: chatbotSuccess('Revoked.', answer.contactTokenRevoked, { contact_id: 'uuid', token_revoked: true }) } },
];
