import { apiKeyCreateSchema } from '../chatbot/api-keys.js';
import { botCreateSchema, botUpdateSchema, ownerSignInSchema, passwordChangeSchema } from '../console/owner-api.js';
import * as answer from './response-schemas.js';
import { chatbotSuccess, type RouteDoc } from './route-docs.js';

const owner = { auth: 'ownerSession', errors: 'chatbot', tag: 'Owner accounts' } as const;
const bot = { id: 'uuid', key: 'help-desk-3f9a1c', name: 'Help desk', created_at: '2026-12-02T05:00:00.000Z' };

/** The owner console's own API (/api/console): sign-in and the owner's bots. */
export const ownerDocs: RouteDoc[] = [
  {
    ...owner,
    auth: 'none',
    method: 'post',
    path: '/api/console/session',
    summary: 'Sign in as an owner',
    description: 'A wrong email or password is the same 401 (no account enumeration), counted by the bad-token limit.',
    body: ownerSignInSchema,
    example: { email: 'owner@example.com', password: 'correct horse battery staple' },
    responses: { 200: chatbotSuccess('An owner session token (cfo_…), shown only now.', answer.ownerSession, { token: 'cfo_…', owner: { id: 'uuid', email: 'owner@example.com', name: 'Owner' } }) },
  },
  { ...owner, method: 'delete', path: '/api/console/session', summary: 'Sign out (the session token stops working)', responses: { 200: chatbotSuccess('Signed out.', answer.signedOut, { signed_out: true }) } },
  { ...owner, method: 'get', path: '/api/console/me', summary: 'The signed-in owner', responses: { 200: chatbotSuccess('The owner.', answer.ownerView, { id: 'uuid', email: 'owner@example.com', name: 'Owner' }) } },
  {
    ...owner,
    method: 'put',
    path: '/api/console/password',
    summary: "Change the owner's password",
    description: 'Needs the current password (a wrong one is 403, counted by the bad-token limit). Every other session of the owner is signed out; this one stays.',
    body: passwordChangeSchema,
    example: { current_password: 'correct horse battery staple', new_password: 'a longer passphrase of mine' },
    responses: { 200: chatbotSuccess('Changed.', answer.passwordChanged, { changed: true, sessions_ended: 1 }) },
  },
  { ...owner, method: 'get', path: '/api/console/bots', summary: "The owner's bots", responses: { 200: chatbotSuccess('The bots.', { type: 'array', items: answer.botView }, [bot]) } },
  {
    ...owner,
    method: 'post',
    path: '/api/console/bots',
    summary: 'Create a bot',
    description: 'Default settings; the answer carries the new admin token, shown only now. A bot key in use is 409.',
    body: botCreateSchema,
    example: { name: 'Help desk' },
    responses: { 201: chatbotSuccess('The bot and its admin token.', answer.botCreated, { ...bot, admin_token: 'cfb_…' }) },
  },
  { ...owner, method: 'get', path: '/api/console/bots/:id', summary: 'Get a bot', responses: { 200: chatbotSuccess('The bot.', answer.botView, bot) } },
  { ...owner, method: 'patch', path: '/api/console/bots/:id', summary: 'Rename a bot (its key is fixed)', body: botUpdateSchema, example: { name: 'Support' }, responses: { 200: chatbotSuccess('The bot.', answer.botView, bot) } },
  { ...owner, method: 'delete', path: '/api/console/bots/:id', summary: 'Delete a bot and everything of it', responses: { 200: chatbotSuccess('Deleted.', answer.deleted, { id: 'uuid', deleted: true }) } },
];

const keys = { auth: 'adminToken', errors: 'chatbot', tag: 'API keys' } as const;
const apiKey = { id: 'uuid', name: 'CRM sync', scopes: ['threads'], prefix: 'cfk_3f9a1c2b', created_at: '2026-12-02T05:00:00.000Z', last_used_at: '2026-12-02T06:00:00.000Z' };

/** API keys of a bot (/api/chatbot/api-keys): with the admin token or an owner session, never with a key. */
export const apiKeyDocs: RouteDoc[] = [
  { ...keys, method: 'get', path: '/api/chatbot/api-keys', summary: "The bot's API keys (never the keys themselves)", responses: { 200: chatbotSuccess('Name, scopes, prefix, created_at, last_used_at.', { type: 'array', items: answer.apiKeyView }, [apiKey]) } },
  {
    ...keys,
    method: 'post',
    path: '/api/chatbot/api-keys',
    summary: 'Create an API key with scopes',
    description: 'Scopes: config (the /api/chatbot routes but keys, the admin token and the identity secret), api_channel (001), threads (002). The key (cfk_…) is shown only now.',
    body: apiKeyCreateSchema,
    example: { name: 'CRM sync', scopes: ['threads'] },
    responses: { 201: chatbotSuccess('The key, shown only now.', answer.apiKeyCreated, { ...apiKey, last_used_at: null, key: 'cfk_…' }) },
  },
  { ...keys, method: 'delete', path: '/api/chatbot/api-keys/:id', summary: 'Revoke an API key (at once)', responses: { 200: chatbotSuccess('Revoked.', answer.apiKeyRevoked, { id: 'uuid', revoked: true }) } },
];
