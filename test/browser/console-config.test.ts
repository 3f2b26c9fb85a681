import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { DEMO_TOKEN, root } from '../helpers/server.js';
import { putSettings } from '../helpers/threads.js';
import { axeViolations, recordCspViolations, widget } from '../helpers/widget.js';

const DESKTOP = { viewport: { width: 1400, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const SECTIONS = ['Settings', 'Keyword rules', 'Flows', 'AI contexts', 'Appearance', 'Embed snippet', 'Quick prompts and personas', 'Links and content', 'Follow-ups and AI prompts', 'Icons', 'Widget texts', 'Agents, teams and canned responses'];

/** The `data-*` attributes the README's Attributes table documents, but the bot key. */
function documentedAttributes(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Attributes'), readme.indexOf('### JavaScript API'));
  return [...new Set([...table.matchAll(/`(data-[a-z-]+)`/g)].map((m) => m[1]!))].filter((name) => name !== 'data-bot-key');
}

/** The owner console in a real Chromium: signed in with the demo bot's admin token, against a real server and the real widget. */
describe('the owner console: a bot configuration', () => {
  const suite = browserSuite({ pages: {}, context: DESKTOP });
  const consoleUrl = () => `${suite.server.url}/console`;
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Bot configuration' });
  const preview = (page: Page, name = 'Live preview of the widget'): FrameLocator => page.frameLocator(`iframe[title="${name}"]`);
  /** A computed style of the preview's widget, inside its shadow root. */
  const previewCss = (page: Page, selector: string, property: string) =>
    preview(page)
      .locator(`confab-widget ${selector}`)
      .first()
      .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

  async function signIn(page: Page, token = DEMO_TOKEN): Promise<void> {
    await page.getByRole('tab', { name: 'Bot admin token' }).click();
    await page.getByRole('textbox', { name: 'Bot admin token' }).fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in with the bot admin token (a wrong one is refused), adds a keyword rule and tests a message against it', async () => {
    const csp: string[] = [];
    const page = await suite.open(consoleUrl(), {}, (p) => recordCspViolations(p, csp));
    await signIn(page, 'not-the-admin-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await signIn(page);
    await nav(page).waitFor();

    await nav(page).getByRole('button', { name: 'Keyword rules' }).click();
    await page.getByRole('button', { name: 'New keyword rule' }).click();
    const form = page.getByRole('form', { name: 'New keyword rule' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Oat milk');
    await form.getByRole('textbox', { name: 'Keywords' }).fill('oat milk\nplant milk');
    // The server's rules as it is typed: an empty response is refused, by name.
    await form.getByRole('textbox', { name: 'Response (markdown)' }).fill('x');
    await form.getByRole('textbox', { name: 'Response (markdown)' }).fill('');
    await expect.poll(() => form.getByRole('textbox', { name: 'Response (markdown)' }).getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('textbox', { name: 'Response (markdown)' }).fill('We have **oat milk** at no extra cost.');
    await form.getByRole('button', { name: 'Create keyword rule' }).click();
    await page.getByRole('list', { name: 'Keyword rules' }).getByRole('button', { name: 'Oat milk' }).waitFor();

    await page.getByRole('textbox', { name: 'Message' }).fill('Do you have plant milk?');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const result = page.locator('.tester-result');
    await expect.poll(() => result.textContent()).toContain('Keyword rule: Oat milk (contains, keyword “plant milk”)');
    expect(await result.textContent()).toContain('Why: the message contains "plant milk"');
    expect(await axeViolations(page, null)).toEqual([]);
    expect(csp).toEqual([]);
  });

  it('changes the greeting and shows it in the live preview of the real widget', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page);
    const greeting = page.getByRole('textbox', { name: 'Greeting', exact: true });
    await greeting.fill('Hello from the console test!');
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await preview(page).getByText('Hello from the console test!').waitFor();
  });

  it('shows the appearance in the live preview of the real widget as it is typed, and as it is saved', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page);
    await nav(page).getByRole('button', { name: 'Appearance' }).click();
    await preview(page).getByRole('dialog').waitFor();
    const before = await previewCss(page, '.launcher', 'background-color');
    expect(before).not.toBe('rgb(180, 83, 42)');
    try {
      // Typed, not saved: the preview's widget wears it (its launcher, its header, its title).
      await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Beans Bar');
      await page.getByRole('textbox', { name: 'Primary color', exact: true }).fill('#b4532a');
      await page.getByText('Unsaved changes').waitFor();
      await preview(page).getByRole('dialog', { name: 'Beans Bar' }).waitFor();
      await expect.poll(() => previewCss(page, '.launcher', 'background-color')).toBe('rgb(180, 83, 42)');
      expect(await previewCss(page, '.header', 'background-color')).toBe('rgb(180, 83, 42)');
      await page.screenshot({ path: artifactPath('console-config-appearance-preview.png'), fullPage: true });

      // Saved: the preview starts again as a new visitor and keeps it, a reloaded console shows it, and so does a plain embed.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await preview(page).getByRole('dialog', { name: 'Beans Bar' }).waitFor();
      expect(await previewCss(page, '.header', 'background-color')).toBe('rgb(180, 83, 42)');
      await page.reload();
      await nav(page).getByRole('button', { name: 'Appearance' }).click();
      expect(await page.getByRole('textbox', { name: 'Primary color', exact: true }).inputValue()).toBe('#b4532a');
      await preview(page).getByRole('dialog', { name: 'Beans Bar' }).waitFor();
      await expect.poll(() => previewCss(page, '.launcher', 'background-color')).toBe('rgb(180, 83, 42)');
      suite.site.set('/plain', { body: hostPage(embedTag(suite.server.url)) });
      const plain = await suite.open('/plain');
      await expect.poll(() => widget.launcher(plain).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(180, 83, 42)');
      await widget.launcher(plain).click();
      await plain.getByRole('dialog', { name: 'Beans Bar' }).waitFor();
    } finally {
      await putSettings(suite.server.url, { appearance: {} });
    }
  });

  it('tries a flow in a live widget preview, from the keyboard: its trigger starts it as a new visitor', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page);
    await nav(page).getByRole('button', { name: 'Flows' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Flows' }).getByRole('button', { name: 'Feedback' }).focus();
    await page.keyboard.press('Enter');
    const tryIt = page.getByRole('button', { name: 'Try it in the widget' });
    await page.getByText('Sends “feedback” as a new visitor.').waitFor();
    await tryIt.focus();
    await page.keyboard.press('Enter');
    const widget = preview(page, 'Trying the flow in the widget');
    const conversation = widget.getByRole('list', { name: 'Conversation' });
    await conversation.getByText('feedback', { exact: true }).waitFor();
    await conversation.getByText('How would you rate your experience?').waitFor();
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('console-config-flow-try-it.png'), fullPage: true });
  });

  it('builds the embed snippet, copies it, and the copy works on a host page: chat with the bot', async () => {
    const page = await suite.open(consoleUrl());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    await signIn(page);
    await nav(page).getByRole('button', { name: 'Embed snippet' }).click();
    // A field for every data-* attribute of the README's table (the bot key is the bot's).
    const attributes = page.getByRole('group', { name: 'Attributes' });
    for (const name of documentedAttributes()) expect(await attributes.getByLabel(`(${name})`, { exact: false }).count(), name).toBe(1);
    await page.getByRole('textbox', { name: 'Title (data-title)' }).fill('Beans & Co');
    await page.getByRole('combobox', { name: 'Position (data-position)' }).selectOption('left');
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toContain(`src="${suite.server.url}/widget.js"`);
    expect(snippet).toContain('data-bot-key="demo"');
    expect(snippet).toContain('data-title="Beans &amp; Co"');
    expect(snippet).toContain('data-position="left"');

    suite.site.set('/shop', { body: hostPage(`<h1>Shop</h1>${snippet}`) });
    const shop = await suite.open('/shop');
    await shop.getByRole('button', { name: 'Open chat' }).click();
    await shop.getByRole('list', { name: 'Conversation' }).getByText('Hello from the console test!').waitFor();
    await shop.getByRole('textbox', { name: 'Message' }).fill('Do you have oat milk?');
    await shop.getByRole('textbox', { name: 'Message' }).press('Enter');
    await shop.getByRole('list', { name: 'Conversation' }).getByText('at no extra cost').waitFor();
  });

  it('takes screenshots of every section, desktop and 390 px, axe clean', async () => {
    for (const [name, context] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await suite.open(consoleUrl(), context);
      await signIn(page);
      for (const section of SECTIONS) {
        await nav(page).getByRole('button', { name: section }).click();
        await page.locator(`[data-section] h2`).first().waitFor();
        if (section === 'Flows') await page.getByRole('list', { name: 'Flows' }).getByRole('button').first().click();
        if (section === 'Keyword rules') await page.getByRole('list', { name: 'Keyword rules' }).getByRole('button').first().click();
        const file = section.toLowerCase().replace(/[^a-z]+/g, '-');
        await page.screenshot({ path: artifactPath(`console-config-${file}-${name}.png`), fullPage: true });
        expect(await axeViolations(page, null), section).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), section).toBeLessThanOrEqual(context.viewport.width);
      }
    }
  });
});
