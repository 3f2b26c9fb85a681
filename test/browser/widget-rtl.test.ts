import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { axeViolations, botSays, conversationIdOf, IMAGE_HOST, settledBox } from '../helpers/widget.js';

/** Languages: chosen by data-locale or the browser's, right to left for Arabic, times by Intl. */
describe('the widget in other languages', () => {
  const suite = browserSuite({
    pages: {
      '/ar': (serverUrl) => ({ body: hostPage(`<main dir="rtl"><h1>متجر القهوة</h1></main>${embedTag(serverUrl, { locale: 'ar', title: 'الدعم' })}`) }),
      '/browser': (serverUrl) => ({ body: hostPage(`<main><h1>Shop</h1></main>${embedTag(serverUrl)}`) }),
    },
    botApi: true,
    images: true,
    context: { locale: 'en-US', viewport: { width: 1280, height: 800 } },
  });

  it('speaks Arabic right to left with data-locale="ar", and passes axe', async () => {
    const page = await suite.open('/ar');
    const launcher = page.getByRole('button', { name: 'فتح الدردشة' });
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'الدعم' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('dir')).toBe('rtl');
    expect(await dialog.getAttribute('lang')).toBe('ar');
    const conversation = page.getByRole('list', { name: 'المحادثة' });
    await conversation.getByText('Welcome to').waitFor();
    expect(await page.getByRole('textbox', { name: 'الرسالة' }).getAttribute('placeholder')).toBe('اكتب رسالة…');
    await page.getByRole('button', { name: 'إغلاق الدردشة' }).waitFor();

    // Bot bubbles start on the right, visitor bubbles on the left.
    await page.getByRole('textbox', { name: 'الرسالة' }).fill('مرحبا');
    await page.getByRole('textbox', { name: 'الرسالة' }).press('Enter');
    const panel = await settledBox(page.locator('confab-widget .panel')); // first: its rise moves the bubbles too
    const visitor = await settledBox(conversation.locator('.row.visitor .bubble').first());
    const bot = await settledBox(conversation.locator('.row.bot .bubble').first());
    expect(bot.x + bot.width).toBeGreaterThan(panel.x + panel.width - 40);
    expect(visitor.x).toBeLessThan(panel.x + 40);

    // Times in the visitor's locale.
    const time = conversation.locator('time').first();
    const iso = (await time.getAttribute('datetime'))!;
    const expected = await page.evaluate(
      (at) => new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit' }).format(new Date(at)),
      iso,
    );
    expect(await time.textContent()).toBe(expected);

    await botSays(suite.server.url, await conversationIdOf(page), [
      {
        name: 'carousel',
        payload: {
          body: 'محاصيلنا',
          fallback: 'محاصيلنا',
          options: [
            { id: 'a', label: 'ضباب الصباح', image_url: `${IMAGE_HOST}/fog.png`, description: 'تحميص خفيف' },
            { id: 'b', label: 'الميناء الداكن', image_url: `${IMAGE_HOST}/harbour.png`, description: 'تحميص داكن' },
          ],
        },
      },
      { name: 'end', payload: {} },
    ]);
    await conversation.getByText('انتهت هذه المحادثة').waitFor();
    await page.getByRole('button', { name: 'بدء محادثة جديدة' }).waitFor();
    await page.getByRole('button', { name: 'التالي' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath('rtl-ar.png'), animations: 'disabled' });
  });

  it('follows the browser language without data-locale', async () => {
    for (const [locale, openChat, placeholder] of [
      ['de-DE', 'Chat öffnen', 'Nachricht schreiben…'],
      ['fr-FR', 'Ouvrir le chat', 'Écrivez un message…'],
      ['es-ES', 'Abrir el chat', 'Escribe un mensaje…'],
      ['it-IT', 'Open chat', 'Write a message…'],
    ] as const) {
      const page = await suite.open('/browser', { locale });
      await page.getByRole('button', { name: openChat, exact: true }).click();
      await expect.poll(() => page.locator('confab-widget textarea').getAttribute('placeholder')).toBe(placeholder);
      expect(await page.locator('confab-widget .panel').getAttribute('dir')).toBe('ltr');
    }
  });
});
