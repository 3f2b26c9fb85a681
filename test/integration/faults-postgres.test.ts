import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../server/store/database.js';
import { createStore } from '../../server/store/index.js';
import { tempDir } from '../helpers/databases.js';
import { faultFigures, figuresLine } from '../helpers/fault-figures.js';
import { call } from '../helpers/http.js';
import { startPrivatePostgres } from '../helpers/private-postgres.js';
import { resendingVisitor, type ResendingVisitor } from '../helpers/resending-visitor.js';
import { bodyOf } from '../helpers/server.js';
import { startChildServer } from '../helpers/server-process.js';
import { event, startTestBot } from '../helpers/test-bot.js';

const VISITORS = 4;
const MESSAGES = 10;
const repliesTo = (body: string) => [`re: ${body}`];
const seenBody = (v: ResendingVisitor, body: string) => [...v.seen.values()].some((m) => bodyOf(m) === body);

describe('PostgreSQL restarted under load', () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('a connection held by a transaction when PostgreSQL stops fails that transaction, not the process', async () => {
    const pg = await startPrivatePostgres();
    cleanup.push(() => pg.destroy());
    const { db } = openDatabase({ databaseUrl: pg.url, dataDir: tempDir() });
    cleanup.push(() => db.destroy().catch(() => undefined));
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    cleanup.push(() => void process.off('uncaughtException', onUncaught));
    // The transaction holds its client between two queries while the server goes away: the
    // client emits 'error' with no query of its own to fail (before: an uncaught exception).
    const held = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      pg.stop('immediate');
      // Sent before or after the client hears of the end: either way it fails with it.
      await sql`select 1`.execute(trx);
    });
    await expect(held).rejects.toThrow();
    expect(uncaught).toEqual([]);
  });

  it('while it is down requests fail with unavailable (ack) and 503 (HTTP), the server keeps running and recovers by itself; nothing acknowledged is lost', async () => {
    const pg = await startPrivatePostgres();
    cleanup.push(() => pg.destroy());
    const bot = await startTestBot(({ body }) =>
      body.packet.name === 'message' ? { body: event(body.info.cid, 'message', { body: `re: ${String(body.packet.payload.body)}` }) } : {},
    );
    cleanup.push(() => bot.close());
    // The reader below opens the same store: it needs the server's encryption key (kept in its data dir).
    const dataDir = tempDir();
    const server = await startChildServer('confab', { databaseUrl: pg.url, dataDir });
    cleanup.push(() => server.stop());
    const settings = await call(server.url, 'PUT', '/api/chatbot/settings', {
      body: { bot_type: 'webhook', webhook_url: bot.url, webhook_retries: 0, behavior_mode: 'firewall', conversation_timeout: null },
    });
    expect(settings.status, settings.json.message).toBe(200);

    const visitors: ResendingVisitor[] = [];
    for (let i = 0; i < VISITORS; i++) visitors.push(await resendingVisitor(server.url));
    cleanup.push(() => visitors.forEach((v) => v.close()));
    visitors.forEach((v, i) => {
      for (let j = 0; j < MESSAGES; j++) v.say(`v${i} m${j}`);
    });
    // HTTP load beside the sockets: new visitors, one after another, every status counted.
    const statuses = new Map<number, number>();
    const envelopes: unknown[] = [];
    let loading = true;
    const httpLoad = (async () => {
      while (loading) {
        const res = await call(server.url, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null }).catch(() => undefined);
        if (!res) continue;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 503) envelopes.push(res.json);
      }
    })();

    const acked = () => visitors.reduce((n, v) => n + v.acked.size, 0);
    await expect.poll(acked, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual((VISITORS * MESSAGES) / 3);
    const ackedBefore = acked();
    pg.stop('immediate');

    // Down: every visitor hears unavailable (each sends one more now, whatever its outbox
    // still holds), HTTP answers 503 in its envelope, the process runs on.
    visitors.forEach((v, i) => v.say(`v${i} while down`));
    const withLogs = (err: unknown) => {
      const refusals = visitors.map((v) => JSON.stringify([...v.refusals]));
      throw new Error(`${String(err)}\nrefusals: ${refusals.join(' ')}\nHTTP: ${JSON.stringify([...statuses])}\nserver log:\n${server.logs().slice(-3_000)}`);
    };
    await expect.poll(() => visitors.every((v) => (v.refusals.get('unavailable') ?? 0) > 0), { timeout: 15_000 }).toBe(true).catch(withLogs);
    await expect.poll(() => statuses.get(503) ?? 0, { timeout: 10_000 }).toBeGreaterThan(0).catch(withLogs);
    expect(envelopes[0]).toEqual({ status: 'error', message: expect.stringContaining('database is unavailable') });
    expect(server.alive()).toBe(true);
    const ackedWhileDown = acked() - ackedBefore;

    pg.start();
    await Promise.all(visitors.map((v) => v.flushed()));
    const allReplied = () => visitors.every((v) => v.sent.every((b) => repliesTo(b).every((r) => seenBody(v, r))));
    await expect.poll(allReplied, { timeout: 30_000, interval: 50 }).toBe(true).catch(() => undefined);
    const statusesBeforeStop = new Map(statuses);
    await expect.poll(() => (statuses.get(201) ?? 0) > (statusesBeforeStop.get(201) ?? 0), { timeout: 10_000 }).toBe(true);
    loading = false;
    await httpLoad;
    expect(server.alive()).toBe(true);
    visitors.forEach((v) => v.close());
    await server.stop();

    const reader = await createStore({ databaseUrl: pg.url, dataDir });
    const figures = await faultFigures(reader, visitors, repliesTo).finally(() => reader.close());
    const refused = visitors.reduce((n, v) => n + (v.refusals.get('unavailable') ?? 0), 0);
    const other = [...new Set(visitors.flatMap((v) => [...v.refusals.keys()]))].filter((c) => c !== 'unavailable');
    console.log(
      figuresLine(
        'faults: PostgreSQL restarted under load',
        VISITORS,
        figures,
        `while down ${refused} sends refused with unavailable, ${ackedWhileDown} acked; HTTP ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}`,
      ),
    );
    expect(other, server.logs().slice(-3_000)).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([201, 503]);
    expect(figures).toMatchObject({ sent: VISITORS * (MESSAGES + 1), stored: VISITORS * (MESSAGES + 1), duplicated: 0, lost: 0, outOfOrder: 0 });
    expect(figures.delivered).toBe(figures.replies);
  }, 120_000);
});
