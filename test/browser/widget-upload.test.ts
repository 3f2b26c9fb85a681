import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { embedTag, hostPage } from '../helpers/host-page.js';
import { DEMO_TOKEN } from '../helpers/server.js';
import { axeViolations, configApplied, openChat, sampleFiles, widget } from '../helpers/widget.js';

/** Visitors send images and PDFs: picker, paste and drag-and-drop, within the bot's limits. */
describe('file uploads from the visitor', () => {
  const suite = browserSuite({
    pages: { '/': (serverUrl) => ({ body: hostPage(`<main><h1>Shop</h1></main>${embedTag(serverUrl)}`) }) },
    context: { viewport: { width: 1280, height: 800 } },
  });
  afterEach(() => uploadLimits(5 * 1024 * 1024, ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']));

  async function uploadLimits(maxBytes: number, types?: string[]) {
    const res = await fetch(`${suite.server.url}/api/chatbot/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ upload_max_bytes: maxBytes, ...(types ? { upload_types: types } : {}) }),
    });
    if (!res.ok) throw new Error(`PUT settings answered ${res.status}: ${await res.text()}`);
  }

  async function openSiteChat(): Promise<Page> {
    // A new context each time (suite.open's): the bot's config is cached by the browser for a minute.
    const page = await suite.open();
    await openChat(page);
    return page;
  }

  /** Drops or pastes files on the panel the way a browser does, with a real DataTransfer. */
  async function dataTransferEvent(page: Page, kind: 'drop' | 'paste', files: Array<{ name: string; type: string; base64: string }>) {
    await page.evaluate(
      ({ kind, files }) => {
        const root = document.querySelector('confab-widget')!.shadowRoot!;
        const transfer = new DataTransfer();
        for (const f of files) {
          const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
          transfer.items.add(new File([bytes], f.name, { type: f.type }));
        }
        if (kind === 'paste') {
          root.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
          return;
        }
        const panel = root.querySelector('.panel')!;
        panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { kind, files },
    );
  }

  it('sends an image picked with the file button; it shows as a thumbnail and survives a reload', async () => {
    const page = await openSiteChat();
    const { png } = await sampleFiles(page);
    await page.getByRole('button', { name: 'Attach a file' }).waitFor();
    await page.locator('confab-widget input[type="file"]').setInputFiles({ name: 'latte.png', mimeType: 'image/png', buffer: png });
    const thumbnail = widget.conversation(page).locator('.row.visitor').getByRole('button', { name: 'Show latte.png larger' });
    await thumbnail.waitFor();
    const src = await thumbnail.locator('img').getAttribute('src');
    expect(src).toMatch(new RegExp(`^${suite.server.url}/uploads/`));
    await expect.poll(() => thumbnail.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath('upload-image.png'), animations: 'disabled' });

    await page.reload();
    await widget.conversation(page).locator('.row.visitor').getByRole('button', { name: 'Show latte.png larger' }).waitFor();
  });

  it('sends a PDF dropped on the panel and an image pasted into the composer', async () => {
    const page = await openSiteChat();
    const { png, pdf } = await sampleFiles(page);
    await page.getByRole('button', { name: 'Attach a file' }).waitFor();
    await dataTransferEvent(page, 'drop', [{ name: 'invoice.pdf', type: 'application/pdf', base64: pdf.toString('base64') }]);
    const chip = widget.conversation(page).locator('.row.visitor').getByRole('link', { name: /invoice\.pdf/ });
    await chip.waitFor();
    expect(await chip.getAttribute('href')).toMatch(new RegExp(`^${suite.server.url}/uploads/`));

    await dataTransferEvent(page, 'paste', [{ name: 'screenshot.png', type: 'image/png', base64: png.toString('base64') }]);
    await widget.conversation(page).locator('.row.visitor').getByRole('button', { name: 'Show screenshot.png larger' }).waitFor();
    expect(await widget.composer(page).inputValue()).toBe('');
  });

  it('refuses files over the limit before uploading, and says why', async () => {
    await uploadLimits(1000);
    const page = await openSiteChat();
    const { png } = await sampleFiles(page);
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/widget/uploads')) uploads.push(request.url());
    });
    await page.getByRole('button', { name: 'Attach a file' }).waitFor();
    await page.locator('confab-widget input[type="file"]').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: png });
    await widget.conversation(page).getByText(/Not sent: big\.png is larger than 1 kB/).waitFor();
    expect(uploads).toEqual([]);
  });

  it("shows the server's refusal of a file whose content is not what its name says", async () => {
    const page = await openSiteChat();
    await page.getByRole('button', { name: 'Attach a file' }).waitFor();
    await page.locator('confab-widget input[type="file"]').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await widget.conversation(page).getByText(/Not sent: this kind of file is not accepted/).waitFor();
  });

  it('hides the file button when the bot takes no uploads', async () => {
    await uploadLimits(0);
    const page = await openSiteChat();
    await configApplied(page); // the button shows, or not, once the config says
    expect(await page.getByRole('button', { name: 'Attach a file' }).count()).toBe(0);
  });
});
