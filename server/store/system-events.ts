import { orderedId } from '../lib/ordered-id.js';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The system message kinds of the thread API (002). */
export type SystemEventKind =
  | 'CONVERSATION_ESCALATED'
  | 'EXCEEDED_USAGE_LIMITS'
  | 'EMAIL_VERIFIED'
  | 'ENTERED_WRONG_OTP'
  | 'PROVIDED_EMAIL'
  | 'PERSONA_SELECTED'
  | 'PROBLEMS_WITH_UPSTREAM_PROVIDER';

export interface SystemEvent {
  id: string;
  conversationId: string;
  kind: SystemEventKind;
  detail: Record<string, unknown>;
  createdAt: string;
}

export function systemEventStore(db: Kysely<Database>) {
  return {
    async add(conversationId: string, kind: SystemEventKind, detail: Record<string, unknown>, now: string): Promise<SystemEvent> {
      const event: SystemEvent = { id: orderedId(), conversationId, kind, detail, createdAt: now };
      await db
        .insertInto('system_events')
        .values({ id: event.id, conversation_id: conversationId, kind, detail: JSON.stringify(detail), created_at: now })
        .execute();
      return event;
    },

    /** Which of these conversations have an event of this kind (the thread list's `escalated`). */
    async conversationsWith(conversationIds: readonly string[], kind: SystemEventKind): Promise<Set<string>> {
      if (conversationIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('system_events')
        .select('conversation_id')
        .distinct()
        .where('conversation_id', 'in', conversationIds)
        .where('kind', '=', kind)
        .execute();
      return new Set(rows.map((r) => r.conversation_id));
    },

    async ofConversation(conversationId: string): Promise<SystemEvent[]> {
      const rows = await db
        .selectFrom('system_events')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        conversationId: r.conversation_id,
        kind: r.kind as SystemEventKind,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
        createdAt: r.created_at,
      }));
    },
  };
}
