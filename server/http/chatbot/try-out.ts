import { Hono } from 'hono';
import { z } from 'zod';
import type { BotCache } from '../../bots/bot-cache.js';
import { testMessage } from '../../engine/message-test.js';
import { publicKeywordRule } from '../../definitions/bot-definition.js';
import { AppError } from '../../lib/errors.js';
import { OutboundError, type OutboundClient } from '../../lib/outbound/index.js';
import { MAX_MESSAGE_LENGTH } from '../../../shared/limits.js';
import { parseJsonBody, parseOptionalJsonBody } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

export const keywordTestSchema = z.object({ message: z.string().min(1, 'a message to test').max(MAX_MESSAGE_LENGTH) }).strict();

/**
 * POST /keywords/test {message}: what the built-in engine would answer the message with
 * outside a flow (transfer keyword, flow trigger, keyword rule, AI or fallback), and why.
 */
export function keywordTestRoute(botCache: BotCache) {
  const app = new Hono<AdminEnv>();
  app.post('/', async (c) => {
    const { message } = await parseJsonBody(c, keywordTestSchema);
    const config = await botCache.config(c.get('bot').id);
    if (!config) throw new AppError('not_found', 'the bot is gone');
    const result = testMessage(config, message);
    return c.json(success(result.answered_by === 'keyword_rule' ? { ...result, rule: publicKeywordRule(result.rule) } : result));
  });
  return app;
}

/** The most of a test answer that is read: only its status matters. */
const MAX_TEST_RESPONSE_BYTES = 64 * 1024;

/**
 * POST /settings/webhook-test: one `ping` packet (003's envelope, no conversation) to the
 * saved webhook_url through the outbound client, with the bot's headers, timeout and
 * allow-list, no retries. Answers whether the bot took it, its HTTP status and the latency.
 */
export function webhookTestRoute(outbound: OutboundClient) {
  const app = new Hono<AdminEnv>();
  app.post('/', async (c) => {
    await parseOptionalJsonBody(c, z.object({}).strict(), {});
    const bot = c.get('bot');
    const s = bot.settings;
    if (!s.webhook_url) throw new AppError('bad_request', 'webhook_url: set a webhook URL (and save it) before testing it');
    const envelope = {
      info: { approach_mode: 'normal', cid: null, test: true, widget: { id: bot.key, name: bot.name } },
      packet: { name: 'ping', payload: {} },
    };
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const res = await outbound.request(s.webhook_url, {
        method: 'POST',
        headers: { ...s.webhook_headers, 'Content-Type': 'application/json', 'User-Agent': 'Confab-Bot-Webhook/1' },
        body: JSON.stringify(envelope),
        timeoutMs: s.webhook_timeout_ms,
        maxBytes: MAX_TEST_RESPONSE_BYTES,
        allow: s.outbound_allow,
      });
      await res.text().catch(() => '');
      return c.json(success({ ok: res.ok, url: s.webhook_url, http_status: res.status, latency_ms: latency(), ...(res.ok ? {} : { error: `HTTP ${res.status}` }) }));
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      const error = err.code === 'timeout' ? `no answer within ${s.webhook_timeout_ms} ms` : err.message;
      return c.json(success({ ok: false, url: s.webhook_url, http_status: null, latency_ms: latency(), error }));
    }
  });
  return app;
}
