import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { postToThread, putSettings, threadMessages, threadOf } from '../helpers/threads.js';
import { axeViolations, botSays, conversationIdOf, openChat, send, widget } from '../helpers/widget.js';

/**
 * The thread features (issue #6) in a real Chromium against a real server: agent messages and
 * reactions through the thread API, quick prompts, personas and sources.
 */
describe('threads in the widget', () => {
  const suite = browserSuite({ botApi: true, context: { viewport: { width: 1280, height: 860 } } });

  /** A new visitor on the demo page, with the chat open on the bot's greeting. */
  async function openDemoChat() {
    const page = await suite.open();
    await openChat(page);
    return { page, conversationId: await conversationIdOf(page) };
  }

  const botRow = (page: Page, text: string) => page.locator('confab-widget .row.bot', { hasText: text });
  const header = (page: Page) => page.locator('confab-widget .header');
  const reactionOf = async (conversationId: string, text: string) =>
    (await threadMessages(suite.server.url, conversationId)).find((m) => m.type === 'NORMAL_MESSAGE' && m.message.includes(text))?.reaction;

  it('shows an agent message posted through the thread API at once, and reports it read', async () => {
    const { page, conversationId } = await openDemoChat();
    const posted = await postToThread(suite.server.url, conversationId, 'Hi, this is **Grace** from the café.', 'AGENT');
    const row = page.locator('confab-widget .row.agent', { hasText: 'Hi, this is Grace from the café.' });
    // Pushed: the open widget reads history only when it (re)connects, so no bound on the
    // time is needed to tell a push from a reload (a 3 s bound failed on a loaded machine).
    await row.waitFor();
    expect(await row.locator('strong').textContent()).toBe('Grace');
    // Agents' answers can be rated too.
    await row.getByRole('button', { name: 'Helpful', exact: true }).waitFor();
    // Seen with the panel open on a visible page: the thread's read count follows.
    await expect.poll(async () => (await threadOf(suite.server.url, conversationId)).readCount).toBe(posted.seq);
  });

  it('keeps a reaction on the server, shows it in every tab and after a reload, and takes it by keyboard', async () => {
    const { page, conversationId } = await openDemoChat();
    const other = await page.context().newPage();
    await other.goto(suite.server.url); // the chat was left open: it opens here too
    await send(page, 'What are your opening hours?');
    const answer = botRow(page, 'Sat–Sun 8:00–16:00');
    const helpful = answer.getByRole('button', { name: 'Helpful', exact: true });
    await helpful.click();
    await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => reactionOf(conversationId, 'Mon–Fri')).toBe('POSITIVE');
    // message:update reaches the other tab of the same visitor.
    await expect.poll(() => botRow(other, 'Sat–Sun 8:00–16:00').getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    const again = botRow(page, 'Sat–Sun 8:00–16:00');
    await expect.poll(() => again.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true');

    await again.getByRole('button', { name: 'Not helpful' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => reactionOf(conversationId, 'Mon–Fri')).toBe('NEGATIVE');
    await page.keyboard.press('Enter'); // the pressed one again takes it back
    await expect.poll(() => reactionOf(conversationId, 'Mon–Fri')).toBe('NEUTRAL');
    // The widget settles on the server's last word (acks and updates of earlier presses may still be on their way).
    await expect.poll(() => again.getByRole('button', { pressed: true }).count()).toBe(0);
  });

  it('offers quick prompts on a new conversation: one sends its question, one is a link', async () => {
    await putSettings(suite.server.url, {
      quick_prompts: [
        { title: 'Opening hours', description: 'What are your opening hours?' },
        { title: 'Our blog', link: 'https://example.com/blog' },
      ],
    });
    try {
      const { page } = await openDemoChat();
      const prompts = page.getByRole('list', { name: 'Suggestions' });
      const blog = prompts.getByRole('link', { name: 'Our blog' });
      expect(await blog.getAttribute('href')).toBe('https://example.com/blog');
      expect(await blog.getAttribute('target')).toBe('_blank');
      expect(await blog.getAttribute('rel')).toBe('noopener noreferrer');

      await prompts.getByRole('button', { name: 'Opening hours' }).click();
      await page.locator('confab-widget .row.visitor', { hasText: 'What are your opening hours?' }).waitFor();
      await widget.conversation(page).locator('strong', { hasText: 'Mon–Fri 7:00–18:00' }).waitFor();
      await prompts.waitFor({ state: 'detached' });
    } finally {
      await putSettings(suite.server.url, { quick_prompts: [] });
    }
  });

  it('lets the visitor pick a persona: recorded on the thread, shown in the header, kept over a reload', async () => {
    await putSettings(suite.server.url, {
      personas: [{ name: 'Barista Bo' }, { name: 'Roaster Rae' }],
      quick_prompts: [
        { title: 'Opening hours', description: 'What are your opening hours?' },
        { title: 'Our blog', link: 'https://example.com/blog' },
      ],
    });
    try {
      const { page, conversationId } = await openDemoChat();
      const personas = page.getByRole('list', { name: 'Chat with' });
      await personas.getByRole('button', { name: 'Barista Bo' }).click();
      await expect.poll(() => header(page).getByRole('heading').textContent()).toBe('Barista Bo');
      expect(await personas.getByRole('button', { name: 'Barista Bo' }).getAttribute('aria-pressed')).toBe('true');
      await expect
        .poll(async () => (await threadMessages(suite.server.url, conversationId)).filter((m) => m.type === 'SYSTEM_MESSAGE').map((m) => m.systemMessageType))
        .toEqual(['PERSONA_SELECTED']);

      // A new conversation as it looks before the visitor says anything, with an answer to rate.
      await botSays(suite.server.url, conversationId, [{ name: 'message', payload: { body: 'I can tell you about our **roasts**, orders and opening hours.' } }]);
      await botRow(page, 'I can tell you about our').getByRole('button', { name: 'Helpful', exact: true }).waitFor();
      await page.screenshot({ path: artifactPath('threads-new-conversation.png'), animations: 'disabled' });
      expect(await axeViolations(page)).toEqual([]);

      await page.reload();
      await widget.conversation(page).getByText('I can tell you about our').waitFor();
      await expect.poll(() => header(page).getByRole('heading').textContent()).toBe('Barista Bo');
    } finally {
      await putSettings(suite.server.url, { personas: [], quick_prompts: [] });
    }
  });

  // A conversation with everything: persona, quick prompts, an answer with sources and a reaction.
  it('shows the sources of an answer as links under it', async () => {
    await putSettings(suite.server.url, {
      personas: [{ name: 'Barista Bo' }],
      quick_prompts: [{ title: 'Opening hours', description: 'What are your opening hours?' }],
    });
    try {
      const { page, conversationId } = await openDemoChat();
      await page.getByRole('list', { name: 'Chat with' }).getByRole('button', { name: 'Barista Bo' }).click();
      await botSays(suite.server.url, conversationId, [
        {
          name: 'message',
          payload: {
            body: 'We roast on **Tuesdays** and ship the same day.',
            sources: [
              { title: 'Roasting schedule', url: 'https://northwind.example/roasting' },
              { title: 'Shipping', url: 'https://northwind.example/shipping' },
            ],
          },
        },
      ]);
      const sources = botRow(page, 'We roast on').getByRole('list', { name: 'Sources' });
      await sources.waitFor();
      const links = sources.getByRole('link');
      expect(await links.allTextContents()).toEqual(['Roasting schedule', 'Shipping']);
      expect(await links.first().getAttribute('target')).toBe('_blank');
      expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
      await botRow(page, 'We roast on').getByRole('button', { name: 'Helpful', exact: true }).click();
      await page.screenshot({ path: artifactPath('threads-conversation.png'), animations: 'disabled' });
      expect(await axeViolations(page)).toEqual([]);
      // The same in the dark palette (the theme follows the host element's attribute).
      await widget.host(page).evaluate((host) => host.setAttribute('data-theme', 'dark'));
      await page.screenshot({ path: artifactPath('threads-conversation-dark.png'), animations: 'disabled' });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await putSettings(suite.server.url, { personas: [], quick_prompts: [] });
    }
  });
});
