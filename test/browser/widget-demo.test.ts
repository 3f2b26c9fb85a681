import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { DEMO_TOKEN } from '../helpers/server.js';
import { openChat, recordCspViolations, send, widget } from '../helpers/widget.js';

/** The demo page in a real Chromium: launcher, greeting, keyword replies, choices, reloads, restarts. */
describe('the widget on the demo page', () => {
  const suite = browserSuite({ context: { viewport: { width: 1280, height: 800 } } });
  const { launcher, conversation } = widget;
  const botBubbles = (page: Page) => page.locator('confab-widget .row.bot');

  it('opens from the launcher, greets with buttons, answers by keyword rules and choices, and keeps it all on reload', async () => {
    const page = await suite.open();
    await launcher(page).click();
    await expect.poll(() => conversation(page).getByText('Welcome to').isVisible()).toBe(true);
    for (const label of ['Track Order', 'Product Info', 'Speak to Agent']) {
      await page.getByRole('button', { name: label }).waitFor();
    }

    await send(page, 'What are your opening hours?');
    await conversation(page).getByText('Sat–Sun 8:00–16:00').waitFor();
    // Markdown arrives as markup, not as asterisks.
    expect(await page.locator('confab-widget strong', { hasText: 'Mon–Fri 7:00–18:00' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Product Info' }).click();
    await conversation(page).getByText('Morning Fog').waitFor();
    const chosen = page.getByRole('button', { name: 'Product Info' });
    await expect.poll(() => chosen.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Track Order' }).isDisabled()).toBe(true);
    const link = page.getByRole('link', { name: 'full menu' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await page.screenshot({ path: artifactPath('demo-desktop.png') });

    const before = await botBubbles(page).allTextContents();
    await page.reload();
    // It was open: it opens again by itself, with the whole history from the server in order.
    await conversation(page).getByText('Morning Fog').waitFor();
    expect(await botBubbles(page).allTextContents()).toEqual(before);
    expect(await page.getByRole('button', { name: 'Product Info' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows one conversation live in two tabs of the same visitor', async () => {
    const first = await suite.open();
    await openChat(first);
    const second = await first.context().newPage();
    await second.goto(suite.server.url);
    await conversation(second).getByText('Welcome to').waitFor();

    await send(first, 'shipping');
    await conversation(second).getByText('free on orders over $40').waitFor();
    expect(await conversation(second).getByText('shipping', { exact: true }).count()).toBe(1);
  });

  it('recovers from a server restart with no gap and no duplicate', async () => {
    const page = await suite.open('/', { viewport: { width: 390, height: 844 } });
    await openChat(page);
    await send(page, 'hello');
    await conversation(page).getByText('Hello! How can I help you today?').waitFor();

    await suite.restartServer(() => page.getByText(/Reconnecting/).waitFor());

    await expect.poll(() => page.getByText(/Reconnecting/).count(), { timeout: 20_000 }).toBe(0);
    await send(page, 'coffee');
    await conversation(page).getByText('Harbour Dark').waitFor();
    const texts = await page.locator('confab-widget .row').allTextContents();
    expect(texts.filter((t) => t.includes('hello'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Harbour Dark'))).toHaveLength(1);
    await page.screenshot({ path: artifactPath('demo-phone.png') });
  });

  it('works under the demo page\'s own strict Content-Security-Policy, without a violation', async () => {
    const violations: string[] = [];
    const page = await suite.open('/', {}, (fresh) => recordCspViolations(fresh, violations));
    const res = await page.request.get(page.url());
    expect(res.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    await page.getByRole('button', { name: 'Where is my order?' }).click();
    await conversation(page).getByText('Welcome to').waitFor();
    await send(page, 'What are your opening hours?');
    await conversation(page).getByText('Sat–Sun 8:00–16:00').waitFor();
    expect(violations).toEqual([]);
  });

  it('renders hostile bot markdown harmlessly (marked, then the allow-list)', async () => {
    const res = await fetch(`${suite.server.url}/api/chatbot/keywords`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'xss',
        keywords: ['xss please'],
        match_type: 'exact',
        priority: 100,
        response: [
          'Safe **bold** <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>',
          '[click](javascript:window.__xss=3) [home](https://example.com)',
          '<div onclick="window.__xss=4"><svg><style>*{display:none}</style></svg>inner</div>',
          '<form action="https://evil.example"><input name="card"></form>',
          '<img src="https://example.com/a.png" srcset="http://tracker.example/p.gif 2x" alt="pic"> <video poster="http://tracker.example/p.gif" src="http://tracker.example/v.mp4"></video>',
          '<audio><source src="http://tracker.example/a.mp3"></audio><table background="http://tracker.example/bg.gif"><tr><td>cell</td></tr></table>',
          '<a class="quick-reply" href="https://example.com/pay">Pay now</a>',
        ].join('\n\n'),
      }),
    });
    expect(res.status).toBe(201);

    const page = await suite.open();
    await openChat(page);
    await send(page, 'xss please');
    await conversation(page).getByText('inner').waitFor();
    const bubble = botBubbles(page).last();
    const html = await bubble.innerHTML();
    expect(html).toContain('<strong>bold</strong>');
    expect(html).not.toMatch(/onerror|onclick|<script|javascript:|<form|<input|<style/i);
    // Sources the image rule cannot check, and classes that would dress bot text as the widget's own.
    expect(html).not.toMatch(/srcset|<video|<audio|<source|poster|background=|tracker\.example/i);
    expect(await page.getByRole('link', { name: 'Pay now' }).getAttribute('class')).toBeNull();
    const home = page.getByRole('link', { name: 'home' });
    expect(await home.getAttribute('target')).toBe('_blank');
    expect(await home.getAttribute('rel')).toBe('noopener noreferrer');
    await conversation(page).getByText('click').click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
