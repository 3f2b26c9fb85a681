import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { call } from '../helpers/http.js';
import { openChat, storedVisitor, widget } from '../helpers/widget.js';

/** Visitor tokens in a real Chromium: the owner revokes one while the chat is open. */
describe('a revoked visitor token in the widget', () => {
  const suite = browserSuite();

  it('closes the open chat, and the widget goes on as a new visitor with a new conversation', async () => {
    const page = await suite.open();
    await openChat(page);
    const before = await storedVisitor(page);
    expect(before.visitorId).toBeTruthy();

    const revoked = await call(suite.server.url, 'DELETE', `/api/chatbot/contacts/${before.visitorId}/token`);
    expect(revoked.status).toBe(200);

    // The server closed the socket; the widget connects again, is refused, becomes a new visitor.
    await expect.poll(async () => (await storedVisitor(page)).visitorId).not.toBe(before.visitorId);
    const after = await storedVisitor(page);
    expect(after.token).not.toBe(before.token);
    await expect.poll(async () => (await storedVisitor(page)).conversationId).toBeTruthy();
    expect((await storedVisitor(page)).conversationId).not.toBe(before.conversationId);
    // The new conversation greets the new visitor; nothing says "cannot connect".
    await widget.conversation(page).getByText('Welcome to', { exact: false }).first().waitFor();
    const owner = await suite.server.store.conversations.find((await storedVisitor(page)).conversationId!);
    expect(owner?.visitorId).toBe(after.visitorId);
  });
});
