import type { MessageRecord } from '../../shared/index.js';
import type { Store } from '../../server/store/index.js';
import type { ResendingVisitor } from './resending-visitor.js';
import { bodyOf } from './server.js';

/** What a fault test counts, from the visitors' side and from the store. */
export interface FaultFigures {
  sent: number;
  stored: number;
  /** Bot replies the test's bot owes (one per message, two for a message with a delay). */
  replies: number;
  /** Bot replies the visitors received. */
  delivered: number;
  duplicated: number;
  lost: number;
  /** Conversations whose replies came out of the visitor's order. */
  outOfOrder: number;
}

/**
 * Counts against the store what the visitors sent and received. `repliesTo` names the bot
 * replies a visitor's message should get, in order.
 */
export async function faultFigures(store: Store, visitors: ResendingVisitor[], repliesTo: (body: string) => string[]): Promise<FaultFigures> {
  const f: FaultFigures = { sent: 0, stored: 0, replies: 0, delivered: 0, duplicated: 0, lost: 0, outOfOrder: 0 };
  for (const v of visitors) {
    const messages: MessageRecord[] = await store.conversations.messages(v.conversationId, { limit: 10_000 });
    const storedBodies = (author: 'visitor' | 'bot') => messages.filter((m) => m.author === author).map((m) => bodyOf(m) ?? '');
    const visitorBodies = storedBodies('visitor');
    const botBodies = storedBodies('bot');
    const seenBodies = new Set([...v.seen.values()].filter((m) => m.author === 'bot').map((m) => bodyOf(m) ?? ''));
    const owed = v.sent.flatMap(repliesTo);
    f.sent += v.sent.length;
    f.stored += v.sent.filter((b) => visitorBodies.includes(b)).length;
    f.replies += owed.length;
    f.delivered += owed.filter((b) => seenBodies.has(b)).length;
    f.duplicated += visitorBodies.length - new Set(visitorBodies).size + botBodies.length - new Set(botBodies).size + v.repeatedDeliveries;
    f.lost += v.sent.filter((b) => !visitorBodies.includes(b)).length + owed.filter((b) => !seenBodies.has(b) || !botBodies.includes(b)).length;
    // In the store, the visitor's messages and each kind of reply keep the order they were sent in.
    const inStoredOrder = (bodies: string[], of: string[]) => bodies.filter((b) => of.includes(b));
    const firstReplies = v.sent.map((b) => repliesTo(b)[0]!);
    const laterReplies = v.sent.flatMap((b) => repliesTo(b).slice(1));
    const ordered =
      inStoredOrder(visitorBodies, v.sent).join('\n') === v.sent.join('\n') &&
      inStoredOrder(botBodies, firstReplies).join('\n') === firstReplies.join('\n') &&
      inStoredOrder(botBodies, laterReplies).join('\n') === laterReplies.join('\n') &&
      v.sent.every((b) => repliesTo(b).every((r) => messages.findIndex((m) => bodyOf(m) === r) > messages.findIndex((m) => bodyOf(m) === b)));
    if (!ordered) f.outOfOrder += 1;
  }
  return f;
}

/** The one line a fault test prints. */
export function figuresLine(fault: string, visitors: number, f: FaultFigures, extra = ''): string {
  return `${fault}: ${f.sent} messages sent by ${visitors} visitors, ${f.stored} stored, ${f.delivered}/${f.replies} bot replies delivered, ${f.duplicated} duplicated, ${f.lost} lost, ${f.outOfOrder} out of order${extra ? `; ${extra}` : ''}`;
}
