import { Hono } from 'hono';
import { z } from 'zod';
import type { ConversationService } from '../../conversations/conversation-service.js';
import type { AgentDesk } from '../../agents/agent-desk.js';
import { findAgent, type Agent } from '../../identity/agent-auth.js';
import { AppError } from '../../lib/errors.js';
import type { Store, Transfer } from '../../store/index.js';
import { parseJsonBody, parseQuery } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

const id = z.string().trim().min(1).max(100);
// agent_name is accepted for older callers; the name shown is the agent's own.
export const agentSchema = z.object({ agent_id: id, agent_name: z.string().trim().min(1).max(200).optional() }).strict();
export const querySchema = z.object({
  status: z.enum(['active', 'resumed']).optional(),
  team_id: id.optional(),
});

export const transferSchema = z.object({ contact_id: id, team_id: id.optional(), notes: z.string().max(5_000).optional() }).strict();
export const pickupQuerySchema = z.object({ team_id: id.optional() });

export function transferRoutes(store: Store, service: ConversationService, desk: AgentDesk) {
  const app = new Hono<AdminEnv>();

  async function views(transfers: Transfer[]) {
    if (transfers.length === 0) return [];
    const [contactList, teamList] = await Promise.all([
      store.visitors.findMany([...new Set(transfers.map((t) => t.contactId))]),
      store.teams.list(transfers[0]!.botId),
    ]);
    const contacts = new Map(contactList.map((v) => [v.id, v]));
    const teams = new Map(teamList.map((t) => [t.id, t.body.name]));
    return transfers.map((t) => ({
      id: t.id,
      contact_id: t.contactId,
      contact_name: contacts.get(t.contactId)?.name ?? null,
      phone_number: contacts.get(t.contactId)?.phone ?? null,
      conversation_id: t.conversationId,
      status: t.status,
      source: t.source,
      agent_id: t.agentId,
      agent_name: t.agentName,
      team_id: t.teamId,
      team_name: t.teamId ? (teams.get(t.teamId) ?? null) : null,
      notes: t.notes,
      transferred_at: t.transferredAt,
      assigned_at: t.assignedAt,
      resumed_at: t.resumedAt,
    }));
  }
  const view = async (t: Transfer) => (await views([t]))[0];

  async function agentOf(botId: string, agentId: string): Promise<Agent> {
    const agent = await findAgent(store, botId, agentId);
    if (!agent) throw new AppError('not_found', `no agent with id "${agentId}" (create agents under /api/chatbot/agents)`);
    return agent;
  }

  async function found(botId: string, transferId: string) {
    const t = await store.transfers.get(botId, transferId);
    if (!t) throw new AppError('not_found', `no transfer with id "${transferId}"`);
    return t;
  }

  app.get('/', async (c) => {
    const q = parseQuery(c, querySchema);
    const botId = c.get('bot').id;
    const [transfers, counts] = await Promise.all([
      store.transfers.list(botId, { status: q.status, team: q.team_id }),
      store.transfers.queueCounts(botId),
    ]);
    return c.json(
      success({ transfers: await views(transfers), general_queue_count: counts.general, team_queue_counts: counts.teams }),
    );
  });

  app.post('/', async (c) => {
    const bot = c.get('bot');
    const body = await parseJsonBody(
      c,
      transferSchema,
    );
    const contact = await store.visitors.find(body.contact_id);
    if (!contact || contact.botId !== bot.id) throw new AppError('not_found', `no contact with id "${body.contact_id}"`);
    const conversation = await store.conversations.latestOpenOfVisitor(contact.id);
    if (!conversation) throw new AppError('not_found', `contact "${body.contact_id}" has no open conversation`);
    const { transfer, created } = await service.handOver(conversation, { team_id: body.team_id ?? null, notes: body.notes ?? '', source: 'manual' });
    if (!created) throw new AppError('conflict', 'this conversation already has an active transfer');
    return c.json(success(await view(transfer)), 201);
  });

  // 200 with data null when the queue is empty: agents poll this. The agent picks for themself.
  app.post('/pickup', async (c) => {
    const botId = c.get('bot').id;
    const { team_id } = parseQuery(c, pickupQuerySchema);
    const body = await parseJsonBody(c, agentSchema);
    const picked = await desk.pickNext(await agentOf(botId, body.agent_id), team_id);
    const transfer = picked?.transfer ? await store.transfers.get(botId, picked.transfer.id) : undefined;
    return c.json(success(transfer ? await view(transfer) : null));
  });

  app.put('/:id/assign', async (c) => {
    const botId = c.get('bot').id;
    const transfer = await found(botId, c.req.param('id'));
    const body = await parseJsonBody(c, agentSchema);
    if (transfer.status !== 'active') throw new AppError('conflict', 'this transfer was resumed; it cannot be assigned');
    const agent = await agentOf(botId, body.agent_id);
    await desk.assign(agent, transfer.conversationId, agent.id, { byOwner: true });
    return c.json(success(await view(await found(botId, transfer.id))));
  });

  app.put('/:id/resume', async (c) => {
    const botId = c.get('bot').id;
    const transfer = await found(botId, c.req.param('id'));
    if (transfer.status === 'resumed') return c.json(success(await view(transfer)));
    await service.resumeBot(transfer.conversationId);
    return c.json(success(await view(await found(botId, transfer.id))));
  });

  return app;
}
