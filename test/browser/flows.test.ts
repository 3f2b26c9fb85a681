import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { artifactPath, launchChromium } from '../helpers/browser.js';
import { DEMO_TOKEN, startTestServer } from '../helpers/server.js';

/** The demo bot's flows, walked by a visitor in the widget. */
describe('conversation flows in the widget', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openChat(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await conversation(page).getByText('Welcome to').waitFor();
    return page;
  }
  const conversation = (page: Page) => page.getByRole('list', { name: 'Conversation' });
  async function send(page: Page, text: string) {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  }

  it('walks the feedback flow (buttons, text, email with a retry) and ends in a transfer', async () => {
    const page = await openChat();
    await send(page, "I'd like to leave feedback");
    await conversation(page).getByText('How would you rate your experience?').waitFor();
    await page.getByRole('button', { name: 'Excellent' }).click();
    await conversation(page).getByText('Any additional comments?').waitFor();
    await send(page, 'The Morning Fog is lovely');
    await conversation(page).getByText('What email can our team reach you at?').waitFor();
    await send(page, 'not an email');
    await conversation(page).getByText('Please enter a valid email address').waitFor();
    await send(page, 'ada@example.com');
    await conversation(page).getByText('passing this to our customer care team').waitFor();
    await page.screenshot({ path: artifactPath('flow-feedback.png') });

    const res = await fetch(`${server.url}/api/chatbot/transfers?status=active&team_id=customer-care`, {
      headers: { Authorization: `Bearer ${DEMO_TOKEN}` },
    });
    const { data } = (await res.json()) as { data: { transfers: Array<{ notes: string; source: string }> } };
    expect(data.transfers).toContainEqual(
      expect.objectContaining({ source: 'flow', notes: 'Feedback: Excellent — The Morning Fog is lovely (ada@example.com)' }),
    );

    // Handed over: the bot stays silent, the message waits for an agent.
    await send(page, 'hello?');
    await conversation(page).getByText('hello?').waitFor();
    await page.waitForTimeout(500);
    expect(await conversation(page).getByText('How can I help you today?').count()).toBe(1);
  });

  it('tracks an order through the api_fetch step calling the demo order service', async () => {
    const page = await openChat();
    await page.getByRole('button', { name: 'Track Order' }).click();
    await conversation(page).getByText("What's your order number?").waitFor();
    await send(page, 'nw-1001');
    await conversation(page).getByText('It should arrive within 2 business days.').waitFor();
    await send(page, 'track order');
    await send(page, 'NW-9999');
    await conversation(page).getByText("I couldn't find order").waitFor();
  });
});
