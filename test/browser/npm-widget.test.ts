import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, WebSocket } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { buildExample, packedConsumer } from '../helpers/packed-package.js';
import { openChat, send, widget } from '../helpers/widget.js';

/**
 * The npm entries in real apps: demo/examples built by Vite against the packed package, on a
 * site of their own origin, with the panel from the Confab server's /panel.js.
 */
describe('confab/widget, confab/react and confab/vue in Chromium', { timeout: 180_000 }, () => {
  // A hundred mounts in a minute are the test's pace, not a visitor's: the per-visitor and per-address budgets would refuse them.
  const suite = browserSuite({ pages: {}, server: { limits: { 'open.visitor': 'off', 'open.ip': 'off', 'connect.ip': 'off' } } });

  beforeAll(async () => {
    for (const name of ['plain', 'react', 'vue'] as const) {
      const app = await buildExample(name, suite.server.url, { development: name === 'react' });
      suite.site.set(`/${name}`, { body: app.html });
      suite.site.set(`/assets/${app.scriptName}`, { body: app.script, headers: { 'Content-Type': 'text/javascript' } });
    }
    // The packed entries themselves, for a page to import a second copy.
    const npm = join((await packedConsumer()).dir, 'node_modules/confab/dist/npm');
    for (const file of readdirSync(npm, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')))
      suite.site.set(`/npm/${file}`, { body: readFileSync(join(npm, file), 'utf8'), headers: { 'Content-Type': 'text/javascript' } });
  }, 120_000);

  /** A page whose WebSockets are tracked, and whose added <confab-widget> elements are counted. */
  async function openApp(path: string): Promise<{ page: Page; openSockets: () => number; sockets: WebSocket[] }> {
    const sockets: WebSocket[] = [];
    const page = await suite.open(path, {}, async (fresh) => {
      fresh.on('websocket', (ws) => void sockets.push(ws));
      await fresh.addInitScript(() => {
        const w = window as unknown as { widgetsAdded: number };
        w.widgetsAdded = 0;
        new MutationObserver((records) => {
          for (const r of records) for (const node of r.addedNodes) if (node.nodeName === 'CONFAB-WIDGET') w.widgetsAdded += 1;
        }).observe(document, { childList: true, subtree: true });
      });
    });
    return { page, sockets, openSockets: () => sockets.filter((ws) => !ws.isClosed()).length };
  }

  const hosts = (page: Page) => page.locator('confab-widget').count();

  /** Every event listener on window, visualViewport, document and every node in it (shadow roots too), by CDP. */
  async function leftovers(page: Page) {
    const cdp = await page.context().newCDPSession(page);
    const listeners: Record<string, number> = {};
    for (const target of ['window', 'window.visualViewport', 'document']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: target });
      const found = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId!, depth: -1, pierce: true });
      listeners[target] = found.listeners.length;
    }
    await cdp.detach();
    const page_ = await page.evaluate(() => ({
      nodes: document.getElementsByTagName('*').length,
      sheets: document.adoptedStyleSheets.length + document.styleSheets.length,
      confab: 'Confab' in window,
    }));
    return { listeners, ...page_ };
  }

  it('mount() and unmount() 100 times leave no listeners, sockets or DOM behind', async () => {
    const { page, sockets, openSockets } = await openApp('/plain');
    await widget.host(page).waitFor({ state: 'attached' });
    // The first round loads the panel's modules (once per page, as a script tag would): the baseline is after it.
    await page.click('#open');
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await page.click('#toggle');
    await expect.poll(openSockets).toBe(0);
    const baseline = await leftovers(page);
    expect(baseline.confab).toBe(false);

    for (let round = 1; round <= 100; round += 1) {
      await page.click('#open'); // mounts and opens
      // Every tenth round waits for the conversation; the others unmount mid-start (panel importing, socket connecting).
      if (round % 10 === 0) await widget.conversation(page).getByText('Welcome to').waitFor();
      await page.click('#toggle'); // unmounts
    }
    expect(await hosts(page)).toBe(0);
    await expect.poll(openSockets, { timeout: 30_000 }).toBe(0);
    expect(sockets.length).toBeGreaterThanOrEqual(11);
    expect(await leftovers(page)).toEqual(baseline);

    // And it still works: one more mount talks to the bot.
    await page.click('#open');
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await send(page, 'shipping');
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    await expect.poll(() => page.locator('#last-message').textContent()).toMatch(/The bot said/);
    expect(openSockets()).toBe(1);
  });

  it('a second mount() while one is mounted throws a clear error; after unmount() it mounts', async () => {
    const { page } = await openApp('/plain');
    await widget.host(page).waitFor({ state: 'attached' });
    // Another copy of the entry (the packed one, not the app's bundle): one widget per page holds across copies.
    const mountAgain = () =>
      page.evaluate(`import('/npm/widget.js').then(({ mount }) => {
        try {
          mount({ botKey: 'demo', server: ${JSON.stringify(suite.server.url)} });
          return 'mounted';
        } catch (error) {
          return error.message;
        }
      })`);
    expect(await mountAgain()).toMatch(/already mounted.*unmount\(\) first/);
    expect(await hosts(page)).toBe(1);
    await page.click('#toggle');
    expect(await mountAgain()).toBe('mounted');
    expect(await hosts(page)).toBe(1);
  });

  it('<ConfabWidget> under React StrictMode: one widget after the double mount, a remount on a prop change, none after removal', async () => {
    const { page, openSockets } = await openApp('/react');
    await widget.host(page).waitFor({ state: 'attached' });
    // StrictMode mounted, unmounted and mounted again: two widgets were added, one is there.
    expect(await page.evaluate(() => (window as unknown as { widgetsAdded: number }).widgetsAdded)).toBe(2);
    expect(await hosts(page)).toBe(1);
    await openChat(page);
    await send(page, 'shipping');
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    await expect.poll(() => page.locator('#messages').textContent()).not.toBe('Messages: 0');
    expect(openSockets()).toBe(1);

    await page.click('#theme');
    await expect.poll(() => widget.host(page).getAttribute('data-theme')).toBe('dark');
    expect(await hosts(page)).toBe(1);
    // The remounted widget reopens as it was left (open) and reconnects; the old socket is gone.
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    await expect.poll(openSockets).toBe(1);

    await page.click('#toggle');
    expect(await hosts(page)).toBe(0);
    await expect.poll(openSockets).toBe(0);
    expect(await page.evaluate(() => 'Confab' in window)).toBe(false);
  });

  it('<ConfabWidget> in Vue mounts with the component, emits its events and unmounts with it', async () => {
    const { page, openSockets } = await openApp('/vue');
    await widget.host(page).waitFor({ state: 'attached' });
    expect(await hosts(page)).toBe(1);
    await openChat(page);
    await send(page, 'shipping');
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    await expect.poll(() => page.locator('#messages').textContent()).not.toBe('Messages: 0');

    await page.click('#toggle');
    expect(await hosts(page)).toBe(0);
    await expect.poll(openSockets).toBe(0);
    expect(await page.evaluate(() => 'Confab' in window)).toBe(false);
    await page.click('#toggle');
    await widget.host(page).waitFor({ state: 'attached' });
    expect(await hosts(page)).toBe(1);
  });
});
