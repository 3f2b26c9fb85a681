import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { createGate, startFakeProvider, type FakeReply } from '../helpers/fake-ai.js';
import { putSettings } from '../helpers/threads.js';
import { openChat, send, widgetSettled } from '../helpers/widget.js';

/** AI answers in a real Chromium: streamed, reloaded mid-answer, hostile, stopped, and offline on the demo bot. */
describe('AI answers in the widget', () => {
  let reply: () => FakeReply = () => ({ chunks: ['ok'] });
  const suite = browserSuite({
    context: { viewport: { width: 1280, height: 860 } },
    services: { openai: () => startFakeProvider('openai', () => reply()) },
  });

  const useFakeProvider = () =>
    putSettings(suite.server.url, {
      ai_enabled: true,
      ai_provider: 'openai-compatible',
      ai_base_url: suite.services.openai.url,
      ai_model: 'gpt-test',
      ai_follow_ups_enabled: true,
      ai_follow_ups_count: 3,
    });
  const draft = (page: Page) => page.locator('confab-widget .row.bot .draft');
  const draftText = async (page: Page) => (await draft(page).textContent())?.trim();
  const answerRow = (page: Page, text: string) => page.locator('confab-widget .row.bot:not(:has(.draft))', { hasText: text });

  it('renders a streamed answer progressively; a reload mid-answer shows the text so far, then the answer once, with its sources', async () => {
    await useFakeProvider();
    const gate = createGate();
    reply = () => ({ chunks: ['Yes: our ', '**Quiet Harbour** decaf', ' is Swiss Water processed.', '\n\nIt tastes of *milk chocolate*.\nFOLLOW-UPS:\n- Is it organic?'], gate });
    const page = await suite.open();
    await openChat(page);
    await send(page, 'Do you have decaf?');
    // The typing indicator until the first token.
    await page.getByRole('img', { name: 'Typing…' }).waitFor();
    gate.release();
    await expect.poll(() => draftText(page)).toBe('Yes: our');
    gate.release();
    await expect.poll(() => draft(page).locator('strong').textContent()).toBe('Quiet Harbour');
    expect(await page.getByRole('img', { name: 'Typing…' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).waitFor();

    await page.reload();
    await expect.poll(() => draftText(page), { timeout: 10_000 }).toBe('Yes: our Quiet Harbour decaf');
    gate.release(2);
    const answer = answerRow(page, 'Swiss Water processed');
    await answer.waitFor();
    expect(await draft(page).count()).toBe(0);
    expect(await page.locator('confab-widget .row.bot', { hasText: 'Swiss Water processed' }).count()).toBe(1);
    expect(await answer.locator('em').textContent()).toBe('milk chocolate');
    expect(await answer.textContent()).not.toContain('FOLLOW-UPS');
    expect(await page.locator('confab-widget .sources').textContent()).toContain('Decaf and caffeine');
    // The follow-up is a quick reply that sends itself as the visitor's message.
    await page.getByRole('button', { name: 'Is it organic?' }).click();
    await page.locator('confab-widget .row.visitor', { hasText: 'Is it organic?' }).waitFor();
  });

  it('never runs hostile markdown in a streamed answer, while it streams nor once stored', async () => {
    await useFakeProvider();
    const gate = createGate();
    const parts = ['Hi <img src=x onerror="window.pwned=1">', ' <script>window.pwned=2</script>', ' [click](javascript:window.pwned=3)', ' <a href="javascript:window.pwned=4" onclick="window.pwned=5">y</a> done'];
    reply = () => ({ chunks: parts, gate });
    const page = await suite.open();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openChat(page);
    await send(page, 'Do you have decaf?');
    const unsafe = () =>
      page.locator('confab-widget').evaluate((host) =>
        host.shadowRoot!.querySelectorAll('script, [onerror], [onclick], a[href^="javascript"], iframe, object, embed').length,
      );
    for (let i = 1; i <= parts.length; i++) {
      gate.release();
      if (i < parts.length) await expect.poll(() => draftText(page)).toContain(['Hi', 'Hi', 'click', 'done'][i - 1]!);
      expect(await unsafe()).toBe(0);
    }
    const answer = answerRow(page, 'done');
    await answer.waitFor();
    await answer.getByText('click').click({ trial: true });
    expect(await unsafe()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('Stop ends the answer where it is, and says it was stopped', async () => {
    await useFakeProvider();
    const gate = createGate();
    reply = () => ({ chunks: ['One, ', 'two, ', 'three.'], gate });
    const page = await suite.open();
    await openChat(page);
    await send(page, 'Do you have decaf?');
    gate.release();
    await expect.poll(() => draftText(page)).toBe('One,');
    await page.getByRole('button', { name: 'Stop' }).click();
    const answer = answerRow(page, 'One,');
    await answer.locator('.answer-note', { hasText: 'Stopped' }).waitFor();
    expect(await draft(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
  });

  it('the demo bot answers offline from its AI contexts, quoted with its source (desktop screenshot)', async () => {
    await putSettings(suite.server.url, { ai_enabled: true, ai_provider: 'extractive', ai_base_url: null, ai_model: null });
    const page = await suite.open();
    await openChat(page);
    await send(page, 'Can I pay with PayPal?');
    const answer = answerRow(page, 'We accept Visa');
    await answer.waitFor();
    expect(await answer.locator('blockquote').count()).toBe(1);
    expect(await page.locator('confab-widget .sources').textContent()).toContain('Payment methods');
    await page.getByRole('button', { name: 'Can I pay by invoice?' }).waitFor();
    await widgetSettled(page);
    await page.screenshot({ path: artifactPath('ai-answer-desktop.png') });
  });
});
