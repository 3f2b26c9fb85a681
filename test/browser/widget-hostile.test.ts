import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { openChat, send, widget, widgetSettled } from '../helpers/widget.js';

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
  });

  /** Box and computed styles of the widget's parts, read inside its shadow root once it is still. */
  async function widgetLook(page: Page) {
    // Mid-animation (the panel rising, the hovered launcher growing) boxes and transforms are in between.
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
});
