import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface AiAnswerRecord {
  botId: string;
  conversationId: string;
  visitorId: string;
  provider: string;
  model: string;
  finish: string;
  inputTokens: number | null;
  outputTokens: number | null;
  createdAt: string;
}

export function aiAnswerStore(db: Kysely<Database>) {
  const count = async (query: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => Number((await query(base()).executeTakeFirstOrThrow()).n);
  const base = () => db.selectFrom('ai_answers').select((eb) => eb.fn.countAll<number | string>().as('n'));
  return {
    async add(a: AiAnswerRecord): Promise<void> {
      await db
        .insertInto('ai_answers')
        .values({
          id: randomUUID(),
          bot_id: a.botId,
          conversation_id: a.conversationId,
          visitor_id: a.visitorId,
          provider: a.provider,
          model: a.model,
          finish: a.finish,
          input_tokens: a.inputTokens,
          output_tokens: a.outputTokens,
          created_at: a.createdAt,
        })
        .execute();
    },
    /** AI answers of a bot since a time (the per-day limit). */
    countOfBotSince: (botId: string, since: string) => count((q) => q.where('bot_id', '=', botId).where('created_at', '>=', since)),
    /** AI answers one visitor got, over all their conversations. */
    countOfVisitor: (visitorId: string) => count((q) => q.where('visitor_id', '=', visitorId)),
  };
}
