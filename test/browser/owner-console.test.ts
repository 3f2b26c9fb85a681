import type { FrameLocator, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOwner } from '../../server/identity/owner-accounts.js';
import { connectAgent } from '../helpers/agent-client.js';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { hostPage } from '../helpers/host-page.js';
import { call } from '../helpers/http.js';
import { tabTo } from '../helpers/keyboard.js';
import { axeViolations, send, widget } from '../helpers/widget.js';

const OWNER = { email: 'owner@example.com', password: 'the owner password' };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The owner's side of /console in a real Chromium, against a real server: sign in, bots, API keys. */
describe('the owner console', () => {
  const suite = browserSuite({ server: { owner: OWNER }, pages: {}, context: DESKTOP });
  const consoleUrl = () => `${suite.server.url}/console`;
  const config = (page: Page) => page.getByRole('navigation', { name: 'Bot configuration' });
  const preview = (page: Page): FrameLocator => page.frameLocator('iframe[title="Live preview of the widget"]');

  /** From the agent's form to the owner's, from the keyboard: the email field has the focus. */
  async function signIn(page: Page, password = OWNER.password, email = OWNER.email): Promise<void> {
    await page.getByRole('button', { name: 'Own a bot? Use your email and password' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('owner-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  }

  const ownerToken = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('confab-owner-session')!).token as string);

  const botIdOf = async (page: Page, name: string): Promise<string> =>
    (await call(suite.server.url, 'GET', '/api/console/bots', { token: await ownerToken(page) })).json.data.find((b: { name: string }) => b.name === name).id;

  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('signs an owner in, creates a bot, creates a key, revokes it, deletes the bot', async () => {
    const page = await suite.open(consoleUrl());
    await signIn(page, 'not the password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-sign-in.png') });
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();

    // A bot: its admin token (shown once) works on the API, its snippet names its key.
    await page.getByLabel('Bot name').fill('Help Desk');
    await page.getByRole('button', { name: 'Create bot' }).click();
    const created = page.getByRole('region', { name: 'Help Desk created' });
    const adminToken = await created.getByRole('textbox', { name: 'Admin token' }).inputValue();
    expect(adminToken).toMatch(/^cfb_/);
    const snippet = await created.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
    const botKey = /data-bot-key="([a-z0-9-]+)"/.exec(snippet)![1]!;
    expect(snippet).toContain(`${suite.server.url}/widget.js`);
    expect((await call(suite.server.url, 'GET', '/api/chatbot/settings', { token: adminToken })).status).toBe(200);
    await page.getByRole('list', { name: 'Bots' }).getByText('Help Desk').waitFor();
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-bots.png') });

    // Its API keys: a threads key, shown once with a copy button, works on 002 and not on 001.
    await page.getByRole('button', { name: 'Open Help Desk' }).click();
    await page.getByRole('heading', { level: 1, name: /Help Desk/ }).waitFor();
    // A bot opens on its configuration, reached with the owner's session (X-Confab-Bot).
    const sections = page.getByRole('navigation', { name: 'Bot sections' });
    expect(await sections.getByRole('button', { name: 'Configuration' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('navigation', { name: 'Bot configuration' }).waitFor();
    await sections.getByRole('button', { name: 'API keys' }).click();
    expect(await sections.getByRole('button', { name: 'API keys' }).getAttribute('aria-current')).toBe('page');
    await page.getByText('No API keys yet.').waitFor();
    await page.getByLabel('Key name').fill('CRM sync');
    await page.getByRole('checkbox', { name: /^Threads/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('region', { name: 'Key CRM sync created' });
    const key = await shown.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(key).toMatch(/^cfk_/);
    await shown.getByRole('button', { name: 'Copy API key' }).click();
    await expect.poll(() => shown.getByRole('status').textContent()).toMatch(/Copied|Selected/);
    const keys = page.getByRole('list', { name: 'API keys' });
    await keys.getByText(`${key.slice(0, 12)}…`).waitFor();
    expect(await keys.getByText(/Threads · created/).count()).toBe(1);
    expect((await call(suite.server.url, 'GET', `/api/v1/chatbots/${botKey}/threads`, { token: key })).status).toBe(200);
    expect((await call(suite.server.url, 'GET', '/api/chatbot/settings', { token: key })).status).toBe(403);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-api-keys.png') });

    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page.getByText('No API keys yet.').waitFor();
    expect((await call(suite.server.url, 'GET', `/api/v1/chatbots/${botKey}/threads`, { token: key })).status).toBe(401);

    // Deleting asks first; then the bot, its token and its widget are gone.
    await page.getByRole('button', { name: '← All bots' }).click();
    await page.getByRole('button', { name: 'Delete Help Desk' }).click();
    const confirm = page.getByRole('group', { name: 'Delete Help Desk?' });
    expect(await axeViolations(page, null)).toEqual([]);
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('button', { name: 'Delete Help Desk' }).click();
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    // Its row goes (the list may hold other tests' bots: "No bots yet" only when this one ran first).
    await page.getByRole('button', { name: 'Delete Help Desk' }).waitFor({ state: 'detached' });
    expect((await call(suite.server.url, 'GET', '/api/chatbot/settings', { token: adminToken })).status).toBe(401);
    expect((await fetch(`${suite.server.url}/api/widget/config?botKey=${botKey}`)).status).toBe(404);

    // Signed in across a reload; signing out ends the session on the server too.
    await page.reload();
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    const session = await page.evaluate(() => JSON.parse(localStorage.getItem('confab-owner-session')!).token as string);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'Token' }).waitFor();
    expect((await call(suite.server.url, 'GET', '/api/console/me', { token: session })).status).toBe(401);
  });

  it('takes an owner from a new bot to a chat on their own page: a keyword rule, tested, tried in the preview, the copied snippet embedded', async () => {
    const page = await suite.open(consoleUrl());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    await signIn(page);
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.getByLabel('Bot name').fill('Corner Café');
    await page.getByRole('button', { name: 'Create bot' }).click();
    const created = await page.getByRole('region', { name: 'Corner Café created' }).getByRole('textbox', { name: 'Embed snippet' }).inputValue();
    const botKey = /data-bot-key="([a-z0-9-]+)"/.exec(created)![1]!;
    await page.getByRole('button', { name: 'Open Corner Café' }).click();
    await config(page).waitFor();

    // A rule of this bot, made in the rules view, and the tester says it is the one that answers.
    await config(page).getByRole('button', { name: 'Keyword rules' }).click();
    await page.getByText('No keyword rules yet.').waitFor();
    await page.getByRole('button', { name: 'New keyword rule' }).click();
    const form = page.getByRole('form', { name: 'New keyword rule' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Opening hours');
    await form.getByRole('textbox', { name: 'Keywords' }).fill('opening hours\nwhen are you open');
    await form.getByRole('textbox', { name: 'Response (markdown)' }).fill('We are open from **8 am to 6 pm**, every day.');
    await form.getByRole('button', { name: 'Create keyword rule' }).click();
    await page.getByRole('list', { name: 'Keyword rules' }).getByRole('button', { name: 'Opening hours' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('What are your opening hours?');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => page.locator('.tester-result').textContent()).toContain('Keyword rule: Opening hours (contains, keyword “opening hours”)');

    // The live preview runs the real widget of this bot: the rule answers there.
    await config(page).getByRole('button', { name: 'Settings' }).click();
    const inPreview = preview(page);
    await inPreview.getByRole('textbox', { name: 'Message' }).fill('When are you open on Sunday?');
    await inPreview.getByRole('textbox', { name: 'Message' }).press('Enter');
    await inPreview.getByRole('list', { name: 'Conversation' }).getByText('8 am to 6 pm').waitFor();

    // The snippet builder's copy button puts this bot's tag on the clipboard, with what the owner set.
    await config(page).getByRole('button', { name: 'Embed snippet' }).click();
    await page.getByRole('textbox', { name: 'Title (data-title)' }).fill('Corner Café help');
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(await page.locator('#embed-snippet').textContent());
    expect(snippet).toContain(`data-bot-key="${botKey}"`);
    expect(snippet).toContain('data-title="Corner Café help"');

    // That exact tag on the owner's own site (another origin): a visitor chats, the rule answers.
    suite.site.set('/cafe', { body: hostPage(`<main><h1>Corner Café</h1></main>${snippet}`) });
    const cafe = await suite.open('/cafe');
    await widget.launcher(cafe).click();
    await cafe.getByRole('dialog', { name: 'Corner Café help' }).waitFor();
    await send(cafe, 'what are your opening hours?');
    // The rule's markdown, rendered (the markdown chunk loads when a message first needs it).
    await widget.conversation(cafe).locator('strong', { hasText: '8 am to 6 pm' }).waitFor();
    await cafe.screenshot({ path: artifactPath('owner-journey-host-page.png') });
  });

  it('is usable at phone width: no sideways scrolling, axe clean', async () => {
    const page = await suite.open(consoleUrl(), PHONE);
    await signIn(page);
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.getByLabel('Bot name').fill('Phone bot with a rather long name');
    await page.getByRole('button', { name: 'Create bot' }).tap();
    await page.getByRole('region', { name: /created/ }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-bots-phone.png'), fullPage: true });

    await page.getByRole('button', { name: /^Open Phone bot/ }).tap();
    await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('button', { name: 'API keys' }).tap();
    await page.getByLabel('Key name').fill('Phone key');
    await page.getByRole('checkbox', { name: /^Configuration/ }).tap();
    await page.getByRole('button', { name: 'Create key' }).tap();
    await page.getByRole('region', { name: 'Key Phone key created' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-api-keys-phone.png'), fullPage: true });
  });

  it('manages a bot’s teams and agents from the keyboard with the owner’s session: a new agent’s token, shown once, opens the console socket', async () => {
    const page = await suite.open(consoleUrl());
    // By keyboard: focus, then Enter, as a keyboard user works the forms.
    const pressEnterOn = async (target: Locator) => {
      await target.focus();
      await page.keyboard.press('Enter');
    };
    await signIn(page);
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.getByLabel('Bot name').focus();
    await page.keyboard.type('People bot');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'People bot created' }).waitFor();
    await pressEnterOn(page.getByRole('button', { name: 'Open People bot' }));
    const config = page.getByRole('navigation', { name: 'Bot configuration' });
    await pressEnterOn(config.getByRole('button', { name: 'Agents, teams and canned responses' }));

    // A team first: the agent form offers it.
    await pressEnterOn(page.getByRole('button', { name: 'New team' }));
    const teamForm = page.getByRole('form', { name: 'New team' });
    await teamForm.getByRole('textbox', { name: 'Name' }).focus();
    await page.keyboard.type('Care');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Teams' }).getByRole('button', { name: 'Care' }).waitFor();

    await pressEnterOn(page.getByRole('button', { name: 'New agent' }));
    const agentForm = page.getByRole('form', { name: 'New agent' });
    await agentForm.getByRole('textbox', { name: 'Name' }).focus();
    await page.keyboard.type('Ana Lima');
    await agentForm.getByRole('checkbox', { name: 'Care' }).focus();
    await page.keyboard.press('Space');
    expect(await agentForm.getByRole('checkbox', { name: 'Care' }).isChecked()).toBe(true);
    await pressEnterOn(agentForm.getByRole('button', { name: 'Create agent' }));
    const shown = page.getByRole('alert').filter({ hasText: 'console token' });
    const token = (await shown.locator('code').textContent())!;
    expect(token).toMatch(/^cfa_/);
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-agents.png'), fullPage: true });
    await shown.getByRole('button', { name: 'Done' }).press('Enter');
    expect(await page.getByText(token).count()).toBe(0);

    // The agent is the bot's, in its team, and the token signs a console in.
    const bot = (await call(suite.server.url, 'GET', '/api/console/bots', { token: await ownerToken(page) })).json.data.find((b: { name: string }) => b.name === 'People bot');
    const agents = await call(suite.server.url, 'GET', '/api/chatbot/agents', { token: await ownerToken(page), headers: { 'X-Confab-Bot': bot.id } });
    expect(agents.json.data.items).toEqual([expect.objectContaining({ name: 'Ana Lima', teams: [expect.any(String)] })]);
    const socket = await connectAgent(suite.server.url, { token }, { Origin: suite.server.url });
    socket.close();
  });

  it('works from the keyboard alone in settings, rules, appearance, embed and API keys, the focus always shown', async () => {
    const page = await suite.open(consoleUrl());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    // Every Tab stop on the way to a control where the focus did not show, to be none.
    const unseen: string[] = [];
    const reach = async (target: Locator) => void unseen.push(...(await tabTo(page, target)));
    const press = async (target: Locator, key: 'Enter' | 'Space') => {
      await reach(target);
      await page.keyboard.press(key);
    };
    await signIn(page);
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await reach(page.getByLabel('Bot name'));
    await page.keyboard.type('Keyboard bot');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Keyboard bot created' }).waitFor();
    await press(page.getByRole('button', { name: 'Open Keyboard bot' }), 'Enter');
    await config(page).waitFor();

    // Settings: the greeting, saved with the Save button; the preview's new visitor is greeted so.
    const greeting = page.getByRole('textbox', { name: 'Greeting', exact: true });
    await reach(greeting);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Typed, not clicked.');
    await press(page.getByRole('button', { name: 'Save', exact: true }), 'Enter');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // Saved, the button has nothing more to do but keeps the focus (aria-disabled, not disabled).
    const saveButton = page.getByRole('button', { name: 'Save', exact: true });
    expect(await saveButton.getAttribute('aria-disabled')).toBe('true');
    expect(await saveButton.evaluate((button) => button === document.activeElement)).toBe(true);
    await preview(page).getByText('Typed, not clicked.').waitFor();
    // On into the preview: the real widget of a bot with no colors of its own shows its focus too.
    await reach(page.locator('iframe[title="Live preview of the widget"]'));

    // Keyword rules: a new rule from its form, created with Space, then tried in the tester with Enter.
    await press(config(page).getByRole('button', { name: 'Keyword rules' }), 'Enter');
    await press(page.getByRole('button', { name: 'New keyword rule' }), 'Enter');
    const form = page.getByRole('form', { name: 'New keyword rule' });
    await reach(form.getByRole('textbox', { name: 'Name' }));
    await page.keyboard.type('Cold brew');
    await reach(form.getByRole('textbox', { name: 'Keywords' }));
    await page.keyboard.type('cold brew');
    await reach(form.getByRole('textbox', { name: 'Response (markdown)' }));
    await page.keyboard.type('Cold brew is on tap all day.');
    await press(form.getByRole('button', { name: 'Create keyword rule' }), 'Space');
    await page.getByRole('list', { name: 'Keyword rules' }).getByRole('button', { name: 'Cold brew' }).waitFor();
    await reach(page.getByRole('textbox', { name: 'Message' }));
    await page.keyboard.type('Any cold brew today?');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.tester-result').textContent()).toContain('Keyword rule: Cold brew');

    // Appearance: a primary color typed in and saved.
    await press(config(page).getByRole('button', { name: 'Appearance' }), 'Enter');
    await reach(page.getByRole('textbox', { name: 'Primary color', exact: true }));
    await page.keyboard.type('#0f766e');
    await press(page.getByRole('button', { name: 'Save', exact: true }), 'Enter');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const settings = await call(suite.server.url, 'GET', '/api/chatbot/settings', { token: await ownerToken(page), headers: { 'X-Confab-Bot': await botIdOf(page, 'Keyboard bot') } });
    expect(settings.json.data.appearance.primary_color).toBe('#0f766e');

    // Embed snippet: copied with Space.
    await press(config(page).getByRole('button', { name: 'Embed snippet' }), 'Enter');
    await press(page.getByRole('button', { name: 'Copy snippet' }), 'Space');
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('<script src=');

    // API keys: a name, a scope ticked with Space, created with Enter, then copied.
    await press(page.getByRole('navigation', { name: 'Bot sections' }).getByRole('button', { name: 'API keys' }), 'Enter');
    await reach(page.getByLabel('Key name'));
    await page.keyboard.type('Keyboard key');
    await press(page.getByRole('checkbox', { name: /^Configuration/ }), 'Space');
    expect(await page.getByRole('checkbox', { name: /^Configuration/ }).isChecked()).toBe(true);
    await press(page.getByRole('button', { name: 'Create key' }), 'Enter');
    const shown = page.getByRole('region', { name: 'Key Keyboard key created' });
    await press(shown.getByRole('button', { name: 'Copy API key' }), 'Enter');
    await expect.poll(() => shown.getByRole('status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await shown.getByRole('textbox', { name: 'API key' }).inputValue());

    expect(unseen).toEqual([]);
  });

  it('changes the password from the keyboard: this browser stays signed in, another one is signed out', async () => {
    const owner = { email: 'second@example.com', name: 'Second', password: 'the second password' };
    await createOwner(suite.server.store, owner, new Date());
    const elsewhere = await suite.open(consoleUrl());
    await signIn(elsewhere, owner.password, owner.email);
    await elsewhere.getByRole('heading', { name: 'Your bots' }).waitFor();
    const page = await suite.open(consoleUrl());
    await signIn(page, owner.password, owner.email);
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();

    await page.getByRole('button', { name: 'Account' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('account-title');
    await page.getByLabel('Current password').focus();
    await page.keyboard.type('not the password');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a new password here');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a new password, typo');
    expect(await page.getByText('The two new passwords differ.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(true);
    await page.getByLabel('New password, again').fill('a new password here');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not the current password');

    await page.getByLabel('Current password').fill(owner.password);
    await page.getByLabel('Current password').press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Password changed. 1 other session was signed out.');
    expect(await axeViolations(page, null)).toEqual([]);
    await page.screenshot({ path: artifactPath('owner-account.png') });

    // The other browser is out at its next request; this one goes on.
    await elsewhere.reload();
    await elsewhere.getByRole('textbox', { name: 'Token' }).waitFor();
    await page.getByRole('button', { name: '← All bots' }).click();
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    expect((await call(suite.server.url, 'POST', '/api/console/session', { body: { email: owner.email, password: 'a new password here' } })).status).toBe(200);
    expect((await call(suite.server.url, 'POST', '/api/console/session', { body: { email: owner.email, password: owner.password } })).status).toBe(401);
  });
});
