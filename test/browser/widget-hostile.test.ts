import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { putSettings } from '../helpers/threads.js';
import { botSays, conversationIdOf, IMAGE_HOST, openChat, send, widget, widgetSettled } from '../helpers/widget.js';

/** Everything a page could do to a widget with CSS, at once. */
const HOSTILE_CSS = `<style>
  * { all: unset !important; }
  *, *::before, *::after { font: italic 900 31px/3 "Comic Sans MS", cursive !important; color: #f0f !important;
    background: #ff0 !important; box-sizing: content-box !important; letter-spacing: 4px !important;
    text-transform: uppercase !important; padding: 13px !important; margin: 7px !important; border: 5px dashed red !important;
    opacity: 0.9 !important; transform: rotate(2deg) !important; transition: all 3s !important; }
  confab-widget { display: none !important; position: static !important; visibility: hidden !important;
    width: 10px !important; height: 10px !important; z-index: -1 !important; filter: blur(4px) !important; }
  button, textarea, svg, ol, li, p, section, header { display: inline !important; width: 3px !important; float: left !important; }
  html body div.overlay { display: block !important; position: fixed !important; inset: 0 !important;
    z-index: 2147483647 !important; background: rgb(0 0 0 / 0.05) !important; }
</style>`;

const PAGE_BODY = `<main><h1>Shop</h1><p class="lead">Fresh coffee.</p><button class="buy">Buy</button></main>`;

describe('the widget on hostile and ordinary host pages', () => {
  const embed = (serverUrl: string) => embedTag(serverUrl, { title: 'Support' });
  const suite = browserSuite({
    pages: {
      '/plain': { body: hostPage(PAGE_BODY) },
      '/clean': (serverUrl) => ({ body: hostPage(`${PAGE_BODY}${embed(serverUrl)}`) }),
      '/hostile': (serverUrl) => ({ body: hostPage(`${PAGE_BODY}<div class="overlay"></div>${embed(serverUrl)}`, HOSTILE_CSS) }),
    },
    context: { viewport: { width: 1280, height: 800 } },
    botApi: true,
    images: true,
  });

  /** Box and computed styles of the widget's parts, read inside its shadow root once it is still. */
  async function widgetLook(page: Page) {
    // The pointer off the widget: after the click it rests on the launcher, which then grows
    // on hover in one page and not in the other, as Chromium updates the hover state of an
    // element under a pointer that has not moved when it will.
    await page.mouse.move(1, 1);
    // Mid-animation (the panel rising, the launcher shrinking back) boxes and transforms are in between.
    await widgetSettled(page);
    return page.evaluate(() => {
      const root = document.querySelector('confab-widget')!.shadowRoot!;
      const pick = (selector: string, props: string[]) => {
        const el = root.querySelector(selector);
        if (!el) return null;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          box: [box.x, box.y, box.width, box.height].map(Math.round),
          ...Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])),
        };
      };
      const text = ['font-family', 'font-size', 'font-style', 'font-weight', 'color', 'letter-spacing', 'text-transform', 'line-height'];
      const box = ['background-color', 'padding', 'margin', 'border-top-style', 'border-radius', 'opacity', 'transform', 'display'];
      return {
        launcher: pick('.launcher', box),
        panel: pick('.panel', [...box, ...text]),
        title: pick('.title', text),
        bubble: pick('.row.bot .bubble', [...box, ...text]),
        option: pick('.option', [...box, ...text]),
        composer: pick('textarea', [...box, ...text]),
        send: pick('.send', box),
      };
    });
  }

  /** Computed styles of the host page's own elements. */
  function pageLook(page: Page) {
    return page.evaluate(() =>
      ['body', 'h1', '.lead', '.buy'].map((selector) => {
        const style = getComputedStyle(document.querySelector(selector)!);
        return [selector, style.font, style.color, style.backgroundColor, style.margin, style.padding, style.boxSizing].join(' | ');
      }),
    );
  }

  async function openChatWithChoices(page: Page) {
    await openChat(page);
    await page.getByRole('button', { name: 'Track Order' }).waitFor();
    // The greeting is markdown: drawn as plain text first, and again once the markdown chunk
    // has loaded (one line shorter). Looks are compared after that, on both pages.
    await widget.conversation(page).locator('.row.bot .bubble strong', { hasText: 'Northwind Coffee' }).waitFor();
  }

  /** The same look within a pixel: boxes are compared with toBeNear, everything else exactly. */
  function nearLook(look: Awaited<ReturnType<typeof widgetLook>>) {
    return Object.fromEntries(Object.entries(look).map(([part, seen]) => [part, seen && { ...seen, box: expect.toBeNear(seen.box) }]));
  }

  it('looks and works the same under global resets, !important rules and a max z-index overlay', async () => {
    const clean = await suite.open('/clean');
    await openChatWithChoices(clean);
    const expected = await widgetLook(clean);
    expect(expected.panel).not.toBeNull();
    expect(expected.bubble).not.toBeNull();

    const hostile = await suite.open('/hostile');
    // The overlay covers the whole page with the highest z-index: the launcher still takes the click.
    await openChatWithChoices(hostile);
    expect(await widgetLook(hostile)).toEqual(nearLook(expected));
    await send(hostile, 'still typing fine');
    await widget.conversation(hostile).getByText('still typing fine').waitFor();
    expect(await hostile.locator('confab-widget').evaluate((host) => host.matches(':popover-open'))).toBe(true);
    await hostile.screenshot({ path: artifactPath('hostile-page.png'), animations: 'disabled' });
  });

  it('leaves the host page alone: no styles, no elements in <head>, nothing inherited from it', async () => {
    const before = await suite.open('/plain');
    const expected = await pageLook(before);
    const headBefore = await before.evaluate(() => document.head.innerHTML);

    const page = await suite.open('/clean');
    await openChatWithChoices(page);
    expect(await pageLook(page)).toEqual(expected);
    expect(await page.evaluate(() => document.head.innerHTML)).toBe(headBefore);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    // The widget's only footprint in the page's DOM is its host element.
    expect(await page.evaluate(() => Array.from(document.body.children).map((el) => el.tagName.toLowerCase()))).toEqual([
      'main',
      'script',
      'confab-widget',
    ]);
  });

  /** A host that must never be asked for anything: bot markdown names it over plain http. */
  const TRACKER = 'http://tracker.example';

  // Each hostile case of issue 14 (item 5) as the bot's markdown, with the words that show it arrived.
  const HOSTILE_MARKDOWN: Array<[string, string, string]> = [
    ['srcset over plain http', `<img src="${IMAGE_HOST}/latte.png" srcset="${TRACKER}/srcset.gif 2x" alt="latte"> pixel case`, 'pixel case'],
    ['a video with src and poster', `<video src="${TRACKER}/v.mp4" poster="${TRACKER}/poster.gif" controls autoplay></video> film case`, 'film case'],
    ['audio and video with <source>', `<audio controls autoplay><source src="${TRACKER}/a.mp3"></audio><video><source src="${TRACKER}/v.webm"></video> sound case`, 'sound case'],
    ['a background attribute', `<table background="${TRACKER}/bg.gif"><tr><td background="${TRACKER}/td.gif">backdrop case</td></tr></table>`, 'backdrop case'],
    ['a class of the widget’s own buttons', '<a class="option send launcher" href="https://example.com/pay">class case</a>', 'class case'],
    ['ids, styles, aria and data attributes', '<a id="composer" style="position:fixed;inset:0" aria-label="Close chat" data-action="close" href="https://example.com/">attribute case</a>', 'attribute case'],
    ['links to other schemes', '[ftp case](ftp://example.com/f) [sms case](sms:+4930123) [js case](javascript:alert(1))', 'ftp case'],
  ];

  it('renders each hostile case of bot markdown harmlessly: nothing loads over http, nothing dresses as the widget', async () => {
    const tracked: string[] = [];
    const imageReferers: Array<string | undefined> = [];
    const page = await suite.open('/clean', {}, async (fresh) => {
      await fresh.context().route(`${TRACKER}/**`, (route) => {
        tracked.push(route.request().url());
        return route.abort();
      });
      await fresh.route(`${IMAGE_HOST}/**`, async (route) => {
        imageReferers.push(await route.request().headerValue('referer') ?? undefined);
        return route.fallback();
      });
    });
    await openChatWithChoices(page);
    const conversationId = await conversationIdOf(page);
    const bubbles = page.locator('confab-widget .row.bot .bubble');

    for (const [name, body, marker] of HOSTILE_MARKDOWN) {
      await botSays(suite.server.url, conversationId, [{ name: 'message', payload: { body } }]);
      const bubble = bubbles.filter({ hasText: marker });
      await bubble.waitFor();
      const html = await bubble.innerHTML();
      expect(html, name).not.toMatch(/srcset|poster|background=|<video|<audio|<source|tracker\.example/i);
      // Inside the bubble only the widget's own markup has classes or styles (the .markdown wrapper).
      expect(await bubble.locator('.markdown *').evaluateAll((els) => els.flatMap((el) => el.getAttributeNames())), name).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(class|id|style|aria-|data-|name$)/)]),
      );
      // An <a> whose href was dropped is plain text; every other one opens safely.
      for (const link of await bubble.locator('a[href]').all()) {
        expect(await link.getAttribute('rel'), name).toBe('noopener noreferrer');
        expect(await link.getAttribute('target'), name).toBe('_blank');
        expect(await link.getAttribute('href'), name).toMatch(/^(https?|mailto|tel):/);
      }
    }

    // The class case is a plain link in the text, not a button of the widget's.
    const pay = page.getByRole('link', { name: 'class case' });
    expect(await pay.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).position])).toEqual(['rgba(0, 0, 0, 0)', 'static']);
    // The attribute case keeps its text as its name: no aria-label "Close chat" over it.
    expect(await page.getByRole('link', { name: 'attribute case' }).count()).toBe(1);
    // Links of other schemes are text, not links.
    for (const text of ['ftp case', 'sms case', 'js case']) expect(await page.getByRole('link', { name: text }).count(), text).toBe(0);
    // The https image loaded, without telling its host the page; nothing ever asked the tracker.
    await expect.poll(() => imageReferers.length).toBeGreaterThan(0);
    expect(imageReferers).toEqual(imageReferers.map(() => undefined));
    expect(tracked).toEqual([]);
  });

  it('on a page the bot does not allow, says so instead of chatting: no visitor, no socket', async () => {
    await putSettings(suite.server.url, { allowed_origins: ['self'] });
    try {
      const page = await suite.open('/clean');
      const sockets: string[] = [];
      page.on('websocket', (ws) => void sockets.push(ws.url()));
      await widget.launcher(page).click();
      await page.getByText(`this page (${suite.site.origin}) may not use this bot's chat`, { exact: false }).waitFor();
      expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => localStorage.getItem(key)?.includes('token')))).toEqual([]);
      expect(sockets).toEqual([]);
    } finally {
      await putSettings(suite.server.url, { allowed_origins: ['self', suite.site.origin] });
    }
  });
});

