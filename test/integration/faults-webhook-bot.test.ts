import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { freePort } from '../helpers/free-port.js';
import { call } from '../helpers/http.js';
import { resendingVisitor, type ResendingVisitor } from '../helpers/resending-visitor.js';
import { bodyOf, startTestServer } from '../helpers/server.js';
import { event, startTestBot } from '../helpers/test-bot.js';

const VISITORS = 3;
const FALLBACK = 'Our bot is away right now.';
/** What the fake bot does with a message, by its last word. */
const FAULTS = ['hangs', 'garbage', 'shape', 'error', 'cut'] as const;
const faultOf = (body: string) => FAULTS.find((f) => body.endsWith(` ${f}`));
/** The one reply each message gets, in order: the bot's, or the fallback when the bot failed. */
const replyTo = (body: string) => (faultOf(body) || body.endsWith(' refused') ? FALLBACK : `re: ${body}`);

describe('the webhook bot down, slow or answering garbage', () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('never hangs a conversation: the visitor gets the fallback, the failure is recorded, the replies after it keep their order', async () => {
    let releaseHung!: () => void;
    const hung = new Promise<void>((resolve) => (releaseHung = resolve));
    cleanup.push(() => releaseHung());
    const bot = await startTestBot(async ({ body }) => {
      if (body.packet.name !== 'message') return {};
      const text = String(body.packet.payload.body);
      switch (faultOf(text)) {
        case 'hangs':
          await hung;
          return {};
        case 'garbage':
          return { body: '<html>502 Bad Gateway</html>' };
        case 'shape':
          return { body: { reply: text } };
        case 'error':
          return { status: 500, body: { error: 'boom' } };
        case 'cut':
          return { cut: true };
        default:
          return { body: event(body.info.cid, 'message', { body: `re: ${text}` }) };
      }
    });
    cleanup.push(() => bot.close());
    const logs: string[] = [];
    const server: RunningServer = await startTestServer({}, { log: (m) => logs.push(m) });
    cleanup.push(() => server.close());
    const useWebhook = async (url: string) => {
      const res = await call(server.url, 'PUT', '/api/chatbot/settings', {
        body: { bot_type: 'webhook', webhook_url: url, webhook_timeout_ms: 500, webhook_retries: 1, fallback_message: FALLBACK, behavior_mode: 'firewall', conversation_timeout: null },
      });
      expect(res.status, res.json.message).toBe(200);
    };
    await useWebhook(bot.url);

    const visitors: ResendingVisitor[] = [];
    for (let i = 0; i < VISITORS; i++) visitors.push(await resendingVisitor(server.url));
    cleanup.push(() => visitors.forEach((v) => v.close()));
    const seen = (v: ResendingVisitor) => [...v.seen.values()].filter((m) => m.author === 'bot').sort((a, b) => a.seq - b.seq).map(bodyOf);
    const answered = (v: ResendingVisitor) => seen(v).length >= v.sent.length;
    // Each visitor meets every fault, between messages the bot answers.
    visitors.forEach((v, i) => {
      v.say(`v${i} hello`);
      FAULTS.forEach((fault, j) => {
        v.say(`v${i} m${j} ${fault}`);
        v.say(`v${i} m${j} after`);
      });
    });
    await Promise.all(visitors.map((v) => v.flushed()));
    await expect.poll(() => visitors.every(answered), { timeout: 30_000 }).toBe(true);

    // The bot is gone: nothing listens on its port.
    await useWebhook(`http://127.0.0.1:${await freePort()}/webhook`);
    visitors.forEach((v, i) => v.say(`v${i} refused`));
    await Promise.all(visitors.map((v) => v.flushed()));
    await expect.poll(() => visitors.every(answered), { timeout: 15_000 }).toBe(true);
    await useWebhook(bot.url);
    visitors.forEach((v, i) => v.say(`v${i} back`));
    await Promise.all(visitors.map((v) => v.flushed()));
    await expect.poll(() => visitors.every(answered), { timeout: 15_000 }).toBe(true);
    await server.service.idle();

    let sent = 0;
    let fallbacks = 0;
    let recorded = 0;
    let events = 0;
    let wrong = 0;
    for (const v of visitors) {
      const stored = await server.store.conversations.messages(v.conversationId, { limit: 1_000 });
      // In the store and on the socket: each message, then its one reply, in the order sent.
      const expected = v.sent.flatMap((b) => [b, replyTo(b)]);
      if (stored.map(bodyOf).join('\n') !== expected.join('\n')) wrong += 1;
      if (seen(v).join('\n') !== v.sent.map(replyTo).join('\n')) wrong += 1;
      const conversation = await server.store.conversations.find(v.conversationId);
      const problems = (await server.store.systemEvents.ofConversation(v.conversationId)).filter((e) => e.kind === 'PROBLEMS_WITH_UPSTREAM_PROVIDER');
      sent += v.sent.length;
      fallbacks += v.sent.filter((b) => replyTo(b) === FALLBACK).length;
      recorded += conversation!.meta.failures?.length ?? 0;
      events += problems.length;
      expect(problems.map((e) => e.detail.reason)).toEqual([
        'no answer within 500 ms',
        'the response is not JSON',
        'no valid event in the response',
        'HTTP 500',
        expect.stringMatching(/^network error: /),
        expect.stringMatching(/^network error: .*ECONNREFUSED/),
      ]);
    }
    console.log(
      `faults: webhook bot down, slow, garbage: ${sent} messages sent by ${VISITORS} visitors, ${sent} answered (${fallbacks} with the fallback), ${recorded} failures recorded on the conversations, ${events} PROBLEMS_WITH_UPSTREAM_PROVIDER events, ${wrong} out of order, 0 hung`,
    );
    expect(wrong).toBe(0);
    expect(events).toBe(VISITORS * (FAULTS.length + 1));
    expect(recorded).toBeGreaterThanOrEqual(events);
    expect(logs.filter((l) => l.startsWith('webhook bot, conversation')).length).toBeGreaterThanOrEqual(events);
  }, 90_000);
});
