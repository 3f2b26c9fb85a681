import type { Page, WebSocket } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { DEMO_TOKEN } from '../helpers/server.js';
import { botSays, conversationIdOf, openChat, storedVisitor, widget } from '../helpers/widget.js';

/** The stub snippet of the README, verbatim: calls made before widget.js loaded are queued. */
const STUB = `<script>
  window.Confab = window.Confab || { q: [] };
  ['open', 'close', 'toggle', 'send', 'prefill', 'identify', 'reset', 'on', 'off', 'destroy'].forEach(function (m) {
    window.Confab[m] = window.Confab[m] || function () { window.Confab.q.push([m, [].slice.call(arguments)]); };
  });
</script>`;

/** What a site does before the script loads: listen, tell who the visitor is, prefill, open. */
const EARLY_CALLS = `<script>
  window.events = [];
  Confab.on('ready', function () { events.push('ready'); });
  Confab.on('open', function () { events.push('open'); });
  Confab.on('close', function () { events.push('close'); });
  Confab.on('message', function (m) { events.push('message:' + m.author); });
  Confab.on('unread', function (n) { events.push('unread:' + n); });
  Confab.identify({ name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000', external_id: 'cust-42' });
  Confab.prefill('Where is order NW-1001?');
  Confab.open();
</script>`;

type EventLog = { events: string[] };

describe('window.Confab, before and after the script loads', () => {
  const suite = browserSuite({
    pages: {
      // The embed tag comes after the calls and loads async, like a real site's.
      '/stub': (serverUrl) => ({ body: hostPage(`<h1>Shop</h1>${STUB}${EARLY_CALLS}${embedTag(serverUrl, {}, 'async')}`) }),
      '/later': (serverUrl) => ({ body: hostPage(`<h1>Shop</h1>${embedTag(serverUrl)}<script>window.events = [];</script>`) }),
    },
    botApi: true,
  });

  async function open(path: string) {
    const sockets: WebSocket[] = [];
    const page = await suite.open(path, {}, (fresh) => fresh.on('websocket', (ws) => void sockets.push(ws)));
    return { page, sockets };
  }
  const events = (page: Page) => page.evaluate(() => (window as unknown as EventLog).events);

  it('runs the calls queued on the stub in order: listeners, identify, prefill, open', async () => {
    const { page } = await open('/stub');
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await expect.poll(() => widget.composer(page).inputValue()).toBe('Where is order NW-1001?');
    await expect.poll(() => events(page)).toEqual(expect.arrayContaining(['open', 'ready']));
    const log = await events(page);
    expect(log.indexOf('open')).toBeLessThan(log.indexOf('ready')); // queued open ran, then ready

    // identify reached the server: the visitor's transfer names them.
    const { visitorId } = await storedVisitor(page);
    await expect
      .poll(async () => {
        await fetch(`${suite.server.url}/api/chatbot/transfers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ contact_id: visitorId }),
        });
        const res = await fetch(`${suite.server.url}/api/chatbot/transfers?status=active`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } });
        const { data } = (await res.json()) as { data: { transfers: Array<{ contact_id: string; contact_name: string | null }> } };
        return data.transfers.find((t) => t.contact_id === visitorId)?.contact_name;
      })
      .toBe('Ada Lovelace');
  });

  it('works after load: send, message events, close, unread while closed, toggle, off', async () => {
    const { page } = await open('/later');
    await page.evaluate(() => {
      const log = (window as unknown as EventLog).events;
      const confab = window.Confab as import('../../widget/contract.js').ConfabApi;
      confab.on('message', (m) => log.push(`message:${m.author}`));
      confab.on('unread', (n) => log.push(`unread:${n}`));
      confab.on('open', () => log.push('open'));
      confab.on('close', () => log.push('close'));
      confab.send('shipping');
    });
    // send() opens nothing, but delivers: the greeting and the reply arrive as unread messages.
    await expect.poll(() => events(page)).toEqual(expect.arrayContaining(['message:visitor', 'message:bot', 'unread:1', 'unread:2']));
    expect(await widget.panel(page).isVisible()).toBe(false);
    expect(await page.locator('confab-widget .launcher').getAttribute('data-unread')).toBe('2');
    await page.getByRole('button', { name: 'Open chat (2 new)' }).waitFor();

    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).toggle());
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    await expect.poll(() => events(page)).toContain('unread:0');
    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).close());
    await widget.panel(page).waitFor({ state: 'hidden' });

    // A bot message while closed counts, and off() stops a listener.
    await page.evaluate(() => {
      const confab = window.Confab as import('../../widget/contract.js').ConfabApi;
      (window as unknown as { quiet: () => void }).quiet = () => (window as unknown as EventLog).events.push('should not run');
      confab.on('message', (window as unknown as { quiet: () => void }).quiet);
      confab.off('message', (window as unknown as { quiet: () => void }).quiet);
    });
    await botSays(suite.server.url, await conversationIdOf(page), [{ name: 'message', payload: { body: 'An agent will call you.' } }]);
    await expect.poll(() => page.locator('confab-widget .launcher').getAttribute('data-unread')).toBe('1');
    expect(await events(page)).not.toContain('should not run');
    expect((await events(page)).filter((e) => e === 'close')).toHaveLength(1);
  });

  it('reset() forgets the visitor; the next open is someone new', async () => {
    const { page } = await open('/later');
    await openChat(page);
    const before = await storedVisitor(page);
    expect(before.visitorId).toBeDefined();
    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).reset());
    await expect.poll(async () => (await storedVisitor(page)).visitorId).not.toBe(before.visitorId);
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await conversationIdOf(page)).not.toBe(before.conversationId);
  });

  it('destroy() removes the element, the connection and window.Confab; the script can come back', async () => {
    const { page, sockets } = await open('/later');
    await openChat(page);
    expect(sockets.some((ws) => !ws.isClosed())).toBe(true);
    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).destroy());
    expect(await page.locator('confab-widget').count()).toBe(0);
    expect(await page.evaluate(() => typeof window.Confab)).toBe('undefined');
    await expect.poll(() => sockets.every((ws) => ws.isClosed())).toBe(true);
    // The MutationObserver is gone too: nothing puts the element back.
    await page.evaluate(() => document.body.append(document.createElement('div')));
    expect(await page.locator('confab-widget').count()).toBe(0);

    await page.evaluate((src) => {
      const script = document.createElement('script');
      script.src = src;
      script.dataset.botKey = 'demo';
      document.body.append(script);
    }, `${suite.server.url}/widget.js`);
    await widget.launcher(page).waitFor();
  });

  it("the demo page's button prefills the composer and opens the chat through the stub", async () => {
    const page = await suite.open(suite.server.url);
    await page.getByRole('button', { name: 'Where is my order?' }).click();
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await expect.poll(() => widget.composer(page).inputValue()).toBe('Where is my order? The number is ');
  });
});
