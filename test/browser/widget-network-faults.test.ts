import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../server/realtime/gateway.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { cutPathSite } from '../helpers/cut-proxy.js';
import { faultFigures, printFigures, shownVisitorTexts, type FaultVisitor } from '../helpers/page-fault-figures.js';
import { botSays, conversationIdOf, openChat, send, widget } from '../helpers/widget.js';

/** How long the widget may take to notice a silent path: one heartbeat missed, and a margin for a loaded machine. */
const NOTICE_MS = PING_INTERVAL_MS + PING_TIMEOUT_MS + 15_000;
/** Reconnecting after the path is back: Socket.IO's backoff tops out at 5 s, a stalled handshake at 20 s. */
const RECOVER_MS = 60_000;
/** A test's own limit: several waits of up to RECOVER_MS each. */
const TEST_MS = 180_000;

const reconnecting = (page: Page) => widget.host(page).getByText('Reconnecting…');

/**
 * A cut network path between the browser and the server (a TCP proxy that resets or stalls
 * the connections, test/helpers/cut-proxy.ts), with several visitors sending while it is cut.
 * The widget's HTTP and Socket.IO go through the proxy (data-server); its files and the bot
 * API the test speaks through do not.
 */
describe('a cut network path', () => {
  const suite = browserSuite({ pages: {}, botApi: true });
  const path = cutPathSite(suite);

  async function visitor(context = {}): Promise<FaultVisitor & { page: Page }> {
    const page = await suite.open('/', context);
    await openChat(page);
    return { page, pages: [page], conversationId: await conversationIdOf(page), sent: [], replies: [] };
  }

  /** Every visitor's messages are stored and shown once: the figures, printed and checked. */
  async function recovered(name: string, visitors: FaultVisitor[]) {
    for (const v of visitors) {
      for (const page of v.pages) {
        await expect.poll(() => shownVisitorTexts(page), { timeout: RECOVER_MS }).toEqual(expect.arrayContaining(v.sent));
        for (const reply of v.replies) await widget.conversation(page).getByText(reply).waitFor({ timeout: RECOVER_MS });
        await expect.poll(() => reconnecting(page).count()).toBe(0);
      }
    }
    const figures = await faultFigures(suite.server, visitors);
    printFigures(name, figures);
    expect(figures).toMatchObject({ stored: figures.sent, delivered: figures.sent, duplicated: 0, lost: 0, caughtUp: figures.replies, outOfOrder: 0 });
  }

  it('drops every connection and refuses new ones: the widget says so at once, keeps what is sent, and delivers it once, in order', { timeout: TEST_MS }, async () => {
    const visitors = [await visitor(), await visitor(), await visitor()];
    path.proxy.drop();
    for (const [i, v] of visitors.entries()) {
      await reconnecting(v.page).waitFor();
      for (let n = 1; n <= 4; n += 1) {
        const text = `visitor ${i + 1} during the drop, message ${n}`;
        await send(v.page, text);
        v.sent.push(text);
      }
      await expect.poll(() => widget.conversation(v.page).getByText('Sending…').count()).toBe(4);
      // The bot (or an agent) speaks meanwhile: the widget cannot hear it.
      v.replies = [`reply ${i + 1}.1 while the visitor was away`, `reply ${i + 1}.2 while the visitor was away`];
      await botSays(suite.server.url, v.conversationId, v.replies.map((body) => ({ name: 'message', payload: { body } })));
    }
    path.proxy.restore();
    await recovered('dropped path (3 visitors)', visitors);
  });

  it('stalls without closing: the widget notices within one heartbeat, and what went into the dead socket is sent again, once', { timeout: TEST_MS }, async () => {
    const visitors = [await visitor(), await visitor()];
    path.proxy.stall();
    for (const [i, v] of visitors.entries()) {
      // Into a socket that still looks connected: written, never acknowledged.
      const text = `visitor ${i + 1} into the stalled socket`;
      await send(v.page, text);
      v.sent.push(text);
    }
    for (const [i, v] of visitors.entries()) {
      await reconnecting(v.page).waitFor({ timeout: NOTICE_MS });
      for (let n = 1; n <= 3; n += 1) {
        const text = `visitor ${i + 1} while reconnecting, message ${n}`;
        await send(v.page, text);
        v.sent.push(text);
      }
      v.replies = [`reply ${i + 1} during the stall`];
      await botSays(suite.server.url, v.conversationId, v.replies.map((body) => ({ name: 'message', payload: { body } })));
    }
    path.proxy.restore();
    await recovered('stalled path (2 visitors)', visitors);
  });

  it('keeps unsent messages across a reload and sends them on the next page view without a click', { timeout: TEST_MS }, async () => {
    const v = await visitor();
    path.proxy.drop();
    await reconnecting(v.page).waitFor();
    v.sent = ['sent before the reload 1', 'sent before the reload 2'];
    for (const text of v.sent) await send(v.page, text);
    await v.page.reload();
    // The chat was open, so it opens again, showing the outbox as pending.
    await expect.poll(() => widget.conversation(v.page).getByText('Sending…').count()).toBe(2);
    path.proxy.restore();
    await recovered('reload while cut', [v]);
  });

  it("a new visitor's first messages, typed with no network, are sent on the next page view although the chat stays closed", { timeout: TEST_MS }, async () => {
    const page = await suite.open('/');
    path.proxy.drop();
    await widget.launcher(page).click();
    await widget.host(page).getByText(/Could not reach the chat/).waitFor();
    await send(page, 'hello from a new visitor');
    await widget.host(page).getByRole('button', { name: 'Close chat' }).click();
    // Closed, with no conversation: only the outbox makes the loader import the panel.
    await page.reload();
    path.proxy.restore();
    await expect
      .poll(async () => {
        const raw = await page.evaluate(() => localStorage.getItem('confab:demo'));
        return raw ? (JSON.parse(raw) as { conversationId?: string }).conversationId : undefined;
      }, { timeout: RECOVER_MS })
      .toBeTruthy();
    const conversationId = await conversationIdOf(page);
    await expect
      .poll(async () => (await suite.server.store.conversations.messages(conversationId, { limit: 50 })).filter((m) => m.author === 'visitor').length, {
        timeout: RECOVER_MS,
      })
      .toBe(1);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('confab:demo:outbox'))).toBeNull(); // once the ack is in
    await widget.launcher(page).click();
    const figures = await faultFigures(suite.server, [{ pages: [page], conversationId, sent: ['hello from a new visitor'], replies: [] }]);
    printFigures('new visitor offline, next page view', figures);
    expect(figures).toMatchObject({ sent: 1, stored: 1, duplicated: 0, lost: 0 });
  });

  it('two tabs of one visitor: what both queued during the cut goes out once, from one tab, and shows once in both', { timeout: TEST_MS }, async () => {
    const first = await visitor();
    const second = await first.page.context().newPage();
    await second.goto(first.page.url());
    await widget.conversation(second).getByText('Welcome to').waitFor();
    // Every visitor:event the server receives, by clientId: a resend from a second tab would count twice.
    const received = new Map<string, number>();
    suite.server.io.on('connection', (socket) =>
      socket.onAny((event: string, req: { clientId?: string }) => {
        if (event === 'visitor:event' && req?.clientId) received.set(req.clientId, (received.get(req.clientId) ?? 0) + 1);
      }),
    );
    path.proxy.drop();
    await reconnecting(first.page).waitFor();
    await reconnecting(second).waitFor();
    const v: FaultVisitor = { pages: [first.page, second], conversationId: first.conversationId, sent: [], replies: [] };
    for (const [i, page] of v.pages.entries()) {
      for (let n = 1; n <= 3; n += 1) {
        const text = `tab ${i + 1} message ${n}`;
        await send(page, text);
        v.sent.push(text);
      }
    }
    await expect.poll(() => widget.conversation(first.page).getByText('Sending…').count()).toBe(3);
    path.proxy.restore();
    await recovered('two tabs of one visitor', [v]);
    expect([...received.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
