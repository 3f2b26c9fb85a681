import type { ConversationService } from './conversation-service.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../store/index.js';

/**
 * Webhook bots' conversation timeout (003): a conversation the bot serves with no activity
 * from either side for the configured time is ended, or unassigned into the queue, or
 * forwarded (with no agent presence yet, a forward waits in the general queue like an
 * unassigned conversation). Returns how many conversations it acted on.
 */
export async function sweepIdleConversations(deps: { store: Store; clock: Clock; service: ConversationService }): Promise<number> {
  const now = deps.clock.now().getTime();
  let acted = 0;
  for (const bot of await deps.store.bots.list()) {
    const timeout = bot.settings.bot_type === 'webhook' ? bot.settings.conversation_timeout : null;
    if (!timeout) continue;
    const before = new Date(now - timeout.seconds * 1_000).toISOString();
    for (const conversation of await deps.store.conversations.listIdleBotActive(bot.id, before)) {
      if (timeout.action === 'end') await deps.service.end(conversation.id);
      else {
        await deps.service.handOver(conversation, {
          team_id: null,
          notes: `No activity for ${timeout.seconds} s: ${timeout.action === 'forward' ? 'forwarded' : 'unassigned'} by the bot's conversation timeout.`,
          source: timeout.action === 'forward' ? 'timeout_forward' : 'timeout_unassign',
        });
      }
      acted += 1;
    }
  }
  return acted;
}
