import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { agentAck, connectAgent, createAgent, type AgentSocket } from '../helpers/agent-client.js';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { axeViolations, conversationIdOf, openChat, send } from '../helpers/widget.js';

/**
 * The visitor's side of a handover in a real Chromium (issue #10): waiting with nobody online,
 * an agent coming online and taking the chat, their name, typing, reply and read receipts.
 * The agent speaks over a real socket.io-client on /agents, as the console does.
 */
describe('people in the widget', () => {
  const suite = browserSuite({ context: { viewport: { width: 1280, height: 860 } } });
  const agents: AgentSocket[] = [];
  afterEach(() => {
    for (const a of agents.splice(0)) a.close();
  });

  async function agentOnline(name: string) {
    const created = await createAgent(suite.server.url, { name, avatar: null });
    const socket = await connectAgent(suite.server.url, { token: created.token });
    agents.push(socket);
    return { ...created, socket };
  }

  const panel = (page: Page) => page.locator('confab-widget .panel');

  it('with nobody online offers to leave an email; an agent comes online, takes the chat, types, replies and reads', async () => {
    const page = await suite.open();
    await openChat(page);
    const conversationId = await conversationIdOf(page);
    await send(page, 'I need to speak to a human');

    const email = panel(page).getByRole('textbox', { name: 'Your email' });
    await email.waitFor();
    expect(await panel(page).textContent()).toContain('No one is available right now');
    expect(await axeViolations(page)).toEqual([]);
    await email.fill('ada@example.com');
    await email.press('Enter');
    await panel(page).getByText('Thanks! We will reply to ada@example.com.').waitFor();
    await expect.poll(async () => (await suite.server.store.visitors.find((await suite.server.store.conversations.find(conversationId))!.visitorId))?.email).toBe('ada@example.com');

    // An agent comes online: the visitor sees their place in line.
    const alex = await agentOnline('Alex Agent');
    await panel(page).getByText('You are number 1 in line').waitFor();

    await agentAck(alex.socket, 'transfer:pick-next', {});
    await panel(page).locator('.system-line', { hasText: 'Alex Agent joined the conversation' }).waitFor();
    await agentAck(alex.socket, 'agent:typing', { conversationId, typing: true });
    await panel(page).getByRole('img', { name: 'Alex Agent is typing…' }).waitFor();
    await agentAck(alex.socket, 'agent:message', { conversationId, clientId: 'r1', body: 'Hi! I am **here** to help.' });
    const row = panel(page).locator('.row.agent', { hasText: 'I am here to help.' });
    await row.waitFor();
    expect(await row.locator('.sender').textContent()).toBe('Alex Agent');
    await row.locator('strong', { hasText: 'here' }).waitFor();
    // Replying marked the visitor's messages read.
    await panel(page).locator('.row.visitor .seen', { hasText: 'Seen' }).waitFor();
    expect(await panel(page).getByRole('img', { name: 'Alex Agent is typing…' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath('widget-people-desktop.png') });

    await send(page, 'Thanks, my order #1001 is late');
    await agentAck(alex.socket, 'conversation:resume-bot', { conversationId });
    await panel(page).locator('.system-line', { hasText: 'You are back with the assistant' }).waitFor();
  });

  it('on a phone, the line and the agent’s messages fit the screen', async () => {
    const page = await suite.open('/', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const alex = await agentOnline('Alex Phone');
    await openChat(page);
    const conversationId = await conversationIdOf(page);
    await send(page, 'human please');
    await panel(page).getByText(/You are number \d+ in line/).waitFor();
    await agentAck(alex.socket, 'conversation:assign', { conversationId, agentId: alex.id });
    await agentAck(alex.socket, 'agent:message', { conversationId, clientId: 'p1', body: 'Hello from the team! How can I help you today?' });
    const row = panel(page).locator('.row.agent', { hasText: 'Hello from the team!' });
    await row.waitFor();
    const box = (await row.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: artifactPath('widget-people-phone.png') });
  });
});
