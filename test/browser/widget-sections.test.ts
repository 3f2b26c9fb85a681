import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { adminClient } from '../helpers/http.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { putSettings } from '../helpers/threads.js';
import { axeViolations, IMAGE_HOST, send, storedVisitor, widget } from '../helpers/widget.js';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * The owner's 002 sections, set through the configuration API, in the real widget (links,
 * custom content, follow-up prompts, icons, the widget's own texts), on a desktop and a phone;
 * then issue #15's other widget contract items end to end: the registration card, the inline
 * whatsapp_flow form and a proactive open (data-open) as a webhook bot sees it.
 */
describe("the owner's sections in the widget", () => {
  const suite = browserSuite({
    pages: {},
    images: true,
    context: { viewport: { width: 1280, height: 860 } },
    services: { bot: () => startTestBot(() => ({})) },
  });
  const api = adminClient(() => suite.server.url, '/api/chatbot');
  let pageCount = 0;

  /** A page of the host site embedding the demo bot. */
  async function embed(attributes: Record<string, string> = {}, context: BrowserContextOptions = {}): Promise<Page> {
    const path = `/page-${++pageCount}`;
    suite.site.set(path, { body: hostPage(`<main><h1>Roastery</h1></main>${embedTag(suite.server.url, attributes)}`) });
    return suite.open(path, context);
  }

  const imageLoaded = (page: Page, selector: string) =>
    page.locator(`confab-widget ${selector}`).first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

  describe('links, custom content, follow-ups, icons and texts', () => {
    beforeAll(async () => {
      // One after the other: the lists keep the order of creation.
      const created = [];
      for (const request of [
        () => api('POST', '/custom-content', { title: 'Opening hours', body: 'Mon–Fri **7:00–18:00**, weekends 8:00–16:00.\n\n<img src=x onerror="window.hacked=1"> <script>window.hacked=2</script>' }),
        () => api('POST', '/links', { title: 'Help centre', url: 'https://help.example.com/faq', icon: `${IMAGE_HOST}/help.svg` }),
        () => api('POST', '/links', { title: 'Order status', url: 'http://status.example.com/' }),
        () => api('POST', '/follow-up-prompts', { title: 'See the menu', description: 'What is on the menu?' }),
        () => api('POST', '/follow-up-prompts', { title: 'Our shop', link: 'https://shop.example.com/' }),
        () => api('PUT', '/icons', { launcher: `${IMAGE_HOST}/cup.svg`, bot_avatar: `${IMAGE_HOST}/bean.svg`, agent_avatar: `${IMAGE_HOST}/agent.svg` }),
        () => api('PUT', '/messages', { en: { placeholder: 'Ask the roastery…' }, de: { placeholder: 'Fragen Sie die Rösterei…' } }),
      ])
        created.push(await request());
      for (const reply of created) expect(reply.status, JSON.stringify(reply.json)).toBeLessThan(300);
    });
    afterAll(async () => {
      await putSettings(suite.server.url, { links: [], custom_content: [], follow_up_prompts: [], icons: {}, widget_messages: {} });
    });

    it('refuses hostile links and pictures at the API, keeping what was there', async () => {
      for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.com/']) {
        const refused = await api('POST', '/links', { title: 'Bad', url });
        expect(refused.status).toBe(400);
        expect(refused.json.status).toBe('error');
      }
      expect((await api('PUT', '/icons', { launcher: 'http://example.com/cup.png' })).status).toBe(400);
      expect((await api('PUT', '/icons', { bot_avatar: 'javascript:alert(1)' })).status).toBe(400);
      const config = (await fetch(`${suite.server.url}/api/widget/config?botKey=demo`).then((r) => r.json())) as { links: Array<{ title: string }>; icons: object };
      expect(config.links.map((l) => l.title)).toEqual(['Help centre', 'Order status']);
      expect(config.icons).toEqual({ launcher: `${IMAGE_HOST}/cup.svg`, botAvatar: `${IMAGE_HOST}/bean.svg`, agentAvatar: `${IMAGE_HOST}/agent.svg` });
    });

    for (const [device, context] of [
      ['desktop', {}],
      ['phone', PHONE],
    ] as const) {
      it(`shows them in the chat (${device})`, async () => {
        const page = await embed({}, context);
        // Before any intent the loader draws the bot's icon from the config it fetched at idle;
        // the panel has not mounted.
        const launcherIcon = page.locator('confab-widget .launcher img.icon-chat');
        await expect.poll(() => launcherIcon.count(), { timeout: 10_000 }).toBe(1);
        expect(await launcherIcon.getAttribute('src')).toBe(`${IMAGE_HOST}/cup.svg`);
        expect(await page.evaluate(() => Boolean(document.querySelector('confab-widget')?.shadowRoot?.querySelector('.root')))).toBe(false);
        await widget.launcher(page).click();
        const panel = widget.panel(page);
        const conversation = widget.conversation(page);
        await conversation.getByText('Welcome to').waitFor();

        // Custom content: a card on top, its markdown rendered, its HTML not.
        const card = panel.getByRole('article');
        await card.getByRole('heading', { name: 'Opening hours' }).waitFor();
        await card.locator('strong', { hasText: '7:00–18:00' }).waitFor();
        expect(await card.locator('script, [onerror]').count()).toBe(0);
        expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
        // Above the greeting, inside the scrolling conversation.
        expect(await conversation.locator('> li').first().getAttribute('class')).toBe('intro');

        // Links: web pages in a new tab, the https icon shown.
        const help = panel.getByRole('link', { name: 'Help centre' });
        expect(await help.getAttribute('href')).toBe('https://help.example.com/faq');
        expect(await help.getAttribute('target')).toBe('_blank');
        expect(await help.getAttribute('rel')).toBe('noopener noreferrer');
        await expect.poll(() => imageLoaded(page, '.welcome-links img')).toBe(true);
        // Styled as link buttons: the icons at their sizes (the shared CSS reached the chunk).
        expect(await help.locator('img').evaluate((img) => img.getBoundingClientRect().width)).toBe(20);
        expect(await help.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width)).toBe(16);
        expect(await panel.getByRole('link', { name: 'Order status' }).getAttribute('href')).toBe('http://status.example.com/');

        // The bot's own placeholder for English; the bot's avatar heads its messages.
        expect(await widget.composer(page).getAttribute('placeholder')).toBe('Ask the roastery…');
        await expect.poll(() => imageLoaded(page, '.row.bot .sender img')).toBe(true);
        // The launcher's icon stays with the panel open.
        expect(await page.locator('confab-widget .launcher img.icon-chat').getAttribute('src')).toBe(`${IMAGE_HOST}/cup.svg`);

        // Nothing wider than the panel.
        const overflow = await conversation.evaluate((list) => list.scrollWidth - list.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: artifactPath(`widget-sections-${device}.png`) });
        expect(await axeViolations(page)).toEqual([]);

        // Follow-up prompts: none on the greeting, offered after the bot's answer; a click sends the words.
        const suggestions = panel.getByRole('list', { name: 'Suggestions' });
        expect(await suggestions.getByRole('button', { name: 'See the menu' }).count()).toBe(0);
        await send(page, 'What are your opening hours?');
        await conversation.getByText('Sat–Sun 8:00–16:00').waitFor();
        const shop = suggestions.getByRole('link', { name: 'Our shop' });
        await shop.waitFor();
        expect(await shop.getAttribute('rel')).toBe('noopener noreferrer');
        expect(await shop.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width)).toBe(16);
        await page.screenshot({ path: artifactPath(`widget-sections-follow-ups-${device}.png`) });
        await suggestions.getByRole('button', { name: 'See the menu' }).click();
        await conversation.locator('.row.visitor', { hasText: 'What is on the menu?' }).waitFor();

        // The launcher icon stays once the chat is closed again.
        if (device === 'desktop') {
          await page.getByRole('button', { name: 'Close chat' }).click();
          await expect.poll(() => imageLoaded(page, '.launcher img.icon-chat')).toBe(true);
          expect(await page.locator('confab-widget .launcher img.icon-chat').isVisible()).toBe(true);
        }
      });
    }

    it("speaks the bot's texts in the page's language", async () => {
      const page = await embed({ locale: 'de' });
      // Named in German as soon as the loader's words are in ("Chat öffnen"), English before.
      await page.getByRole('button', { name: /^(Open chat|Chat öffnen)$/ }).click();
      const composer = page.getByRole('textbox', { name: 'Nachricht' });
      await expect.poll(() => composer.getAttribute('placeholder')).toBe('Fragen Sie die Rösterei…');
      expect(await page.getByRole('button', { name: 'Senden' }).count()).toBe(1);
    });
  });

  it('asks who the visitor is first (registration), then the bot answers and the contact has the name and email', async () => {
    await putSettings(suite.server.url, { registration_enabled: true, registration_fields: ['name', 'email'] });
    try {
      const page = await embed();
      await widget.launcher(page).click();
      const name = page.getByLabel('Your name');
      await name.fill('Zoe Quinn');
      await page.getByLabel('Your email').fill('zoe@example.com');
      expect(await widget.composer(page).count()).toBe(0);
      await page.screenshot({ path: artifactPath('widget-registration.png') });
      await page.getByRole('button', { name: 'Start chat' }).click();
      await widget.conversation(page).getByText('Welcome to').waitFor();
      await send(page, 'What are your opening hours?');
      await widget.conversation(page).getByText('Sat–Sun 8:00–16:00').waitFor();
      const { visitorId } = await storedVisitor(page);
      const contact = await suite.server.store.visitors.find(visitorId!);
      expect(contact).toMatchObject({ name: 'Zoe Quinn', email: 'zoe@example.com' });
    } finally {
      await putSettings(suite.server.url, { registration_enabled: false });
    }
  });

  it("answers a whatsapp_flow step's fields in one inline form, and the flow goes on", async () => {
    const page = await embed();
    await widget.launcher(page).click();
    const conversation = widget.conversation(page);
    await conversation.getByText('Welcome to').waitFor();
    await send(page, 'Can you call me back?');
    const form = page.locator('confab-widget form.inline-form');
    await form.getByLabel('Your name').fill('Ada');
    await form.getByLabel('Phone number').fill('+44 20 7946 0000');
    await form.getByLabel('Preferred date').fill('2026-12-24');
    await page.screenshot({ path: artifactPath('widget-inline-form.png') });
    await form.getByRole('button', { name: 'Send' }).click();
    await conversation.getByText('Done!').waitFor();
    expect(await conversation.locator('.row.bot', { hasText: 'Done!' }).textContent()).toContain("We'll call Ada at +442079460000 on 2026-12-24.");
    // One form, answered once: the flow asked nothing field by field.
    expect(await conversation.getByText('Phone number', { exact: true }).count()).toBeLessThanOrEqual(1);
  });

  it('tells a webhook bot that a data-open chat is a proactive approach, and a launcher click a normal one', async () => {
    const { bot } = suite.services;
    bot.setHandler(({ body }) => (body.packet.name === 'start' ? { body: event(body.info.cid, 'message', { body: `Hello (${body.info.approach_mode})` }) } : {}));
    await putSettings(suite.server.url, { bot_type: 'webhook', webhook_url: bot.url, behavior_mode: 'firewall' });
    try {
      const proactive = await embed({ open: 'true' });
      await widget.conversation(proactive).getByText('Hello (proactive)').waitFor();
      const normal = await embed();
      await widget.launcher(normal).click();
      await widget.conversation(normal).getByText('Hello (normal)').waitFor();
      const starts = bot.calls.filter((c) => c.body.packet.name === 'start').map((c) => c.body.info.approach_mode);
      expect(starts).toEqual(['proactive', 'normal']);
    } finally {
      await putSettings(suite.server.url, { bot_type: 'builtin' });
    }
  });
});
