import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage, type HostRoute } from '../helpers/host-page.js';
import { openChat, recordCspViolations, send, widget } from '../helpers/widget.js';

const NONCE = 'c0nfabTestN0nce';

/**
 * A site with a strict Content-Security-Policy: scripts only from itself, the Confab host and
 * its nonce; styles only from itself and its nonce (no 'unsafe-inline', no 'unsafe-eval').
 * Any violation fails the test.
 */
describe('the widget under a strict Content-Security-Policy', () => {
  const lockedDown =
    (attributes: Record<string, string>) =>
    (serverUrl: string): HostRoute => {
      const confab = new URL(serverUrl);
      const csp = [
        "default-src 'none'",
        `script-src 'self' 'nonce-${NONCE}' ${confab.origin}`,
        `style-src 'self' 'nonce-${NONCE}'`,
        `connect-src 'self' ${confab.origin} ws://${confab.host}`,
        `img-src 'self' ${confab.origin}`,
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ');
      return {
        body: hostPage(`<main><h1>Locked-down shop</h1></main>${embedTag(serverUrl, attributes, `nonce="${NONCE}"`)}`),
        headers: { 'Content-Security-Policy': csp },
      };
    };
  const suite = browserSuite({
    pages: {
      '/': lockedDown({ css: '.title { letter-spacing: 0.5px }' }),
      '/nonce': lockedDown({ nonce: NONCE }),
    },
  });

  /** A page that records every CSP violation, from events and from the console. */
  async function open(path: string, options: { withoutConstructableSheets?: boolean } = {}) {
    const violations: string[] = [];
    const page = await suite.open(path, {}, async (fresh) => {
      await recordCspViolations(fresh, violations);
      // Browsers without constructable stylesheets (Safari before 16.4), simulated.
      if (options.withoutConstructableSheets) await fresh.addInitScript(() => delete (ShadowRoot.prototype as Partial<ShadowRoot>).adoptedStyleSheets);
    });
    return { page, violations };
  }

  async function chat(page: Page) {
    await openChat(page);
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
