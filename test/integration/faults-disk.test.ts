import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { faultFigures, figuresLine } from '../helpers/fault-figures.js';
import { call } from '../helpers/http.js';
import { resendingVisitor, type ResendingVisitor } from '../helpers/resending-visitor.js';
import { bodyOf, startTestServer, testConfig } from '../helpers/server.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { testVisitor } from '../helpers/visitor-client.js';

const VISITORS = 3;
const repliesTo = (body: string) => [`re: ${body}`];
const seenBody = (v: ResendingVisitor, body: string) => [...v.seen.values()].some((m) => bodyOf(m) === body);
const allReplied = (visitors: ResendingVisitor[]) => visitors.every((v) => v.sent.every((b) => repliesTo(b).every((r) => seenBody(v, r))));

/** A real filesystem of its own for the store: a small tmpfs (CI runs as root; without mount the test fails, it does not skip). */
function smallDisk(megabytes: number) {
  const dir = tempDir('confab-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  const filler = `${dir}/filler`;
  return {
    dir,
    /** Writes a file until the disk says ENOSPC. */
    fill() {
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    /**
     * SQLite writes over the WAL's old frames once they are checkpointed, which takes no new
     * room: the WAL started over empty (a TRUNCATE checkpoint), the next commit needs the disk.
     */
    async emptyWal() {
      const db = new SQLite(`${dir}/confab.sqlite`, { timeout: 5_000 });
      try {
        // Busy while the server's checkpoints' thread runs one: again until it is through.
        await expect.poll(() => db.pragma('wal_checkpoint(TRUNCATE)'), { timeout: 5_000 }).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
      } finally {
        db.close();
      }
    },
    remount: (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir]),
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the SQLite store out of disk, or read-only', () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  /** The server's error log. */
  const logs: string[] = [];
  /** The bot holds back its reply to this message until `release`. */
  const HELD = 'v0 held';
  let release: () => void = () => undefined;

  async function botAndServer(dataDir: string) {
    const held = new Promise<void>((resolve) => (release = resolve));
    const bot = await startTestBot(async ({ body }) => {
      if (body.packet.name !== 'message') return {};
      const text = String(body.packet.payload.body);
      if (text === HELD) await held;
      return { body: event(body.info.cid, 'message', { body: `re: ${text}` }) };
    });
    cleanup.push(() => bot.close());
    const server = await startTestServer({ dataDir }, { log: (m, e) => logs.push(`${m}: ${e instanceof Error ? e.message : String(e)}`) });
    cleanup.push(() => server.close());
    const settings = await call(server.url, 'PUT', '/api/chatbot/settings', {
      body: { bot_type: 'webhook', webhook_url: bot.url, webhook_retries: 0, behavior_mode: 'firewall', conversation_timeout: null },
    });
    expect(settings.status, settings.json.message).toBe(200);
    return server;
  }

  it('disk full: the sender gets storage_full (ack) or 507 (HTTP), nothing is half-written, the server stays up and works again when the disk is back', async () => {
    const disk = smallDisk(24);
    cleanup.push(() => disk.unmount());
    const server = await botAndServer(disk.dir);
    const visitors: ResendingVisitor[] = [];
    for (let i = 0; i < VISITORS; i++) visitors.push(await resendingVisitor(server.url));
    cleanup.push(() => visitors.forEach((v) => v.close()));

    visitors.forEach((v, i) => [0, 1, 2].forEach((j) => v.say(`v${i} m${j}`)));
    await Promise.all(visitors.map((v) => v.flushed()));
    await expect.poll(() => allReplied(visitors), { timeout: 10_000 }).toBe(true);
    // A message stored whose bot reply then meets the full disk.
    visitors[0]!.say(HELD);
    await visitors[0]!.flushed();
    await disk.emptyWal();
    disk.fill();
    release();
    await expect.poll(() => logs.some((l) => l.includes('bot turn failed') && l.includes('disk is full')), { timeout: 10_000 }).toBe(true);
    visitors.forEach((v, i) => [3, 4, 5].forEach((j) => v.say(`v${i} m${j} while full`)));
    // The outbox keeps sending; every visitor hears why it does not get through.
    await expect.poll(() => visitors.every((v) => (v.refusals.get('storage_full') ?? 0) > 0), { timeout: 10_000 }).toBe(true);
    const http = await call(server.url, 'POST', '/api/widget/visitors', { body: { botKey: 'demo' }, token: null });
    expect(http).toMatchObject({ status: 507, json: { status: 'error', message: expect.stringContaining('out of storage') } });
    // Still up, and reads work: the widget's configuration comes.
    expect((await fetch(`${server.url}/api/widget/config?botKey=demo`)).status).toBe(200);
    // Nothing half-written: each stored message has its reply, or its bot turn is still owed.
    const owed = new Set((await server.store.botTurns.pending()).map((t) => t.id));
    for (const v of visitors) {
      const stored = await server.store.conversations.messages(v.conversationId, { limit: 1_000 });
      const replies = new Set(stored.filter((m) => m.author === 'bot').map(bodyOf));
      for (const m of stored.filter((m) => m.author === 'visitor')) {
        expect(replies.has(`re: ${bodyOf(m)}`) || owed.has(`turn:${m.id}`), `${bodyOf(m)} has its reply or an owed turn`).toBe(true);
      }
    }
    const refusedWhileFull = visitors.reduce((n, v) => n + (v.refusals.get('storage_full') ?? 0), 0);

    disk.free();
    await Promise.all(visitors.map((v) => v.flushed()));
    await expect.poll(() => allReplied(visitors), { timeout: 15_000 }).toBe(true).catch(() => undefined);
    const figures = await faultFigures(server.store, visitors, repliesTo);
    console.log(figuresLine('faults: disk full (SQLite)', VISITORS, figures, `${refusedWhileFull} sends refused with storage_full while the disk was full, HTTP 507; 1 bot reply that met the full disk delivered after`));
    expect(figures).toMatchObject({ sent: VISITORS * 6 + 1, stored: VISITORS * 6 + 1, duplicated: 0, lost: 0, outOfOrder: 0 });
    expect(figures.delivered).toBe(figures.replies);
  });

  it('read-only: a server does not start on a read-only disk, and says why; once writable it starts with everything', async () => {
    const disk = smallDisk(24);
    cleanup.push(() => disk.unmount());
    let server: RunningServer = await botAndServer(disk.dir);
    release();
    const before = await testVisitor(server);
    const { conversation } = await before.open();
    await before.send(conversation.id, 'before');
    before.close();
    await server.close();

    // A filesystem can only become read-only with no file open for writing: the server is down meanwhile.
    disk.remount('ro');
    await expect(startServer({ config: testConfig({ dataDir: disk.dir }), log: () => undefined })).rejects.toThrow(
      `cannot open the SQLite store ${disk.dir}/confab.sqlite`,
    );

    disk.remount('rw');
    server = await startServer({ config: testConfig({ dataDir: disk.dir }), log: () => undefined });
    cleanup.push(() => server.close());
    const after = await testVisitor(server, { identity: before.identity });
    cleanup.push(() => after.close());
    await after.open({ conversationId: conversation.id });
    await after.send(conversation.id, 'writable again');
    const stored = await server.store.conversations.messages(conversation.id, { limit: 100 });
    expect(stored.filter((m) => m.author === 'visitor').map(bodyOf)).toEqual(['before', 'writable again']);
  });
});
