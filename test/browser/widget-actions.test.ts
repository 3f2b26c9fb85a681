import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BotAction } from '../../shared/index.js';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { axeViolations, botSays, conversationIdOf, IMAGE_HOST, openChat, sampleFiles, typingBefore, uploadAsVisitor, widget } from '../helpers/widget.js';

/**
 * Every action of the bot vocabulary, said through the bot API URL, in a real Chromium.
 * The server checks that media links are reachable, so media come from files uploaded to
 * the Confab server itself (plain http from there is allowed); other images come from an
 * https host the browser context answers.
 */
const EVERY_ACTION: BotAction[] = [
  { name: 'message', payload: { body: 'Here is **everything** I can show, with [our menu](https://northwind.example/menu).' } },
  { name: 'message', payload: { body: '**Plain** text, kept as typed.', text_format: 'plain' } },
  {
    name: 'bubbles',
    payload: { body: 'How do you take it?', fallback: 'Black or white?', options: [{ id: 'black', label: 'Black' }, { id: 'white', label: 'White' }] },
  },
  {
    name: 'carousel',
    payload: {
      body: 'This week’s roasts',
      fallback: 'Roasts: Morning Fog, Harbour Dark, Espresso No. 7',
      options: [
        { id: 'fog', label: 'Morning Fog', image_url: `${IMAGE_HOST}/fog.png`, description: 'Light, citrus and honey' },
        { id: 'dark', label: 'Harbour Dark', image_url: `${IMAGE_HOST}/harbour.png`, description: 'Dark, cocoa and smoke' },
        { id: 'espresso', label: 'Espresso No. 7', image_url: `${IMAGE_HOST}/espresso.png`, description: 'Made for milk' },
      ],
    },
  },
  {
    name: 'button_template',
    payload: {
      header: { type: 'image', link: `${IMAGE_HOST}/parcel.png` },
      body: 'Order **NW-1001** has shipped.',
      footer: 'Northwind Coffee',
      fallback: 'Track, Return or Help?',
      options: [
        { id: 'track', label: 'Track' },
        { id: 'return', label: 'Return' },
        { id: 'help', label: 'Help' },
      ],
    },
  },
  {
    name: 'list_template',
    payload: {
      header: 'Subscriptions',
      body: 'Pick how often we deliver.',
      footer: 'Pause or cancel any time',
      button: 'Choose a plan',
      fallback: 'Weekly, every two weeks or monthly?',
      options: [
        { id: 'weekly', label: 'Weekly', description: 'A fresh bag every week' },
        { id: 'biweekly', label: 'Every two weeks', description: 'Our most popular' },
        { id: 'monthly', label: 'Monthly', description: 'For the occasional cup' },
      ],
    },
  },
  { name: 'buttons', payload: { body: 'Useful links', buttons: [{ label: 'Brewing guide', url: 'https://northwind.example/brew' }] } },
  { name: 'button', payload: { label: 'Open the shop', url: 'https://northwind.example/shop' } },
  { name: 'navigate', payload: { url: 'https://elsewhere.example/deals' } },
  { name: 'note_create', payload: { body: 'internal: VIP customer' } },
  { name: 'contact_update', payload: { name: 'Ada' } },
  { name: 'conversation_update', payload: { subject: 'Everything' } },
  { name: 'addon_dispatch', payload: { addon: 'crm' } },
  { name: 'email_dispatch', payload: { recipient: 'operator' } },
  { name: 'forward_any', payload: {} },
  { name: 'abort', payload: {} },
];

describe('every bot action in the widget', () => {
  const themedPage = (theme: 'light' | 'dark') => (serverUrl: string) => ({
    body: hostPage(`<main><h1>Northwind</h1></main>${embedTag(serverUrl, { theme, title: 'Northwind Support' })}`),
  });
  const suite = browserSuite({
    pages: { '/light': themedPage('light'), '/dark': themedPage('dark') },
    botApi: true,
    images: true,
    context: { viewport: { width: 1280, height: 900 } },
  });

  /** A new visitor on a host page, with the chat open on the bot's greeting. */
  async function chatOn(path: string, viewport?: { width: number; height: number }) {
    const page = await suite.open(path, viewport && { viewport });
    await openChat(page);
    return { page, conversationId: await conversationIdOf(page) };
  }

  /** Media actions with files the server holds: an image and a PDF. */
  async function mediaActions(page: Page): Promise<BotAction[]> {
    const { png, pdf } = await sampleFiles(page);
    const image = await uploadAsVisitor(page, suite.server.url, { bytes: png, name: 'latte.png', type: 'image/png' });
    const file = await uploadAsVisitor(page, suite.server.url, { bytes: pdf, name: 'menu.pdf', type: 'application/pdf' });
    return [
      { name: 'media', payload: { link: image.link, type: 'image', name: 'Latte art' } },
      { name: 'media', payload: { link: file.link, type: 'file', name: 'Menu.pdf' } },
    ];
  }

  it('renders each action, hides the internal ones, and passes axe in light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, conversationId } = await chatOn(`/${theme}`);
      const media = await mediaActions(page);
      await botSays(suite.server.url, conversationId, [...EVERY_ACTION.slice(0, 8), ...media, ...EVERY_ACTION.slice(8)]);
      const conversation = widget.conversation(page);
      // The forward hands over: the bot's say ends there, so the abort after it is not delivered.
      await conversation.getByText('Connecting you with a person…').waitFor();

      await conversation.locator('strong', { hasText: 'everything' }).waitFor();
      await conversation.getByText('**Plain** text, kept as typed.').waitFor();
      await conversation.getByRole('button', { name: 'White' }).waitFor();
      const cards = conversation.getByRole('list', { name: 'Options' }).first();
      await cards.getByRole('button', { name: /Harbour Dark/ }).waitFor();
      await page.getByRole('button', { name: 'Next' }).waitFor();
      await conversation.getByText('Order').first().waitFor();
      await conversation.getByRole('button', { name: 'Return' }).waitFor();
      await conversation.getByRole('button', { name: 'Choose a plan' }).waitFor();
      expect(await conversation.getByRole('link', { name: 'Brewing guide' }).getAttribute('target')).toBe('_blank');
      await conversation.getByRole('link', { name: 'Open the shop' }).waitFor();
      await conversation.getByRole('button', { name: 'Show Latte art larger' }).waitFor();
      await conversation.getByRole('link', { name: /Menu\.pdf/ }).waitFor();
      // Another origin, not allowed for this bot: a link, and the page stays.
      await conversation.getByRole('link', { name: 'Open elsewhere.example/deals' }).waitFor();
      expect(page.url()).toBe(`${suite.site.origin}/${theme}`);
      expect(await conversation.getByText(/internal: VIP|Everything|crm/).count()).toBe(0);
      expect(await conversation.getByText('Our team will take it from here.').count()).toBe(0);
      // Every image has loaded (served over https).
      await expect.poll(() => page.evaluate(() => {
        const root = document.querySelector('confab-widget')!.shadowRoot!;
        return Array.from(root.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0);
      })).toBe(true);

      expect(await axeViolations(page)).toEqual([]);
      // The conversation from top to bottom, a panel height at a time.
      const list = page.locator('confab-widget .messages');
      const { scrollHeight, clientHeight } = await list.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
      for (let part = 0, top = 0; top < scrollHeight; part++, top += clientHeight - 40) {
        await list.evaluate((el, y) => (el.scrollTop = y), top);
        await page.screenshot({ path: artifactPath(`actions-${theme}-${part + 1}.png`), animations: 'disabled' });
      }
    }
  });

  it('answers choices once: quick replies, a carousel card, template buttons and the list sheet', async () => {
    const { page, conversationId } = await chatOn('/light');
    await botSays(suite.server.url, conversationId, EVERY_ACTION.slice(2, 6));
    const conversation = widget.conversation(page);

    await conversation.getByRole('button', { name: 'White' }).click();
    await expect.poll(() => conversation.getByRole('button', { name: 'White' }).getAttribute('aria-pressed')).toBe('true');
    expect(await conversation.getByRole('button', { name: 'Black' }).isDisabled()).toBe(true);

    // Keyboard: focus the first card, arrow to the second, choose it with Enter.
    const cards = conversation.getByRole('list', { name: 'Options' }).first();
    await cards.getByRole('button', { name: /Morning Fog/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.getByRole('button', { name: /Harbour Dark/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await conversation.locator('.row.visitor', { hasText: 'Harbour Dark' }).count()).toBe(1);

    await conversation.getByRole('button', { name: 'Track', exact: true }).click();
    await expect.poll(() => conversation.getByRole('button', { name: 'Return', exact: true }).isDisabled()).toBe(true);

    await conversation.getByRole('button', { name: 'Choose a plan' }).click();
    const sheet = page.getByRole('dialog', { name: 'Subscriptions' });
    await sheet.waitFor();
    await page.screenshot({ path: artifactPath('actions-list-sheet.png'), animations: 'disabled' });
    expect(await axeViolations(page)).toEqual([]);
    await sheet.getByText('Every two weeks').click();
    await sheet.getByRole('button', { name: 'Send' }).click();
    await sheet.waitFor({ state: 'detached' });
    await conversation.locator('.row.visitor', { hasText: 'Every two weeks' }).waitFor();
    await expect.poll(() => conversation.getByRole('button', { name: 'Every two weeks' }).isDisabled()).toBe(true);

    // Each click went back once, as a click on its message (the server stored them so).
    await page.reload();
    await widget.conversation(page).getByText('How do you take it?').waitFor();
    await expect.poll(() => widget.conversation(page).getByRole('button', { name: 'White' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('scrolls the carousel with its previous and next buttons', async () => {
    const { page, conversationId } = await chatOn('/light', { width: 420, height: 800 });
    await botSays(suite.server.url, conversationId, [EVERY_ACTION[3]!]);
    const track = page.locator('confab-widget .carousel-track');
    await track.waitFor();
    const next = page.getByRole('button', { name: 'Next' });
    const before = await track.evaluate((el) => el.scrollLeft);
    await next.click();
    await expect.poll(() => track.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before + 100);
    const moved = await track.evaluate((el) => el.scrollLeft);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => track.evaluate((el) => el.scrollLeft)).toBeLessThan(moved - 100);
  });

  it('opens an image larger in a dialog, and Escape gives focus back', async () => {
    const { page, conversationId } = await chatOn('/light');
    await botSays(suite.server.url, conversationId, (await mediaActions(page)).slice(0, 1));
    const thumbnail = widget.conversation(page).getByRole('button', { name: 'Show Latte art larger' });
    await thumbnail.click();
    const dialog = page.locator('confab-widget dialog.lightbox');
    await dialog.waitFor();
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open && d.matches(':modal'))).toBe(true);
    await page.screenshot({ path: artifactPath('actions-lightbox.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.querySelector('confab-widget')!.shadowRoot!.activeElement?.getAttribute('aria-label'))).toBe(
      'Show Latte art larger',
    );
    // The panel itself stayed open.
    expect(await widget.panel(page).isVisible()).toBe(true);
  });

  it('shows the typing indicator during a delay and hides it when the message arrives', async () => {
    const { page, conversationId } = await chatOn('/light');
    await botSays(suite.server.url, conversationId, [
      { name: 'message', payload: { body: 'Let me check…' } },
      { name: 'delay', payload: { duration: 1500 } },
      { name: 'message', payload: { body: 'Found it: your order arrives tomorrow.' } },
    ]);
    const typing = page.getByRole('img', { name: 'Typing…' });
    await widget.conversation(page).getByText('Let me check…').waitFor();
    await typingBefore(page, 'Found it');
    await widget.conversation(page).getByText('Found it: your order arrives tomorrow.').waitFor();
    await typing.waitFor({ state: 'detached' });
  });

  it('ends: a system line, then "Start a new conversation" instead of the composer', async () => {
    const { page, conversationId } = await chatOn('/light');
    await botSays(suite.server.url, conversationId, [{ name: 'message', payload: { body: 'Glad I could help!' } }, { name: 'end', payload: {} }]);
    await widget.conversation(page).getByText('This conversation has ended').waitFor();
    const start = page.getByRole('button', { name: 'Start a new conversation' });
    await start.waitFor();
    expect(await widget.composer(page).count()).toBe(0);
    await page.screenshot({ path: artifactPath('actions-ended.png'), animations: 'disabled' });

    // Still ended after a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    await widget.conversation(page).getByText('Welcome to').waitFor();
    expect(await widget.conversation(page).getByText('Glad I could help!').count()).toBe(0);
    await widget.composer(page).waitFor();
    expect(await conversationIdOf(page)).not.toBe(conversationId);
  });

  it('moves the host page for navigate actions to its own origin', async () => {
    suite.site.set('/next', { body: hostPage(`<h1>Next page</h1>${embedTag(suite.server.url)}`) });
    const { page, conversationId } = await chatOn('/light');
    await botSays(suite.server.url, conversationId, [{ name: 'navigate', payload: { url: `${suite.site.origin}/next` } }]);
    await page.waitForURL(`${suite.site.origin}/next`);
    // The chat comes along, open, with the navigate shown as done.
    await widget.conversation(page).getByRole('link', { name: `Opened ${new URL(suite.site.origin).host}/next` }).waitFor();
  });
});
