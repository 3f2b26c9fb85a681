import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { cutPathSite } from '../helpers/cut-proxy.js';
import { faultFigures, printFigures, type FaultVisitor } from '../helpers/page-fault-figures.js';
import { botSays, conversationIdOf, openChat, send, widget } from '../helpers/widget.js';

/** Reconnecting after a wake: Socket.IO's backoff tops out at 5 s; a margin for a loaded machine. */
const RECOVER_MS = 60_000;
/** A test's own limit: several waits of up to RECOVER_MS each. */
const TEST_MS = 180_000;

/** Lets a test hide and show the page as a switched tab or a minimised window does. */
const VISIBILITY = `
  let visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { get: () => visibility });
  Object.defineProperty(document, 'hidden', { get: () => visibility === 'hidden' });
  window.__setVisibility = (next) => {
    visibility = next;
    document.dispatchEvent(new Event('visibilitychange'));
  };
`;

const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((next) => (window as unknown as { __setVisibility(s: string): void }).__setVisibility(next), state);

const reconnecting = (page: Page) => widget.host(page).getByText('Reconnecting…');
const says = (bodies: string[]) => bodies.map((body) => ({ name: 'message' as const, payload: { body } }));

/**
 * The page sleeps and wakes: hidden for minutes with the network gone (the page's clock runs
 * the minutes on), and a laptop's suspend (the page frozen through CDP and its network path
 * cut, test/helpers/cut-proxy.ts, while the server goes on talking). Replies said meanwhile
 * arrive after the wake, once each, in order.
 */
describe('page sleep and wake', () => {
  const suite = browserSuite({ pages: {}, botApi: true });
  const path = cutPathSite(suite);

  async function visitor(): Promise<FaultVisitor & { page: Page }> {
    const page = await suite.open('/', {}, async (fresh) => {
      await fresh.addInitScript(VISIBILITY);
      await fresh.clock.install();
    });
    await openChat(page);
    return { page, pages: [page], conversationId: await conversationIdOf(page), sent: [], replies: [] };
  }

  async function caughtUp(name: string, v: FaultVisitor) {
    for (const reply of v.replies) await widget.conversation(v.pages[0]!).getByText(reply).waitFor({ timeout: RECOVER_MS });
    await expect.poll(() => reconnecting(v.pages[0]!).count()).toBe(0);
    const figures = await faultFigures(suite.server, [v]);
    printFigures(name, figures);
    expect(figures).toMatchObject({ stored: figures.sent, delivered: figures.sent, duplicated: 0, lost: 0, caughtUp: figures.replies, outOfOrder: 0 });
  }

  it('hidden for minutes, offline then online: what was said meanwhile arrives once, in order, and what was typed goes out', { timeout: TEST_MS }, async () => {
    const v = await visitor();
    await send(v.page, 'before the tab was hidden');
    v.sent.push('before the tab was hidden');
    await widget.conversation(v.page).getByText('Sending…').waitFor({ state: 'detached' });

    await setVisibility(v.page, 'hidden');
    await v.page.context().setOffline(true);
    await reconnecting(v.page).waitFor(); // the browser's offline event closes the socket at once
    v.replies = ['first reply while hidden', 'second reply while hidden', 'third reply while hidden'];
    await botSays(suite.server.url, v.conversationId, says(v.replies));
    // Minutes go by in the page: every timer due meanwhile (heartbeats, reconnect backoff) fires.
    await v.page.clock.fastForward('10:00');
    await v.page.context().setOffline(false);
    await setVisibility(v.page, 'visible');
    await caughtUp('hidden for 10 minutes, offline/online', v);
  });

  it('a laptop suspend: the page frozen and its network gone while the server talks, then woken', { timeout: TEST_MS }, async () => {
    const v = await visitor();
    const cdp = await v.page.context().newCDPSession(v.page);
    await setVisibility(v.page, 'hidden'); // a closed lid hides the page first
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    // Said to a frozen page: it reaches the browser, not the widget's code.
    const beforeCut = ['reply 1 to the sleeping laptop', 'reply 2 to the sleeping laptop'];
    await botSays(suite.server.url, v.conversationId, says(beforeCut));
    // The Wi-Fi goes down in the sleep: the server loses the socket.
    path.proxy.drop();
    const room = `conversation:${v.conversationId}`;
    await expect.poll(async () => (await suite.server.io.in(room).fetchSockets()).length, { timeout: RECOVER_MS }).toBe(0);
    const afterCut = ['reply 3 after the server lost the socket', 'reply 4 after the server lost the socket'];
    await botSays(suite.server.url, v.conversationId, says(afterCut));
    v.replies = [...beforeCut, ...afterCut];

    // The lid opens: the network is back, the page thaws, and its clock jumps a night ahead.
    path.proxy.restore();
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await setVisibility(v.page, 'visible');
    await v.page.clock.fastForward('08:00:00');
    await caughtUp('frozen page, network gone (laptop suspend)', v);
  });
});
