import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { botSays, conversationIdOf, loaderReady, openChat, widget } from '../helpers/widget.js';

const PANEL = /\/assets\/panel-[\w-]+\.js$/;
const ATTENTION = /\/assets\/attention-[\w-]+\.js$/;
const CONFIG = /\/api\/widget\/config\?/;

interface Watch {
  /** Every script the page compiled, by URL: an imported module is compiled before it runs. */
  parsed: string[];
  /** Requests for the panel's file: whether each was answered from the HTTP cache, once finished. */
  panelRequests: Array<{ id: string; fromCache: boolean; finished: boolean }>;
  /** Every request's URL, in order. */
  requests: string[];
}

/**
 * What the page does with the panel's file, seen through the devtools protocol from before
 * the navigation: nothing in the page can fake it, and the widget needs no test hook.
 */
async function watchPanel(page: Page): Promise<Watch> {
  const watch: Watch = { parsed: [], panelRequests: [], requests: [] };
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Debugger.scriptParsed', (e) => void watch.parsed.push(e.url));
  cdp.on('Network.requestWillBeSent', (e) => {
    watch.requests.push(e.request.url);
    if (PANEL.test(e.request.url)) watch.panelRequests.push({ id: e.requestId, fromCache: false, finished: false });
  });
  const request = (id: string) => watch.panelRequests.find((r) => r.id === id);
  cdp.on('Network.requestServedFromCache', (e) => void (request(e.requestId) && (request(e.requestId)!.fromCache = true)));
  cdp.on('Network.responseReceived', (e) => {
    const r = request(e.requestId);
    if (r && (e.response.fromDiskCache || e.response.fromPrefetchCache)) r.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => void (request(e.requestId) && (request(e.requestId)!.finished = true)));
  await cdp.send('Network.enable');
  await cdp.send('Debugger.enable');
  return watch;
}

const panelRan = (watch: Watch) => watch.parsed.some((url) => PANEL.test(url));
const panelMounted = (page: Page) => page.evaluate(() => Boolean(document.querySelector('confab-widget')?.shadowRoot?.querySelector('.root')));

/** A new visitor's page once idle: the panel's file fetched into the cache, not run. */
async function prefetched(page: Page, watch: Watch): Promise<void> {
  await loaderReady(page);
  await expect.poll(() => watch.panelRequests.some((r) => r.finished), { timeout: 15_000 }).toBe(true);
  // A moment more for anything that would wrongly follow the fetch (an import, a mount).
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect(panelRan(watch), 'the panel module was compiled before any intent').toBe(false);
  expect(await panelMounted(page)).toBe(false);
  expect(watch.panelRequests).toHaveLength(1);
}

/** After the intent: the panel ran, from the prefetched copy (no second download). */
function ranFromCache(watch: Watch): void {
  expect(panelRan(watch)).toBe(true);
  const imports = watch.panelRequests.slice(1);
  // The import either reused the prefetched response outright or was answered by the HTTP cache.
  for (const r of imports) expect(r.fromCache, 'the import downloaded the panel again').toBe(true);
}

describe('nothing runs before intent: the panel is prefetched at idle and imported when the visitor reaches for it', () => {
  const suite = browserSuite({
    pages: {
      '/shop': (serverUrl) => ({ body: hostPage(`<h1>Shop</h1><a href="#top">Top</a>${embedTag(serverUrl, {}, 'async')}`) }),
      '/quiet': (serverUrl) => ({ body: hostPage(`<h1>Shop</h1>${embedTag(serverUrl, { preview: 'false' }, 'async')}`) }),
    },
    botApi: true,
  });

  const fresh = async (path = '/shop'): Promise<{ page: Page; watch: Watch }> => {
    let watch: Watch | undefined;
    const page = await suite.open(path, {}, async (p) => void (watch = await watchPanel(p)));
    return { page, watch: watch! };
  };

  it('a new visitor: fetched, not run, until the launcher is clicked; then the chat opens', async () => {
    const { page, watch } = await fresh();
    await prefetched(page, watch);
    await openChat(page);
    ranFromCache(watch);
  });

  const count = (watch: Watch, pattern: RegExp) => watch.requests.filter((url) => pattern.test(url)).length;

  it('one config request for the launcher and the panel; the attention module only with something to show', async () => {
    const previewing = await fresh();
    await prefetched(previewing.page, previewing.watch);
    // The greeting to preview is in the config: the attention module draws it.
    await previewing.page.locator('confab-widget .preview-text').waitFor();
    expect(count(previewing.watch, ATTENTION)).toBe(1);
    await openChat(previewing.page);
    expect(count(previewing.watch, CONFIG)).toBe(1);

    // No preview, no bot colors, an English browser: the closed launcher needs nothing more.
    const quiet = await fresh('/quiet');
    await prefetched(quiet.page, quiet.watch);
    await expect.poll(() => count(quiet.watch, CONFIG)).toBe(1);
    await quiet.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(count(quiet.watch, ATTENTION)).toBe(0);
    await openChat(quiet.page);
    expect(count(quiet.watch, CONFIG)).toBe(1);
    expect(count(quiet.watch, ATTENTION)).toBe(0);
  });

  it('a pointer over the launcher imports the panel without opening it', async () => {
    const { page, watch } = await fresh();
    await prefetched(page, watch);
    await widget.launcher(page).hover();
    await expect.poll(() => panelMounted(page)).toBe(true);
    ranFromCache(watch);
    expect(await widget.panel(page).isVisible()).toBe(false);
    await widget.launcher(page).click();
    await widget.conversation(page).getByText('Welcome to').waitFor();
  });

  for (const key of ['Enter', ' ']) {
    it(`opens from the keyboard: focus on the launcher, then ${key === ' ' ? 'Space' : key}`, async () => {
      const { page, watch } = await fresh();
      await prefetched(page, watch);
      await widget.launcher(page).focus();
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      await widget.conversation(page).getByText('Welcome to').waitFor();
      ranFromCache(watch);
      // As from a click: focus in the composer, ready to type.
      await expect.poll(() => widget.composer(page).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    });
  }

  it('opens on Confab.open(); prefill and identify alone wait without running the panel', async () => {
    const { page, watch } = await fresh();
    await prefetched(page, watch);
    await page.evaluate(() => {
      const confab = window.Confab as import('../../widget/contract.js').ConfabApi;
      confab.identify({ name: 'Ada Lovelace' });
      confab.prefill('Where is my order?');
    });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(panelRan(watch)).toBe(false);
    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).open());
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await widget.composer(page).inputValue()).toBe('Where is my order?');
    ranFromCache(watch);
  });

  it('a returning visitor with a conversation gets the panel at idle: unread badge while closed', async () => {
    const first = await suite.open('/shop');
    await openChat(first);
    const conversationId = await conversationIdOf(first);
    await widget.launcher(first).click(); // closes it
    await widget.panel(first).waitFor({ state: 'hidden' });
    const storage = await first.context().storageState();

    const page = await suite.open('/shop', { storageState: storage });
    await loaderReady(page);
    await expect.poll(() => panelMounted(page), { timeout: 15_000 }).toBe(true);
    expect(await widget.panel(page).isVisible()).toBe(false);
    await botSays(suite.server.url, conversationId, [{ name: 'message', payload: { body: 'Your order has shipped.' } }]);
    await expect.poll(() => page.locator('confab-widget .launcher').getAttribute('data-unread')).toBe('1');
  });
});
