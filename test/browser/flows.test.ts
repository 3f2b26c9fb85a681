import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { DEMO_TOKEN } from '../helpers/server.js';
import { postToThread, threadMessages } from '../helpers/threads.js';
import { conversationIdOf, openChat, send, widget } from '../helpers/widget.js';

/** The demo bot's flows, walked by a visitor in the widget. */
describe('conversation flows in the widget', () => {
  const suite = browserSuite();

  async function openDemoChat(): Promise<Page> {
    const page = await suite.open();
    await openChat(page);
    return page;
  }
  const conversation = widget.conversation;

  it('walks the feedback flow (buttons, text, email with a retry) and ends in a transfer', async () => {
    const page = await openDemoChat();
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

    const res = await fetch(`${suite.server.url}/api/chatbot/transfers?status=active&team_id=customer-care`, {
      headers: { Authorization: `Bearer ${DEMO_TOKEN}` },
    });
    const { data } = (await res.json()) as { data: { transfers: Array<{ notes: string; source: string }> } };
    expect(data.transfers).toContainEqual(
      expect.objectContaining({ source: 'flow', notes: 'Feedback: Excellent — The Morning Fog is lovely (ada@example.com)' }),
    );

    // Handed over: the bot stays silent, the message waits for an agent.
    await send(page, 'hello?');
    await conversation(page).getByText('hello?').waitFor();
    // Waited for, not slept on: once the server has 'hello?', a bot turn for it is queued in
    // the conversation, and an agent's message queues behind it; when that message shows, an
    // answer of the bot would have come first.
    const conversationId = await conversationIdOf(page);
    await expect.poll(async () => (await threadMessages(suite.server.url, conversationId)).some((m) => m.message === 'hello?')).toBe(true);
    await postToThread(suite.server.url, conversationId, 'An agent will be with you shortly.', 'AGENT');
    await conversation(page).getByText('An agent will be with you shortly.').waitFor();
    expect(await conversation(page).getByText('How can I help you today?').count()).toBe(1);
  });

  it('tracks an order through the api_fetch step calling the demo order service', async () => {
    const page = await openDemoChat();
    await page.getByRole('button', { name: 'Track Order' }).click();
    await conversation(page).getByText("What's your order number?").waitFor();
    await send(page, 'nw-1001');
    await conversation(page).getByText('It should arrive within 2 business days.').waitFor();
    await send(page, 'track order');
    await send(page, 'NW-9999');
    await conversation(page).getByText("I couldn't find order").waitFor();
  });
});
