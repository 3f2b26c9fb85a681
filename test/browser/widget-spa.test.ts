import type { Page, WebSocket } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { send, widget } from '../helpers/widget.js';

/**
 * Single-page apps replace document.body on navigation (Turbo, Astro view transitions,
 * client routers). The widget must come back, the same element with the same state and
 * the same connection.
 */
describe('the widget in a single-page app', () => {
  const suite = browserSuite({
    pages: {
      '/': (serverUrl) => ({ body: hostPage(`<main><h1>Home</h1></main>${embedTag(serverUrl)}`) }),
      '/inline': (serverUrl) => ({
        body: hostPage(`<main><h1>Help</h1><div id="chat" style="height:520px"></div></main>${embedTag(serverUrl, { mode: 'inline', target: '#chat' })}`),
      }),
    },
  });

  async function openChat(path = '/'): Promise<{ page: Page; sockets: WebSocket[] }> {
    const sockets: WebSocket[] = [];
    const page = await suite.open(path, {}, (fresh) => fresh.on('websocket', (ws) => void sockets.push(ws)));
    if (path === '/') await widget.launcher(page).click();
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await send(page, 'shipping');
    await widget.conversation(page).getByText('free on orders over $40').waitFor();
    // A mark on the element, to know it is the very same one afterwards.
    await page.evaluate(() => ((document.querySelector('confab-widget') as HTMLElement & { mark?: string }).mark = 'original'));
    return { page, sockets };
  }

  const sameElement = (page: Page) => page.evaluate(() => (document.querySelector('confab-widget') as (HTMLElement & { mark?: string }) | null)?.mark);

  const swaps: Record<string, string> = {
    'replaceWith (Turbo, Astro)': `const next = document.createElement('body'); next.innerHTML = '<main><h1>Page two</h1></main>'; document.body.replaceWith(next);`,
    'document.body = …': `const next = document.createElement('body'); next.innerHTML = '<main><h1>Page two</h1></main>'; document.body = next;`,
    'innerHTML (a router)': `document.body.innerHTML = '<main><h1>Page two</h1></main>';`,
  };

  for (const [name, swap] of Object.entries(swaps)) {
    it(`comes back after ${name}, with its state and its connection`, async () => {
      const { page, sockets } = await openChat();
      await page.evaluate(swap);
      await page.getByRole('heading', { name: 'Page two' }).waitFor();
      await expect.poll(() => sameElement(page)).toBe('original');
      expect(await widget.panel(page).isVisible()).toBe(true);
      expect(await widget.conversation(page).getByText('free on orders over $40').count()).toBe(1);
      expect(sockets.filter((ws) => !ws.isClosed())).toHaveLength(1);
      expect(sockets).toHaveLength(1);
      // Still above the page (top layer) and still working.
      expect(await page.locator('confab-widget').evaluate((host) => host.matches(':popover-open'))).toBe(true);
      await send(page, 'opening hours');
      await widget.conversation(page).getByText('Sat–Sun 8:00–16:00').waitFor();
    });
  }

  it('an inline widget goes back into its target when the new page has one', async () => {
    const { page } = await openChat('/inline');
    await page.evaluate(() => {
      const next = document.createElement('body');
      next.innerHTML = '<main><h1>Help, page two</h1><div id="chat" style="height:520px"></div></main>';
      document.body.replaceWith(next);
    });
    await expect.poll(() => sameElement(page)).toBe('original');
    expect(await page.evaluate(() => document.querySelector('confab-widget')?.parentElement?.id)).toBe('chat');
    expect(await widget.conversation(page).getByText('free on orders over $40').count()).toBe(1);
  });
});
