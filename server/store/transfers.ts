import { randomUUID } from 'node:crypto';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Dialect } from './database.js';
import type { Database, TransferRow } from './schema.js';

export type TransferStatus = 'active' | 'resumed';

export interface Transfer {
  id: string;
  botId: string;
  conversationId: string;
  contactId: string;
  status: TransferStatus;
  source: string;
  agentId: string | null;
  agentName: string | null;
  teamId: string | null;
  notes: string;
  transferredAt: string;
  assignedAt: string | null;
  resumedAt: string | null;
  /** When the assigned agent first answered. */
  answeredAt: string | null;
}

function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    botId: row.bot_id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    status: row.status as TransferStatus,
    source: row.source,
    agentId: row.agent_id,
    agentName: row.agent_name,
    teamId: row.team_id,
    notes: row.notes,
    transferredAt: row.transferred_at,
    assignedAt: row.assigned_at,
    resumedAt: row.resumed_at,
    answeredAt: row.answered_at,
  };
}

/**
 * Which queues: "general" (transfers without a team), one team's id, several (an agent's
 * teams, `general` for the general queue too), or undefined for every queue.
 */
export type TeamFilter = string | { teamIds: readonly string[]; general: boolean } | undefined;

function whereTeam<O>(q: SelectQueryBuilder<Database, 'transfers', O>, team: TeamFilter): SelectQueryBuilder<Database, 'transfers', O> {
  if (team === undefined) return q;
  if (team === 'general') return q.where('team_id', 'is', null);
  if (typeof team === 'string') return q.where('team_id', '=', team);
  const { teamIds, general } = team;
  return q.where((eb) => {
    const either = [];
    if (general) either.push(eb('team_id', 'is', null));
    if (teamIds.length > 0) either.push(eb('team_id', 'in', [...teamIds]));
    return eb.or(either);
  });
}

export function transferStore(db: Kysely<Database>, dialect: Dialect) {
  return {
    async create(input: {
      botId: string;
      conversationId: string;
      contactId: string;
      source: string;
      teamId: string | null;
      notes: string;
      now: string;
    }): Promise<Transfer> {
      const row: TransferRow = {
        id: randomUUID(),
        bot_id: input.botId,
        conversation_id: input.conversationId,
        contact_id: input.contactId,
        status: 'active',
        source: input.source,
        agent_id: null,
        agent_name: null,
        team_id: input.teamId,
        notes: input.notes,
        transferred_at: input.now,
        assigned_at: null,
        resumed_at: null,
        answered_at: null,
      };
      await db.insertInto('transfers').values(row).execute();
      return toTransfer(row);
    },

    async get(botId: string, id: string): Promise<Transfer | undefined> {
      const row = await db.selectFrom('transfers').selectAll().where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
      return row && toTransfer(row);
    },

    async list(botId: string, filter: { status?: TransferStatus; team?: TeamFilter }): Promise<Transfer[]> {
      let q = db.selectFrom('transfers').selectAll().where('bot_id', '=', botId);
      if (filter.status) q = q.where('status', '=', filter.status);
      q = whereTeam(q, filter.team);
      const rows = await q.orderBy('transferred_at').orderBy('id').limit(500).execute();
      return rows.map(toTransfer);
    },

    /** Unassigned active transfers: the general queue's count and each team's. */
    async queueCounts(botId: string): Promise<{ general: number; teams: Record<string, number> }> {
      const rows = await db
        .selectFrom('transfers')
        .select(['team_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('bot_id', '=', botId)
        .where('status', '=', 'active')
        .where('agent_id', 'is', null)
        .groupBy('team_id')
        .execute();
      const counts = { general: 0, teams: {} as Record<string, number> };
      for (const r of rows) {
        if (r.team_id === null) counts.general = Number(r.n);
        else counts.teams[r.team_id] = Number(r.n);
      }
      return counts;
    },

    /**
     * Gives the oldest unassigned active transfer to an agent, atomically: on PostgreSQL the
     * row is locked with SKIP LOCKED, on SQLite the one connection serializes writers, so
     * two agents never get the same transfer.
     */
    async pickup(botId: string, team: TeamFilter, agent: { id: string; name: string | null }, now: string): Promise<Transfer | undefined> {
      return db.transaction().execute(async (trx) => {
        let q = trx
          .selectFrom('transfers')
          .select('id')
          .where('bot_id', '=', botId)
          .where('status', '=', 'active')
          .where('agent_id', 'is', null);
        q = whereTeam(q, team);
        q = q.orderBy('transferred_at').orderBy('id').limit(1);
        if (dialect === 'postgres') q = q.forUpdate().skipLocked();
        const next = await q.executeTakeFirst();
        if (!next) return undefined;
        const row = await trx
          .updateTable('transfers')
          .set({ agent_id: agent.id, agent_name: agent.name, assigned_at: now, answered_at: null })
          .where('id', '=', next.id)
          .where('agent_id', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row && toTransfer(row);
      });
    },

    async assign(botId: string, id: string, agent: { id: string; name: string | null }, now: string): Promise<Transfer | undefined> {
      const row = await db
        .updateTable('transfers')
        .set({ agent_id: agent.id, agent_name: agent.name, assigned_at: now, answered_at: null })
        .where('bot_id', '=', botId)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .returningAll()
        .executeTakeFirst();
      return row && toTransfer(row);
    },

    async resume(botId: string, id: string, now: string): Promise<Transfer | undefined> {
      const row = await db
        .updateTable('transfers')
        .set({ status: 'resumed', resumed_at: now })
        .where('bot_id', '=', botId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toTransfer(row);
    },

    /** Back to the queue (of another team, when given): nobody has it. */
    async requeue(id: string, change: { teamId?: string | null; notes?: string } = {}): Promise<Transfer | undefined> {
      const row = await db
        .updateTable('transfers')
        .set({
          agent_id: null,
          agent_name: null,
          assigned_at: null,
          answered_at: null,
          ...(change.teamId !== undefined ? { team_id: change.teamId } : {}),
          ...(change.notes !== undefined ? { notes: change.notes } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .returningAll()
        .executeTakeFirst();
      return row && toTransfer(row);
    },

    /** The assigned agent answered (the first time counts). */
    async markAnswered(id: string, now: string): Promise<void> {
      await db.updateTable('transfers').set({ answered_at: now }).where('id', '=', id).where('answered_at', 'is', null).execute();
    },

    /** Every active transfer of a bot, oldest first: the queue and who has what. */
    async activeOfBot(botId: string, limit = 1_000): Promise<Transfer[]> {
      const rows = await db
        .selectFrom('transfers')
        .selectAll()
        .where('bot_id', '=', botId)
        .where('status', '=', 'active')
        .orderBy('transferred_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toTransfer);
    },

    /** Active transfers given to this agent. */
    async activeOfAgent(agentId: string): Promise<Transfer[]> {
      const rows = await db.selectFrom('transfers').selectAll().where('agent_id', '=', agentId).where('status', '=', 'active').execute();
      return rows.map(toTransfer);
    },

    /** Assigned at or before `before` and still unanswered: the agent did not take them up. */
    async unansweredSince(before: string, limit = 100): Promise<Transfer[]> {
      const rows = await db
        .selectFrom('transfers')
        .selectAll()
        .where('status', '=', 'active')
        .where('agent_id', 'is not', null)
        .where('answered_at', 'is', null)
        .where('assigned_at', '<=', before)
        .limit(limit)
        .execute();
      return rows.map(toTransfer);
    },

    /** The agent who took the conversation last (email_dispatch's "operator"), if any did. */
    async lastAgentOfConversation(conversationId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('transfers')
        .select('agent_id')
        .where('conversation_id', '=', conversationId)
        .where('agent_id', 'is not', null)
        .orderBy('assigned_at', 'desc')
        .executeTakeFirst();
      return row?.agent_id ?? undefined;
    },

    async activeForConversation(conversationId: string): Promise<Transfer | undefined> {
      const row = await db
        .selectFrom('transfers')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row && toTransfer(row);
    },
  };
}

export type TransferStore = ReturnType<typeof transferStore>;
