import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { DEMO_TOKEN, newVisitor } from '../helpers/server.js';
import { event, startTestBot } from '../helpers/test-bot.js';
import { typingBefore, widget } from '../helpers/widget.js';

/** A solid-color PNG, so the carousel has real images without fixtures. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

describe("a webhook bot's carousel and delay in the widget", () => {
  const suite = browserSuite({
    context: { viewport: { width: 1280, height: 800 } },
    services: { bot: () => startTestBot(() => ({})) },
  });

  /** Images on the Confab server itself (uploads), which the widget embeds. */
  async function uploadImage(color: [number, number, number]): Promise<string> {
    const { token } = await newVisitor(suite.server.url);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png(320, 180, color))], { type: 'image/png' }), 'roast.png');
    const res = await fetch(`${suite.server.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    expect(res.status).toBe(201);
    return ((await res.json()) as { link: string }).link;
  }

  it('types during the delay, then shows the carousel; a card click reaches the bot', async () => {
    const { bot } = suite.services;
    const images = await Promise.all([uploadImage([214, 160, 96]), uploadImage([140, 82, 45]), uploadImage([70, 40, 25])]);
    const res = await fetch(`${suite.server.url}/api/chatbot/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ bot_type: 'webhook', webhook_url: bot.url, behavior_mode: 'firewall' }),
    });
    expect(res.status).toBe(200);
    bot.setHandler(({ body }) => {
      const { cid } = body.info;
      if (body.packet.name === 'start') {
        return {
          body: [
            event(cid, 'message', { body: 'Let me fetch this week’s roasts…' }),
            event(cid, 'delay', { duration: 1_200, typing: true }),
            event(cid, 'carousel', {
              body: 'Pick one to learn more:',
              fallback: 'Reply with 1, 2 or 3',
              options: [
                { id: 'fog', label: 'Morning Fog', description: 'Light, citrus and honey', image_url: images[0] },
                { id: 'harbour', label: 'Harbour Dark', description: 'Dark, cocoa and smoke', image_url: images[1] },
                { id: 'no7', label: 'Espresso No. 7', description: 'Medium-dark, made for milk', image_url: images[2] },
              ],
            }),
          ],
        };
      }
      if (body.packet.name === 'click') return { body: event(cid, 'message', { body: `Great choice: **${body.packet.payload.value.label}**.` }) };
      return {};
    });

    const page = await suite.open();
    await widget.launcher(page).click();
    const conversation = widget.conversation(page);
    const typing = page.getByRole('img', { name: 'Typing…' });
    await conversation.getByText('Let me fetch this week’s roasts…').waitFor();
    await typingBefore(page, 'Pick one to learn more:');

    await conversation.getByText('Pick one to learn more:').waitFor();
    expect(await typing.count()).toBe(0);
    const cards = conversation.getByRole('list', { name: 'Options' }).getByRole('button');
    expect(await cards.count()).toBe(3);
    await expect.poll(() => page.locator('confab-widget .card img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(320);
    await page.screenshot({ path: artifactPath('webhook-carousel.png') });

    await page.getByRole('button', { name: 'Next' }).click();
    await cards.nth(1).click();
    await conversation.getByText('Harbour Dark', { exact: true }).last().waitFor();
    await conversation.getByText('Great choice:').waitFor();
    const click = bot.calls.find((c) => c.body.packet.name === 'click');
    expect(click?.body.packet.payload).toEqual({ value: { id: 'harbour', label: 'Harbour Dark' } });
    expect(await cards.nth(0).isDisabled()).toBe(true);
  });
});
