import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { axeViolations, botSays, conversationIdOf, IMAGE_HOST, send, settledBox, widget } from '../helpers/widget.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** In the page, before its scripts: a visualViewport that `__keyboard(height)` shrinks. */
function fakeKeyboard() {
  let keyboard = 0;
  const fake = new EventTarget();
  Object.defineProperties(fake, {
    height: { get: () => window.innerHeight - keyboard },
    width: { get: () => window.innerWidth },
    offsetTop: { get: () => 0 },
  });
  Object.defineProperty(window, 'visualViewport', { value: fake, configurable: true });
  (window as unknown as { __keyboard(height: number): void }).__keyboard = (height) => {
    keyboard = height;
    fake.dispatchEvent(new Event('resize'));
  };
}

/**
 * A phone-sized viewport: the panel takes the whole screen, inputs are at least 16px (no zoom
 * on focus in iOS Safari), and the panel follows the visual viewport so the on-screen keyboard
 * never covers the composer.
 */
describe('the widget on a phone', () => {
  const suite = browserSuite({
    pages: {
      '/': (serverUrl) => ({ body: hostPage(`<main><h1>Northwind</h1><p>${'Coffee. '.repeat(400)}</p></main>${embedTag(serverUrl, { primaryColor: '#7c3aed' })}`) }),
    },
    botApi: true,
    images: true,
    context: PHONE,
  });

  /** A phone page whose visualViewport the test controls (the on-screen keyboard, simulated). */
  const openPhone = () => suite.open('/', {}, (page) => page.addInitScript(fakeKeyboard));

  it('opens full screen, with 16px inputs, and passes axe', async () => {
    const page = await openPhone();
    await widget.launcher(page).tap();
    await widget.conversation(page).getByText('Welcome to').waitFor();
    const panel = await settledBox(widget.panel(page));
    expect(panel).toBeNear({ x: 0, y: 0, width: 390, height: 844 });
    const fontSizes = await page.evaluate(() =>
      Array.from(document.querySelector('confab-widget')!.shadowRoot!.querySelectorAll('textarea, input, select')).map(
        (el) => parseFloat(getComputedStyle(el).fontSize),
      ),
    );
    expect(fontSizes.length).toBeGreaterThan(0);
    for (const size of fontSizes) expect(size).toBeGreaterThanOrEqual(16);

    await send(page, 'coffee');
    await widget.conversation(page).getByText('Harbour Dark').waitFor();
    await botSays(suite.server.url, await conversationIdOf(page), [
      {
        name: 'carousel',
        payload: {
          fallback: 'Roasts',
          options: [
            { id: 'fog', label: 'Morning Fog', image_url: `${IMAGE_HOST}/fog.png`, description: 'Light, citrus and honey' },
            { id: 'dark', label: 'Harbour Dark', image_url: `${IMAGE_HOST}/harbour.png`, description: 'Dark, cocoa and smoke' },
          ],
        },
      },
    ]);
    await page.getByRole('button', { name: /Morning Fog/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath('phone-open.png'), animations: 'disabled' });
  });

  it('keeps the composer above the on-screen keyboard', async () => {
    const page = await openPhone();
    await widget.launcher(page).tap();
    await widget.composer(page).tap();
    await page.evaluate(() => (window as unknown as { __keyboard(height: number): void }).__keyboard(336));
    await expect.poll(async () => (await widget.panel(page).boundingBox())?.height).toBeNear(844 - 336);
    const composer = await settledBox(widget.composer(page));
    expect(composer.y + composer.height).toBeLessThanOrEqual(844 - 336);
    await page.screenshot({ path: artifactPath('phone-keyboard.png'), animations: 'disabled' });

    await page.evaluate(() => (window as unknown as { __keyboard(height: number): void }).__keyboard(0));
    await expect.poll(async () => (await widget.panel(page).boundingBox())?.height).toBeNear(844);
  });

  it('closes from the header and gives the page back', async () => {
    const page = await openPhone();
    await widget.launcher(page).tap();
    await page.getByRole('button', { name: 'Close chat' }).tap();
    await widget.panel(page).waitFor({ state: 'hidden' });
    expect(await widget.launcher(page).isVisible()).toBe(true);
  });
});
