import { aiContextSchema } from '../../definitions/ai-context-definition.js';
import { keywordRuleSchema, settingsUpdateSchema } from '../../definitions/bot-definition.js';
import { flowSchema } from '../../definitions/flow-definition.js';
import { agentSchema, cannedResponseSchema, teamSchema } from '../../definitions/people-definition.js';
import { customContentSchema, followUpPromptSchema, iconsSchema, linkSchema, promptSchema, widgetMessagesSchema } from '../../definitions/sections-definition.js';
import { pageSchema } from '../chatbot/sessions.js';
import { keywordTestSchema } from '../chatbot/try-out.js';
import { agentSchema as transferAgentSchema, pickupQuerySchema, querySchema as transferQuerySchema, transferSchema } from '../chatbot/transfers.js';
import * as answered from './answer-examples.js';
import * as answer from './response-schemas.js';
import { chatbotEnvelope, listItem, storedItem, withFields } from './response-schemas.js';
import { chatbotSuccess, collectionDocs, type RouteDoc } from './route-docs.js';
import * as seed from './seed-examples.js';

const base = { auth: 'adminToken', errors: 'chatbot' } as const;

// Request examples, and the items they become.
const agentInput = { name: 'Ada', email: 'ada@example.com', max_chats: 5 };
const agent = { ...agentInput, avatar: null, teams: [], skills: [] };
const link = { title: 'Order status', url: 'https://shop.example.com/orders' };
const customContent = { title: 'Opening hours', body: 'Mon–Fri **9–18**.' };
const followUpPrompt = { title: 'Talk to a person', description: 'I want to talk to a person' };
const prompt = { name: 'Friendly', system_prompt: 'You are a friendly barista.', active: false };
const team = { name: 'Sales' };
const cannedResponse = { short_code: 'hours', content: 'We are open Monday to Friday, 9 to 18.' };
const icons = { launcher: 'https://cdn.example.com/launcher.png' };
const widgetTexts = { en: { placeholder: 'Ask us anything…' } };
const identity = { secret: '…', required: false, algorithm: 'HMAC-SHA256' };
const note = { id: 'uuid', about: 'conversation', session_id: 'uuid', contact_id: null, body: 'Asked for a refund; order NW-1002.', author: 'Ada', created_at: '2024-01-01T12:10:00Z' };

/** Seed 000, the chatbot configuration API under /api/chatbot: the admin token selects the bot. */
export const chatbotDocs: RouteDoc[] = [
  { ...base, tag: 'Settings', method: 'get', path: '/api/chatbot/settings', summary: 'Get settings', responses: { 200: chatbotSuccess('The settings; keys and tokens only as *_set flags.', answer.settingsView, answered.settingsView) } },
  {
    ...base,
    tag: 'Settings',
    method: 'put',
    path: '/api/chatbot/settings',
    summary: 'Update settings',
    description: 'The fields given replace the stored ones; the fields a GET adds (id, account_id, *_set) may be sent back and change nothing.',
    body: settingsUpdateSchema,
    example: seed.settingsUpdate,
    responses: { 200: { ...chatbotSuccess('The settings as stored now (with ?dry_run: {valid: true}, nothing stored).', answer.settingsView, answered.settingsView), schema: chatbotEnvelope({ anyOf: [answer.settingsView, answer.dryRunValid] }) } },
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
    responses: { 200: chatbotSuccess('The answer that would be given and the reason.', answer.messageTest(listItem(keywordRuleSchema)), {
        answered_by: 'keyword_rule',
        rule: seed.keywordRuleView,
        match_type: 'contains',
        keyword: 'hello',
        reason: 'the message contains "hello", a keyword of the rule "Greeting Response"',
      }) },
  },
  { ...base, tag: 'Identity verification', method: 'get', path: '/api/chatbot/identity-verification', summary: "The bot's identity secret (HMAC key of user_hash)", responses: { 200: chatbotSuccess('The secret.', answer.identitySecret, identity) } },
  { ...base, tag: 'Identity verification', method: 'post', path: '/api/chatbot/identity-verification/rotate', summary: 'A new identity secret; the old one stops working', responses: { 200: chatbotSuccess('The new secret.', answer.identitySecret, identity) } },
  ...collectionDocs({ path: '/api/chatbot/keywords', tag: 'Keyword rules', noun: 'keyword rule', schema: keywordRuleSchema, view: listItem(keywordRuleSchema), example: seed.keywordRuleCreate, item: seed.keywordRuleView }),
  ...collectionDocs({ path: '/api/chatbot/ai-contexts', tag: 'AI contexts', noun: 'AI context', schema: aiContextSchema, view: storedItem(aiContextSchema), example: seed.aiContextCreate, item: answered.aiContextView }),
  ...collectionDocs({ path: '/api/chatbot/flows', tag: 'Flows', noun: 'flow', schema: flowSchema, view: storedItem(flowSchema), example: seed.flowCreate, item: answered.flowView }),
  { ...base, tag: 'Agent transfers', method: 'get', path: '/api/chatbot/transfers', summary: 'List transfers', query: transferQuerySchema, responses: { 200: chatbotSuccess('Transfers and queue counts.', answer.transfersList, answered.transfersList) } },
  { ...base, tag: 'Agent transfers', method: 'post', path: '/api/chatbot/transfers', summary: 'Transfer a contact to a person or team', body: transferSchema, example: seed.transferCreate, responses: { 201: chatbotSuccess('The transfer.', answer.transferView, answered.transferView) } },
  {
    ...base,
    tag: 'Agent transfers',
    method: 'post',
    path: '/api/chatbot/transfers/pickup',
    summary: 'Pick the next waiting transfer',
    query: pickupQuerySchema,
    body: transferAgentSchema,
    example: seed.transferAssign,
    responses: { 200: chatbotSuccess('The transfer now assigned to the agent (null while none waits).', { anyOf: [answer.transferView, { type: 'null' }] }, answered.transferView) },
  },
  { ...base, tag: 'Agent transfers', method: 'put', path: '/api/chatbot/transfers/:id/assign', summary: 'Assign a transfer to an agent', body: transferAgentSchema, example: seed.transferAssign, responses: { 200: chatbotSuccess('The transfer.', answer.transferView, answered.transferView) } },
  { ...base, tag: 'Agent transfers', method: 'put', path: '/api/chatbot/transfers/:id/resume', summary: 'Give the conversation back to the bot', responses: { 200: chatbotSuccess('The transfer, resumed.', answer.transferView, { ...answered.transferView, status: 'resumed', resumed_at: '2024-01-01T12:30:00Z' }) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions', summary: 'List chatbot sessions', query: pageSchema, responses: { 200: chatbotSuccess('Sessions, newest first.', answer.sessionsPage, { items: [answered.sessionView], limit: 50, offset: 0 }) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions/:id', summary: 'Get a session', responses: { 200: chatbotSuccess('The session.', answer.sessionView, answered.sessionView) } },
  ...collectionDocs({
    path: '/api/chatbot/agents', tag: 'Agents', noun: 'agent', schema: agentSchema, view: storedItem(agentSchema), created: { schema: withFields(storedItem(agentSchema), { token: { type: 'string' } }), example: { ...answered.stored(agent), token: 'cfa_…' } },
    example: agentInput,
    item: answered.stored(agent),
  }),
  { ...base, tag: 'Agents', method: 'post', path: '/api/chatbot/agents/:id/token', summary: "A new console token for an agent (their old ones stop working)", description: 'The admin token or an owner session only: a console token reads the bot\'s conversations, so an API key gets 403 here and on creating an agent.', responses: { 201: chatbotSuccess('The token, shown only now.', answer.agentToken, { id: 'uuid', token: 'cfa_…' }) } },
  { ...base, tag: 'Agents', method: 'delete', path: '/api/chatbot/agents/:id/token', summary: "Revoke an agent's tokens", responses: { 200: chatbotSuccess('How many were revoked.', answer.agentTokensRevoked, { id: 'uuid', revoked: 1 }) } },
  // The 002 sections kept in the settings: lists and singletons.
  ...collectionDocs({ path: '/api/chatbot/links', tag: 'Links', noun: 'link', schema: linkSchema, view: listItem(linkSchema), example: link, item: answered.listed(link) }),
  ...collectionDocs({ path: '/api/chatbot/custom-content', tag: 'Custom content', noun: 'custom content block', schema: customContentSchema, view: listItem(customContentSchema), example: customContent, item: answered.listed(customContent) }),
  ...collectionDocs({ path: '/api/chatbot/follow-up-prompts', tag: 'Follow-up prompts', noun: 'follow-up prompt', schema: followUpPromptSchema, view: listItem(followUpPromptSchema), example: followUpPrompt, item: answered.listed({ ...followUpPrompt, link: null }) }),
  ...collectionDocs({ path: '/api/chatbot/prompts', tag: 'Prompts', noun: 'prompt', schema: promptSchema, view: listItem(promptSchema), example: prompt, item: answered.listed(prompt) }),
  { ...base, tag: 'Icons', method: 'get', path: '/api/chatbot/icons', summary: "The widget's icons", responses: { 200: chatbotSuccess('Launcher, bot avatar, default agent avatar (https URLs).', answer.answerSchema(iconsSchema), icons) } },
  { ...base, tag: 'Icons', method: 'put', path: '/api/chatbot/icons', summary: "Replace the widget's icons", body: iconsSchema, example: icons, responses: { 200: chatbotSuccess('The icons as stored (with ?dry_run: {valid: true}).', { anyOf: [answer.answerSchema(iconsSchema), answer.dryRunValid] }, icons) } },
  { ...base, tag: 'Messages', method: 'get', path: '/api/chatbot/messages', summary: "The widget's own texts, per language", responses: { 200: chatbotSuccess('{language: {key: text}}.', answer.answerSchema(widgetMessagesSchema), widgetTexts) } },
  { ...base, tag: 'Messages', method: 'put', path: '/api/chatbot/messages', summary: "Replace the widget's texts", body: widgetMessagesSchema, example: widgetTexts, responses: { 200: chatbotSuccess('The texts as stored (with ?dry_run: {valid: true}).', { anyOf: [answer.answerSchema(widgetMessagesSchema), answer.dryRunValid] }, widgetTexts) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/sessions/:id/notes', summary: "A conversation's notes (note_create, agents' notes)", responses: { 200: chatbotSuccess('The notes, oldest first.', answer.itemsOf(answer.noteView), { items: [note] }) } },
  { ...base, tag: 'Sessions', method: 'get', path: '/api/chatbot/contacts/:id/notes', summary: "Every note about a contact", responses: { 200: chatbotSuccess('The notes, oldest first.', answer.itemsOf(answer.noteView), { items: [{ ...note, about: 'contact', session_id: null, contact_id: 'uuid' }] }) } },
  ...collectionDocs({ path: '/api/chatbot/teams', tag: 'Teams', noun: 'team', schema: teamSchema, view: storedItem(teamSchema), example: team, item: answered.stored(team) }),
  ...collectionDocs({ path: '/api/chatbot/canned-responses', tag: 'Canned responses', noun: 'canned response', schema: cannedResponseSchema, view: storedItem(cannedResponseSchema), example: cannedResponse, item: answered.stored(cannedResponse) }),
  { ...base, tag: 'Tokens', method: 'post', path: '/api/chatbot/admin-token', summary: 'A new admin token (the one used stops working)', responses: { 200: chatbotSuccess('The new admin token, shown only now.', answer.adminToken, { admin_token: 'cfb_…' }) } },
  { ...base, tag: 'Tokens', method: 'post', path: '/api/chatbot/api-security-token', summary: 'A new SECURITY-TOKEN for the bot API URL', responses: { 200: chatbotSuccess('The new token, shown only now.', answer.apiSecurityToken, { api_security_token: '…' }) } },
  { ...base, tag: 'Tokens', method: 'delete', path: '/api/chatbot/contacts/:id/token', summary: "Revoke a visitor's token (their sockets close)", responses: { 200: chatbotSuccess('Revoked.', answer.contactTokenRevoked, { contact_id: 'uuid', token_revoked: true }) } },
];
