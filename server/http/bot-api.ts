import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { acceptBotActions, parseCid } from '../bots/bot-actions.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import type { Store } from '../store/index.js';
import { errorResponse } from './envelopes.js';
import { refuseBadToken, type TokenLimitsDeps } from './token-limits.js';
import { readJson } from './request-body.js';

export interface BotApiDeps extends TokenLimitsDeps {
  store: Store;
  service: ConversationService;
  outbound: OutboundClient;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The bot API URL (003): POST /api/chatbot/v1/events with the SECURITY-TOKEN header and the
 * same event JSON a webhook response carries, one event or a list, all of one cid.
 */
export function botApi(deps: BotApiDeps) {
  const app = new Hono();
  const badToken = refuseBadToken(deps);

  app.post('/events', async (c) => {
    await badToken.guard(c);
    const body = await readJson(c);
    const list = Array.isArray(body) ? body : [body];
    if (list.length === 0) return errorResponse(c, 400, 'no events: send one event object or a list of them');
    if (list.length > 50) return errorResponse(c, 400, 'at most 50 events in one request');
    const cid = (list[0] as { info?: { cid?: unknown } } | null)?.info?.cid;
    const target = typeof cid === 'string' ? parseCid(cid) : undefined;
    if (!target) return errorResponse(c, 404, `unknown cid ${JSON.stringify(cid ?? null)}`);

    const bot = await deps.store.bots.findByKey(target.botKey);
    if (!bot) return errorResponse(c, 404, `unknown cid "${cid}"`);
    const token = c.req.header('SECURITY-TOKEN') ?? '';
    if (!bot.settings.api_security_token || !sameToken(token, bot.settings.api_security_token)) {
      await badToken.failed(c);
      return errorResponse(c, 401, 'the SECURITY-TOKEN header is missing or wrong');
    }
    const conversation = await deps.store.conversations.find(target.conversationId);
    if (!conversation || conversation.botId !== bot.id) return errorResponse(c, 404, `unknown cid "${cid}"`);
    if (conversation.status !== 'open') return errorResponse(c, 409, 'this chatbot session has ended');
    // 003: 20 requests a minute per cid (a 429 with Retry-After past it), and a budget per bot.
    await deps.limits.take('bot-api', { cid: cid as string, bot: bot.id });

    const { actions, errors } = await acceptBotActions({ store: deps.store, outbound: deps.outbound }, bot, conversation, body);
    if (actions.length > 0) await deps.service.deliver(conversation.id, actions);
    const data = { applied: actions.length, errors };
    if (actions.length === 0 && errors.length > 0) {
      return c.json({ status: 'error', message: errors.map((e) => `event ${e.index} (${e.event ?? 'no name'}): ${e.message}`).join('; '), data }, 400);
    }
    return c.json({ status: 'success', data });
  });

  return app;
}
