import { Hono } from 'hono';
import { agentSchema, cannedResponseSchema, teamSchema, type AgentBody, type CannedResponseBody, type TeamBody } from '../../definitions/people-definition.js';
import { issueAgentToken } from '../../identity/agent-auth.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { dryRun } from './collection-routes.js';
import type { Store, StoredDocument } from '../../store/index.js';
import { readJson, validated } from '../request-body.js';
import { success } from '../envelopes.js';
import { wholeBotOnly, type AdminEnv } from './admin-auth.js';
import { documents, documentView } from './collections.js';
import { ITEM_VIEW_FIELDS, writableFields } from './read-only-fields.js';

export const teams = (store: Store, clock: Clock) => documents<TeamBody>('team', store.teams, (i) => teamSchema.parse(i), clock);
export const cannedResponses = (store: Store, clock: Clock) =>
  documents<CannedResponseBody>('canned response', store.cannedResponses, (i) => cannedResponseSchema.parse(i), clock);

export interface AgentRoutesDeps {
  store: Store;
  clock: Clock;
  /** An agent lost their access (deleted, or every token revoked): close their consoles, requeue their chats. */
  onAgentRevoked: (agent: { id: string; botId: string; name: string }) => Promise<void>;
}

/**
 * /api/chatbot/agents: the people who answer in the console. Creating one returns its
 * console token once (only a hash is kept); POST /:id/token rotates it (the old one stops
 * working), DELETE /:id/token revokes it. Issuing a token takes the admin token or an owner
 * session; an API key may list, change, delete agents and revoke their tokens.
 */
export function agentRoutes(deps: AgentRoutesDeps) {
  const { store, clock } = deps;
  const app = new Hono<AdminEnv>();
  const now = () => clock.now().toISOString();

  async function found(botId: string, id: string): Promise<StoredDocument<AgentBody>> {
    const doc = await store.agents.get(botId, id);
    if (!doc) throw new AppError('not_found', `no agent with id "${id}"`);
    return doc;
  }

  /** Teams an agent names must exist. */
  async function checkTeams(botId: string, body: AgentBody): Promise<AgentBody> {
    const known = new Set((await store.teams.list(botId)).map((t) => t.id));
    const unknown = body.teams.find((t) => !known.has(t));
    if (unknown) throw new AppError('bad_request', `teams: no team with id "${unknown}" (create it under /api/chatbot/teams)`);
    return body;
  }

  app.get('/', async (c) => c.json(success({ items: (await store.agents.list(c.get('bot').id)).map(documentView) })));

  // A console token reads the bot's conversations: a credential, so not for an API key (wholeBotOnly).
  app.post('/', wholeBotOnly, async (c) => {
    const botId = c.get('bot').id;
    const input = writableFields(await readJson(c), ITEM_VIEW_FIELDS);
    const body = await checkTeams(botId, await validated(() => agentSchema.parse(input)));
    if (dryRun(c)) return c.json(success({ valid: true }));
    const doc = await store.agents.create(botId, body, now());
    const token = await issueAgentToken(store, { id: doc.id, botId }, now());
    return c.json(success({ ...documentView(doc), token }), 201);
  });

  app.get('/:id', async (c) => c.json(success(documentView(await found(c.get('bot').id, c.req.param('id'))))));

  app.put('/:id', async (c) => {
    const botId = c.get('bot').id;
    const existing = await found(botId, c.req.param('id'));
    const input = writableFields(await readJson(c), ITEM_VIEW_FIELDS, existing.id) as object;
    const body = await checkTeams(botId, await validated(() => agentSchema.parse({ ...existing.body, ...input })));
    if (dryRun(c)) return c.json(success({ valid: true }));
    return c.json(success(documentView((await store.agents.update(botId, existing.id, body, now()))!)));
  });

  app.delete('/:id', async (c) => {
    const botId = c.get('bot').id;
    const existing = await found(botId, c.req.param('id'));
    await store.agentTokens.revokeAll(existing.id);
    await deps.onAgentRevoked({ id: existing.id, botId, name: existing.body.name });
    await store.agents.remove(botId, existing.id);
    return c.json(success({ id: existing.id, deleted: true }));
  });

  app.post('/:id/token', wholeBotOnly, async (c) => {
    const botId = c.get('bot').id;
    const existing = await found(botId, c.req.param('id'));
    await store.agentTokens.revokeAll(existing.id);
    await deps.onAgentRevoked({ id: existing.id, botId, name: existing.body.name });
    return c.json(success({ id: existing.id, token: await issueAgentToken(store, { id: existing.id, botId }, now()) }), 201);
  });

  app.delete('/:id/token', async (c) => {
    const botId = c.get('bot').id;
    const existing = await found(botId, c.req.param('id'));
    const revoked = await store.agentTokens.revokeAll(existing.id);
    await deps.onAgentRevoked({ id: existing.id, botId, name: existing.body.name });
    return c.json(success({ id: existing.id, revoked }));
  });

  return app;
}
