import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Agents' console credentials, by their sha256: an agent may have several (rotation), deleting revokes. */
export function agentTokenStore(db: Kysely<Database>) {
  return {
    async add(input: { tokenHash: string; agentId: string; botId: string; now: string }): Promise<void> {
      await db
        .insertInto('agent_tokens')
        .values({ token_hash: input.tokenHash, agent_id: input.agentId, bot_id: input.botId, created_at: input.now })
        .execute();
    },

    async find(tokenHash: string): Promise<{ agentId: string; botId: string } | undefined> {
      const row = await db.selectFrom('agent_tokens').select(['agent_id', 'bot_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && { agentId: row.agent_id, botId: row.bot_id };
    },

    /** Revokes every credential of an agent; how many there were. */
    async revokeAll(agentId: string): Promise<number> {
      const result = await db.deleteFrom('agent_tokens').where('agent_id', '=', agentId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
