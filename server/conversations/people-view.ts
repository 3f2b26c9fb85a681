import type { ConversationView, PeopleState } from '../../shared/index.js';
import type { Presence } from '../lib/presence.js';
import type { Conversation, Store, Transfer } from '../store/index.js';
import { conversationView } from './publisher.js';

/** Where a transfer waits: 1 = next in its queue (the team's, or the general one). */
export function queuePosition(transfer: Transfer, active: readonly Transfer[]): number {
  const waiting = active.filter((t) => t.agentId === null && t.teamId === transfer.teamId);
  return waiting.findIndex((t) => t.id === transfer.id) + 1;
}

/**
 * What the widget shows of people for a conversation: absent while the bot has it; waiting
 * in line (with its place, and whether anyone who could take it is online), or with an agent.
 */
export async function peopleState(
  deps: { store: Store; presence: Presence },
  conversation: Conversation,
  known?: { transfer?: Transfer | undefined; active?: readonly Transfer[] },
): Promise<PeopleState | undefined> {
  if (conversation.status !== 'open') return undefined;
  const transfer = known && 'transfer' in known ? known.transfer : await deps.store.transfers.activeForConversation(conversation.id);
  if (!transfer) return undefined;
  if (transfer.agentId) {
    const doc = await deps.store.agents.get(conversation.botId, transfer.agentId);
    return {
      state: 'assigned',
      position: null,
      agentsOnline: true,
      agent: { name: doc?.body.name ?? transfer.agentName ?? 'Support', avatar: doc?.body.avatar ?? null },
    };
  }
  const active = known?.active ?? (await deps.store.transfers.activeOfBot(conversation.botId));
  return {
    state: 'queued',
    position: queuePosition(transfer, active) || null,
    agentsOnline: await deps.presence.agentsOnline(conversation.botId, { teamId: transfer.teamId }),
    agent: null,
  };
}

/** The whole view of a conversation for the widget: its state, read receipts and people. */
export async function fullConversationView(
  deps: { store: Store; presence: Presence },
  conversation: Conversation,
  known?: { transfer?: Transfer | undefined; active?: readonly Transfer[] },
): Promise<ConversationView> {
  const view = conversationView(conversation);
  if (conversation.agentReadSeq > 0) view.agentReadSeq = conversation.agentReadSeq;
  const people = await peopleState(deps, conversation, known);
  if (people) view.people = people;
  return view;
}
