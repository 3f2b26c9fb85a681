import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { hostPage } from '../helpers/host-page.js';
import { call } from '../helpers/http.js';
import { conversationIdOf, openChat, storedVisitor, widget } from '../helpers/widget.js';

/** The embed tag with data-user-* attributes from the page's query string, as a site's template would print them. */
const signedInPage = (serverUrl: string) =>
  hostPage(`<h1>Account</h1><script>
  var q = new URLSearchParams(location.search);
  var s = document.createElement('script');
  s.src = ${JSON.stringify(`${serverUrl}/widget.js`)};
  s.async = true;
  s.dataset.botKey = 'demo';
  s.dataset.userId = q.get('id');
  s.dataset.userName = 'Grace Hopper';
  if (q.get('hash')) s.dataset.userHash = q.get('hash');
  document.body.append(s);
</script>`);

describe('identity verification in the widget', () => {
  const suite = browserSuite({
    pages: {
      '/account': (serverUrl) => ({ body: signedInPage(serverUrl) }),
      '/plain': (serverUrl) => ({ body: hostPage(`<h1>Shop</h1><script src="${serverUrl}/widget.js" data-bot-key="demo" async></script>`) }),
    },
  });

  const admin = (method: string, path: string, body?: unknown) => call(suite.server.url, method, path, { body });
  const hashOf = async (externalId: string) => {
    const secret = (await admin('GET', '/api/chatbot/identity-verification')).json.data.secret as string;
    return createHmac('sha256', secret).update(externalId).digest('hex');
  };
  /** A conversation the site's server started for its user over the API channel (001). */
  const apiConversation = async (externalId: string, body: string) =>
    (
      await admin('POST', '/api/v1/conversations', {
        channel: 'API',
        message: { data: { body }, type: 'text' },
        bot_key: 'demo',
        from: { user_external_id: externalId, type: 'VISITOR' },
      })
    ).json.conversation.id as string;
  const chatUserOf = async (page: Page) =>
    (await admin('GET', `/api/v1/chatbots/demo/threads/${await conversationIdOf(page)}`)).json.data.thread.chatUser as { id: string; name: string | null; verified: boolean } | null;

  it('data-user-id with data-user-hash proves the user: the chat joins the contact the API channel made', async () => {
    const theirs = await apiConversation('acct-501', 'asked on the phone app');
    const contactId = (await suite.server.store.conversations.find(theirs))!.visitorId;
    const page = await suite.open(`/account?id=acct-501&hash=${await hashOf('acct-501')}`);
    await openChat(page);
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await expect.poll(() => chatUserOf(page)).toMatchObject({ id: contactId, name: 'Grace Hopper', verified: true });
    // The browser keeps its own visitor token, which now stands for that contact.
    const { visitorId } = await storedVisitor(page);
    expect((await suite.server.store.visitors.current(visitorId!))?.id).toBe(contactId);
  });

  it('data-user-id without its hash is no proof: the chat stays this visitor’s own, the name unverified', async () => {
    const theirs = await apiConversation('acct-502', 'private to acct-502');
    const contactId = (await suite.server.store.conversations.find(theirs))!.visitorId;
    const page = await suite.open('/account?id=acct-502');
    await openChat(page);
    await widget.conversation(page).getByText('Welcome to').waitFor();
    const { visitorId } = await storedVisitor(page);
    await expect.poll(() => chatUserOf(page)).toMatchObject({ id: visitorId, name: 'Grace Hopper', verified: false });
    expect(visitorId).not.toBe(contactId);
    expect(await widget.conversation(page).getByText('private to acct-502').count()).toBe(0);
  });

  it('Confab.identify with user_hash proves the user; a wrong hash is refused and says so in the console', async () => {
    const page = await suite.open('/plain');
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await openChat(page);
    await widget.conversation(page).getByText('Welcome to').waitFor();
    await page.evaluate(() => (window.Confab as import('../../widget/contract.js').ConfabApi).identify({ external_id: 'acct-503', user_hash: '0'.repeat(64), name: 'Mallory' }));
    await expect.poll(() => warnings.join('\n')).toContain('user_hash');
    expect(await chatUserOf(page)).toBeNull();

    const hash = await hashOf('acct-503');
    await page.evaluate((h) => (window.Confab as import('../../widget/contract.js').ConfabApi).identify({ external_id: 'acct-503', user_hash: h, name: 'Grace' }), hash);
    await expect.poll(() => chatUserOf(page)).toMatchObject({ name: 'Grace', verified: true });
    const theirs = await apiConversation('acct-503', 'from the server later');
    const { visitorId } = await storedVisitor(page);
    expect((await suite.server.store.conversations.find(theirs))!.visitorId).toBe(visitorId);
  });
});
