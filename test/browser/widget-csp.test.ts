import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { artifactPath, launchChromium } from '../helpers/browser.js';
import { embedTag, hostPage, startHostPages, type HostPageServer } from '../helpers/host-page.js';
import { startTestServer } from '../helpers/server.js';
import { send, widget } from '../helpers/widget.js';

const NONCE = 'c0nfabTestN0nce';

/**
 * A site with a strict Content-Security-Policy: scripts only from itself, the Confab host and
 * its nonce; styles only from itself and its nonce (no 'unsafe-inline', no 'unsafe-eval').
 * Any violation fails the test.
 */
describe('the widget under a strict Content-Security-Policy', () => {
  let browser: Browser;
  let server: RunningServer;
  let site: HostPageServer;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer();
    const confab = new URL(server.url);
    const csp = [
      "default-src 'none'",
      `script-src 'self' 'nonce-${NONCE}' ${confab.origin}`,
      `style-src 'self' 'nonce-${NONCE}'`,
      `connect-src 'self' ${confab.origin} ws://${confab.host}`,
      `img-src 'self' ${confab.origin}`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    const page = (attributes: Record<string, string>) => ({
      body: hostPage(`<main><h1>Locked-down shop</h1></main>${embedTag(server.url, attributes, `nonce="${NONCE}"`)}`),
      headers: { 'Content-Security-Policy': csp },
    });
    site = await startHostPages({
      '/': page({ css: '.title { letter-spacing: 0.5px }' }),
      '/nonce': page({ nonce: NONCE }),
    });
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  /** A page that records every CSP violation, from events and from the console. */
  async function open(path: string, options: { withoutConstructableSheets?: boolean } = {}) {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    await page.exposeFunction('__reportViolation', (text: string) => void violations.push(text));
    await page.addInitScript((strip) => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective}: ${e.blockedURI}`),
        true,
      );
      // Browsers without constructable stylesheets (Safari before 16.4), simulated.
      if (strip) delete (ShadowRoot.prototype as Partial<ShadowRoot>).adoptedStyleSheets;
    }, options.withoutConstructableSheets ?? false);
    await page.goto(`${site.origin}${path}`);
    return { page, violations };
  }

  async function chat(page: Page) {
    await widget.launcher(page).click();
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await send(page, 'opening hours');
    await widget.conversation(page).getByText('Sat–Sun 8:00–16:00').waitFor();
    await page.getByRole('button', { name: 'Track Order' }).waitFor();
  }

  const launcherColor = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.querySelector('confab-widget')!.shadowRoot!.querySelector('.launcher')!).backgroundColor);

  it('loads, styles itself (constructable stylesheets) and chats without a single violation', async () => {
    const { page, violations } = await open('/');
    await chat(page);
    expect(await launcherColor(page)).toBe('rgb(37, 99, 235)');
    // data-css applies too.
    expect(await page.locator('confab-widget .title').evaluate((el) => getComputedStyle(el).letterSpacing)).toBe('0.5px');
    await page.screenshot({ path: artifactPath('csp-strict.png'), animations: 'disabled' });
    expect(violations).toEqual([]);
  });

  it('falls back to <style nonce> elements where constructable stylesheets are missing', async () => {
    const { page, violations } = await open('/nonce', { withoutConstructableSheets: true });
    await chat(page);
    expect(await page.evaluate(() => 'adoptedStyleSheets' in document.querySelector('confab-widget')!.shadowRoot!)).toBe(false);
    expect(await page.locator('confab-widget style').count()).toBeGreaterThan(1);
    expect(await launcherColor(page)).toBe('rgb(37, 99, 235)');
    expect(violations).toEqual([]);
  });

  it('reports the violation this test watches for when no nonce is given (the check can fail)', async () => {
    const { page, violations } = await open('/', { withoutConstructableSheets: true });
    await widget.launcher(page).waitFor();
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations.join('\n')).toMatch(/style-src/);
  });
});
