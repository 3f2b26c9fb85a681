import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storageKey } from '../../widget/storage-key.js';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { DEMO_TOKEN } from '../helpers/server.js';
import { configApplied, IMAGE_HOST, loaderReady, openChat, send, settledBox, widget } from '../helpers/widget.js';

/** Every script-tag attribute (and window.ConfabConfig), seen working in a real browser. */
describe('embed attributes', () => {
  // An empty site: each test writes the page it needs.
  const suite = browserSuite({ pages: {}, images: true, context: { viewport: { width: 1280, height: 800 } } });
  let pageCount = 0;

  /** A fresh page on the host site embedding the widget with these attributes. */
  async function embed(attributes: Record<string, string>, options: { before?: string; body?: string; context?: BrowserContextOptions } = {}) {
    const path = `/page-${++pageCount}`;
    suite.site.set(path, { body: hostPage(`${options.body ?? '<main><h1>Shop</h1></main>'}${options.before ?? ''}${embedTag(suite.server.url, attributes)}`) });
    return suite.open(path, options.context);
  }

  const css = (page: Page, selector: string, property: string) =>
    page.locator(`confab-widget ${selector}`).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  const hostCss = (page: Page, property: string) => page.locator('confab-widget').evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

  /**
   * window.Confab.send() on a closed chat, the replies counted as the widget counts them: for
   * checks that the badge and the title stay as they are once there is something unread.
   */
  async function sendClosed(page: Page, text: string) {
    await page.evaluate((t) => {
      const confab = window.Confab as import('../../widget/contract.js').ConfabApi;
      confab.on('unread', (n) => ((window as unknown as { unread: number }).unread = n));
      confab.send(t);
    }, text);
  }
  const unreadOf = (page: Page) => page.evaluate(() => (window as unknown as { unread?: number }).unread);

  it('data-title, data-subtitle, data-avatar, data-primary-color, data-text-color, data-font', async () => {
    const page = await embed({
      title: 'Northwind Support',
      subtitle: 'We usually reply in minutes',
      avatar: `${IMAGE_HOST}/ada.png`,
      primaryColor: '#7c3aed',
      textColor: '#ffffff',
      font: 'Georgia, serif',
    });
    await openChat(page);
    const dialog = page.getByRole('dialog', { name: 'Northwind Support' });
    await dialog.getByText('We usually reply in minutes').waitFor();
    expect(await page.locator('confab-widget .avatar').getAttribute('src')).toBe(`${IMAGE_HOST}/ada.png`);
    expect(await css(page, '.launcher', 'background-color')).toBe('rgb(124, 58, 237)');
    expect(await css(page, '.header', 'color')).toBe('rgb(255, 255, 255)');
    expect(await css(page, '.panel', 'font-family')).toBe('Georgia, serif');
  });

  it('corrects theme colors with too little contrast', async () => {
    const page = await embed({ primaryColor: '#ffd600', textColor: '#ffffff' });
    await openChat(page);
    await page.getByRole('button', { name: 'Track Order' }).waitFor();
    const ratio = await page.evaluate(() => {
      const root = document.querySelector('confab-widget')!.shadowRoot!;
      const rgb = (value: string) => value.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const contrast = (a: string, b: string) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const header = getComputedStyle(root.querySelector('.header')!);
      const option = getComputedStyle(root.querySelector('.option')!);
      const panel = getComputedStyle(root.querySelector('.panel')!);
      return { header: contrast(header.backgroundColor, header.color), option: contrast(panel.backgroundColor, option.color), headerText: header.color };
    });
    expect(ratio.headerText).toBe('rgb(0, 0, 0)'); // white on yellow is unreadable: black instead
    expect(ratio.header).toBeGreaterThanOrEqual(4.5);
    expect(ratio.option).toBeGreaterThanOrEqual(4.5); // the yellow, darkened where it is text
    expect(await css(page, '.launcher', 'background-color')).toBe('rgb(255, 214, 0)'); // the brand color stays
  });

  it('data-position="left", data-offset-x, data-offset-y', async () => {
    const page = await embed({ position: 'left', offsetX: '40', offsetY: '30' });
    const box = await settledBox(widget.launcher(page));
    expect(box.x).toBeNear(40);
    expect(800 - (box.y + box.height)).toBeNear(30);
    await openChat(page);
    const panel = await settledBox(widget.panel(page));
    expect(panel.x).toBeNear(40);
  });

  it('data-z-index: a plain z-index instead of the top layer', async () => {
    const page = await embed({ zIndex: '9000' });
    await widget.launcher(page).waitFor();
    expect(await hostCss(page, 'z-index')).toBe('9000');
    expect(await page.locator('confab-widget').evaluate((el) => el.matches(':popover-open'))).toBe(false);
    const normal = await embed({});
    await widget.launcher(normal).waitFor();
    // The top layer is entered at idle, not in the loader's first task.
    await expect.poll(() => normal.locator('confab-widget').evaluate((el) => el.matches(':popover-open'))).toBe(true);
  });

  it('data-launcher-icon', async () => {
    const page = await embed({ launcherIcon: `${IMAGE_HOST}/cup.png` });
    const icon = page.locator('confab-widget .launcher img');
    expect(await icon.getAttribute('src')).toBe(`${IMAGE_HOST}/cup.png`);
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  });

  it('data-mode="inline" renders into data-target, open, without launcher', async () => {
    const page = await embed(
      { mode: 'inline', target: '#support-chat' },
      { body: '<main><h1>Help</h1><section id="support-chat" style="width:420px;height:560px;margin:24px"></section></main>' },
    );
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await page.evaluate(() => document.querySelector('confab-widget')?.parentElement?.id)).toBe('support-chat');
    expect(await page.locator('confab-widget .launcher').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close chat' }).count()).toBe(0);
    const panel = await settledBox(page.getByRole('region', { name: 'Chat' }));
    expect([panel.width, panel.height]).toBeNear([420, 560]);
    await page.screenshot({ path: artifactPath('mode-inline.png'), animations: 'disabled' });
  });

  it('data-mode="fullscreen" covers the viewport, open, without launcher', async () => {
    const page = await embed({ mode: 'fullscreen' });
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await settledBox(page.getByRole('region', { name: 'Chat' }))).toBeNear({ x: 0, y: 0, width: 1280, height: 800 });
    expect(await page.locator('confab-widget .launcher').count()).toBe(0);
  });

  it('data-open opens the chat on load', async () => {
    const page = await embed({ open: 'true' });
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await widget.panel(page).isVisible()).toBe(true);
  });

  it('data-theme="dark", and "auto" following the system', async () => {
    const dark = await embed({ theme: 'dark' });
    await openChat(dark);
    expect(await css(dark, '.panel', 'background-color')).toBe('rgb(28, 31, 36)');
    const autoLight = await embed({ theme: 'auto' }, { context: { colorScheme: 'light' } });
    await openChat(autoLight);
    expect(await css(autoLight, '.panel', 'background-color')).toBe('rgb(255, 255, 255)');
    const autoDark = await embed({ theme: 'auto' }, { context: { colorScheme: 'dark' } });
    await openChat(autoDark);
    expect(await css(autoDark, '.panel', 'background-color')).toBe('rgb(28, 31, 36)');
  });

  it('data-locale', async () => {
    const page = await embed({ locale: 'fr' });
    await page.getByRole('button', { name: 'Ouvrir le chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    // The panel now mounts on the click, and its French strings are a chunk that follows it.
    await expect.poll(() => page.locator('confab-widget textarea').getAttribute('placeholder')).toBe('Écrivez un message…');
  });

  it('data-hide-launcher: no button, window.Confab.open() shows the panel in the corner', async () => {
    const page = await embed({ hideLauncher: 'true' });
    await loaderReady(page);
    expect(await page.locator('confab-widget .launcher').count()).toBe(0);
    await page.evaluate(() => (window.Confab as { open(): void }).open());
    await widget.conversation(page).getByText('Welcome to').waitFor();
    const panel = await settledBox(widget.panel(page));
    expect(800 - (panel.y + panel.height)).toBeNear(20);
  });

  it('data-storage: local by default, session, or none', async () => {
    const record = (page: Page) =>
      page.evaluate((key) => ({ local: localStorage.getItem(key), session: sessionStorage.getItem(key) }), storageKey('demo'));
    for (const [storage, where] of [
      ['local', 'local'],
      ['session', 'session'],
      ['none', null],
    ] as const) {
      const page = await embed({ storage });
      await openChat(page);
      const stored = await record(page);
      expect(stored.local !== null, storage).toBe(where === 'local');
      expect(stored.session !== null, storage).toBe(where === 'session');
    }
  });

  it('data-css is appended inside the shadow root and wins over the widget CSS', async () => {
    const page = await embed({ css: '.title { text-transform: uppercase } .launcher { border-radius: 12px }' });
    expect(await css(page, '.launcher', 'border-radius')).toBe('12px');
    await openChat(page);
    expect(await css(page, '.title', 'text-transform')).toBe('uppercase');
    // Nothing of it reaches the page.
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).textTransform)).toBe('none');
  });

  it('is themed by CSS custom properties the page sets on the confab-widget element', async () => {
    const style = '<style>confab-widget { --confab-primary: #0f766e; --confab-radius: 4px; --confab-bg: #fdf6e3; --confab-font: Georgia, serif; }</style>';
    const page = await embed({ primaryColor: '#7c3aed' }, { before: style });
    expect(await css(page, '.launcher', 'background-color')).toBe('rgb(15, 118, 110)');
    await openChat(page);
    expect(await css(page, '.panel', 'border-radius')).toBe('4px');
    expect(await css(page, '.panel', 'background-color')).toBe('rgb(253, 246, 227)');
    expect(await css(page, '.panel', 'font-family')).toBe('Georgia, serif');
  });

  it('previews the greeting next to the closed launcher; data-preview="false" does not', async () => {
    const page = await embed({});
    const preview = page.locator('confab-widget .preview-text');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toMatch(/Welcome to Northwind Coffee/);
    await page.screenshot({ path: artifactPath('launcher-preview.png'), animations: 'disabled' });
    await preview.click();
    await widget.conversation(page).getByText('Welcome to').waitFor();

    const off = await embed({ preview: 'false' });
    await loaderReady(off);
    await configApplied(off); // the greeting to preview comes with the config
    expect(await off.locator('confab-widget .preview').count()).toBe(0);
  });

  it('data-unread-badge="false" keeps the launcher plain while replies are unread', async () => {
    const withBadge = await embed({});
    await loaderReady(withBadge);
    await sendClosed(withBadge, 'shipping');
    await expect.poll(() => withBadge.locator('confab-widget .launcher').getAttribute('data-unread')).toBe('2');
    await withBadge.screenshot({ path: artifactPath('launcher-unread.png'), animations: 'disabled' });

    const page = await embed({ unreadBadge: 'false' });
    await loaderReady(page);
    await sendClosed(page, 'shipping');
    await expect.poll(() => unreadOf(page)).toBe(2); // the greeting and the reply, as above
    expect(await page.locator('confab-widget .launcher').getAttribute('data-unread')).toBeNull();
  });

  it('data-title-count="false" leaves the tab title alone while hidden', async () => {
    const hide = (page: Page) =>
      page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
    const counted = await embed({});
    await loaderReady(counted);
    await hide(counted);
    await sendClosed(counted, 'shipping');
    await expect.poll(() => counted.title()).toBe('(2) Host page');

    const page = await embed({ titleCount: 'false' });
    await loaderReady(page);
    await hide(page);
    await sendClosed(page, 'shipping');
    await expect.poll(() => unreadOf(page)).toBe(2); // the greeting and the reply, as above
    expect(await page.title()).toBe('Host page');
  });

  it('data-server: the API and the socket go there; the chunks come from where widget.js came from', async () => {
    // The same server under another name: 127.0.0.1 and localhost are different origins.
    const scriptHost = new URL(suite.server.url).host;
    const other = new URL(suite.server.url);
    other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const page = await embed({ server: other.origin });
    const api: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) api.push(new URL(request.url()).host);
    });
    page.on('websocket', (ws) => void api.push(new URL(ws.url()).host));
    await openChat(page);
    expect(new Set(api)).toEqual(new Set([other.host]));
    const panelScript = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name).find((name) => /\/assets\/panel-/.test(name)),
    );
    expect(new URL(panelScript!).host).toBe(scriptHost);
  });

  it('window.ConfabConfig sets the same options, and attributes win', async () => {
    const before = `<script>window.ConfabConfig = { title: 'From config', subtitle: 'Config subtitle', primaryColor: '#047857', position: 'left' };</script>`;
    const page = await embed({ title: 'From the tag' }, { before });
    await openChat(page);
    await page.getByRole('dialog', { name: 'From the tag' }).getByText('Config subtitle').waitFor();
    expect(await css(page, '.launcher', 'background-color')).toBe('rgb(4, 120, 87)');
    expect(await page.locator('confab-widget').getAttribute('data-position')).toBe('left');
  });

  it("takes the bot's appearance from the server for what the page did not set", async () => {
    const put = (appearance: Record<string, string>) =>
      fetch(`${suite.server.url}/api/chatbot/settings`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ appearance }),
      });
    expect((await put({ title: 'Bot title', subtitle: 'Bot subtitle', primary_color: '#b4532a' })).ok).toBe(true);
    try {
      const page = await embed({ subtitle: 'Page subtitle' });
      // The launcher never waited for the config: it is there at once, then re-themed.
      await expect.poll(() => css(page, '.launcher', 'background-color')).toBe('rgb(180, 83, 42)');
      await openChat(page);
      await page.getByRole('dialog', { name: 'Bot title' }).getByText('Page subtitle').waitFor();
      await send(page, 'hello');
      await widget.conversation(page).getByText('How can I help you today?').last().waitFor();
    } finally {
      await put({});
    }
  });
});
