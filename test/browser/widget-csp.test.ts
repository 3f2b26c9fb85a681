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
    (attributes: Record<string, string>, ...more: string[]) =>
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
        ...more,
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
      '/trusted-types': lockedDown({}, "require-trusted-types-for 'script'", 'trusted-types confab'),
      '/trusted-types-elsewhere': lockedDown({}, "require-trusted-types-for 'script'", 'trusted-types shop'),
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

  const bold = (page: Page) => widget.conversation(page).locator('strong', { hasText: 'Mon–Fri 7:00–18:00' });

  it('renders markdown under Trusted Types through its own policy, named confab, without a violation', async () => {
    const { page, violations } = await open('/trusted-types');
    await chat(page);
    await bold(page).waitFor();
    expect(violations).toEqual([]);
  });

  it('shows markdown as text where the page enforces Trusted Types without allowing confab, and chats on', async () => {
    const { page, violations } = await open('/trusted-types-elsewhere');
    await chat(page);
    await widget.conversation(page).getByText('Our café is open **Mon–Fri 7:00–18:00**', { exact: false }).waitFor();
    expect(await bold(page).count()).toBe(0);
    await send(page, 'hello');
    await widget.conversation(page).getByText('hello', { exact: true }).waitFor();
    // The page hears of the refused policy: that is its own policy at work.
    expect(violations.join('\n')).toMatch(/trusted-types|confab/i);
  });

  it('reports the violation this test watches for when no nonce is given (the check can fail)', async () => {
    const { page, violations } = await open('/', { withoutConstructableSheets: true });
    await widget.launcher(page).waitFor();
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations.join('\n')).toMatch(/style-src/);
  });
});
