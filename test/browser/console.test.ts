import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { FIXTURE_TOKEN, startConsoleGateway } from '../helpers/console-gateway.js';
import { adminClient } from '../helpers/http.js';
import { axeViolations, openChat, recordCspViolations, send, widget } from '../helpers/widget.js';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The agent console in a real Chromium: against a scripted gateway (layout, axe, phone, keyboard), and end to end with a visitor. */
describe('the agent console', () => {
  const suite = browserSuite({ services: { gateway: startConsoleGateway }, images: true, context: DESKTOP });
  const consoleUrl = () => `${suite.services.gateway.url}/console`;
  const transcript = (page: Page) => page.getByRole('list', { name: 'Conversation history' });

  async function signIn(page: Page, token = FIXTURE_TOKEN): Promise<void> {
    await page.getByRole('textbox', { name: 'Token' }).fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('refuses a wrong token clearly, signs in with a good one, and stays signed in on reload', async () => {
    const violations: string[] = [];
    const page = await suite.open(consoleUrl(), {}, (p) => recordCspViolations(p, violations));
    await page.getByRole('heading', { name: 'Confab console' }).waitFor();
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('console-sign-in.png') });

    await signIn(page, 'not-the-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await signIn(page);
    await page.getByRole('button', { name: 'Pick next' }).waitFor();
    await page.getByRole('list', { name: 'Queue' }).getByRole('button', { name: /sam\.r@example\.com/ }).waitFor();
    expect(await page.title()).toBe('(4) Confab console');
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('console-queue.png') });

    await page.reload();
    await page.getByRole('button', { name: 'Pick next' }).waitFor();
    expect(violations).toEqual([]);
  });

  it('shows a conversation as the visitor saw it, with the contact panel, axe clean (desktop)', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page);
    await page.getByRole('tab', { name: /Mine/ }).click();
    await page.getByRole('list', { name: 'Mine' }).getByRole('button', { name: /Maya Chen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Maya Chen' }).waitFor();
    // The widget's own views: the carousel and the visitor's answered choice, none clickable here.
    const card = transcript(page).getByRole('button', { name: /Morning Fog/ });
    await card.waitFor();
    expect(await card.isDisabled()).toBe(true);
    expect(await transcript(page).getByRole('button', { name: 'Product Info' }).isDisabled()).toBe(true);
    expect(await transcript(page).locator('strong', { hasText: 'Ana' }).count()).toBe(1);
    expect(await transcript(page).getByText('Ana Lima').count()).toBeGreaterThan(0);
    await transcript(page).getByText('Gift orders can be refunded').waitFor();
    await page.getByText('Visitor is typing…').waitFor();
    // The flow's panel: sections in order, collapsed where the flow says.
    const details = page.getByRole('complementary');
    expect(await details.locator('[data-section]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.section))).toEqual([
      'order',
      'risk',
      'raw',
    ]);
    expect(await details.getByText('flow:refund/step:3').isVisible()).toBe(false);
    await expect.poll(() => transcript(page).locator('img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete))).toBe(true);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('console-desktop.png') });

    // Three columns side by side.
    const [list, conversation, aside] = await Promise.all(
      ['.inbox', '.conversation', '.details'].map((selector) => page.locator(selector).boundingBox()),
    );
    expect(list!.x + list!.width).toBeLessThanOrEqual(conversation!.x + 1);
    expect(conversation!.x + conversation!.width).toBeLessThanOrEqual(aside!.x + 1);
  });

  it('works from the keyboard: move, open, reply, canned responses, help', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page);
    await page.getByRole('button', { name: 'Pick next' }).waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Leo Park');
    await page.keyboard.press('k');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Maya Chen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Maya Chen' }).waitFor();
    await page.keyboard.press('r');
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('/ref');
    await page.getByRole('option', { name: /refund/ }).waitFor();
    await page.keyboard.press('Enter');
    expect(await reply.inputValue()).toBe('Refunds reach your card within **3–5 working days**.');
    await page.keyboard.press('Enter');
    await transcript(page).locator('strong', { hasText: '3–5 working days' }).waitFor();
    expect(await reply.inputValue()).toBe('');

    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('c-maya');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await axeViolations(page, null)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('is usable at phone width: the list and the conversation are two screens', async () => {
    const page = await suite.open(consoleUrl(), PHONE);
    await signIn(page);
    await page.getByRole('tab', { name: /Mine/ }).tap();
    await page.getByRole('list', { name: 'Mine' }).getByRole('button', { name: /Maya Chen/ }).tap();
    await page.getByRole('heading', { level: 1, name: 'Maya Chen' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(false);
    await transcript(page).getByRole('button', { name: /Morning Fog/ }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    const reply = await page.getByRole('textbox', { name: 'Reply' }).boundingBox();
    expect(reply!.y + reply!.height).toBeLessThanOrEqual(740);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('console-phone.png') });

    await page.getByRole('button', { name: 'Details' }).tap();
    await page.getByRole('heading', { level: 2, name: 'Maya Chen' }).waitFor();
    await page.screenshot({ path: artifactPath('console-phone-details.png') });
    await page.getByRole('button', { name: 'Back to the conversation' }).tap();
    await page.getByRole('button', { name: 'Back to the conversations' }).tap();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Maya Chen' }).isVisible()).toBe(false);
  });

  it('hands a visitor to a person and back to the bot, end to end', async () => {
    const admin = adminClient(() => suite.server.url);
    const created = await admin('POST', '/api/chatbot/agents', { name: 'Ana Lima', email: 'ana@example.com' });
    expect(created.status).toBe(201);
    const token = created.json.data.token as string;

    // The visitor asks for a person on the demo page.
    const visitor = await suite.open('/');
    await openChat(visitor);
    await visitor.getByRole('button', { name: 'Speak to Agent' }).click();
    await widget.conversation(visitor).getByText('Someone from our team will reply here').waitFor();

    // The agent sees it in the queue and picks it.
    const agent = await suite.open(`${suite.server.url}/console`);
    await signIn(agent, token);
    const queue = agent.getByRole('list', { name: 'Queue' });
    await queue.getByRole('button').first().waitFor();
    await agent.getByRole('button', { name: 'Pick next' }).click();
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor();
    await transcript(agent).locator('.row.visitor', { hasText: 'Speak to Agent' }).waitFor();

    // Typing shows on the visitor's side, then the markdown reply with the agent's name.
    await reply.pressSequentially('Your order ships ');
    await widget.host(visitor).getByRole('img', { name: 'Typing…' }).waitFor();
    await reply.pressSequentially('**today**');
    await reply.press('Enter');
    await widget.conversation(visitor).locator('strong', { hasText: 'today' }).waitFor();
    await widget.conversation(visitor).getByText('Ana Lima').first().waitFor();

    // The visitor answers; the agent sees it live.
    await send(visitor, 'Great, thanks!');
    await transcript(agent).getByText('Great, thanks!').waitFor();

    await agent.screenshot({ path: artifactPath('console-end-to-end.png') });
    await visitor.screenshot({ path: artifactPath('console-end-to-end-visitor.png') });

    // Back to the bot: it answers again.
    await agent.getByRole('button', { name: 'Resume bot' }).click();
    await expect.poll(() => agent.getByRole('textbox', { name: 'Reply' }).count()).toBe(0);
    await send(visitor, 'What are your opening hours?');
    await widget.conversation(visitor).getByText('Sat–Sun 8:00–16:00').waitFor();
    expect(await axeViolations(agent, null)).toEqual([]);

    // The owner revokes the token: the open console is signed out and says why.
    expect((await admin('DELETE', `/api/chatbot/agents/${created.json.data.id as string}/token`)).status).toBeLessThan(300);
    await expect.poll(() => agent.getByRole('alert').textContent()).toContain('not valid');
    expect(await agent.evaluate(() => localStorage.getItem('confab-console-token'))).toBeNull();
  });
});
