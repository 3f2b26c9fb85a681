import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedFile, VisitorEventRequest } from '../../shared/index.js';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/server.js';
import { startTestBot } from '../helpers/test-bot.js';
import { putSettings, threadMessages } from '../helpers/threads.js';
import { ack, testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

/** A real 1×1 PNG, so that the upload's type is found in its content. */
function onePixelPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 200, 120, 60]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('a visitor’s media event (issue 14, item 5)', () => {
  let server: RunningServer;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    // The server's public name differs from the address the tests reach it at, as behind a proxy.
    server = await startTestServer({ publicUrl: 'https://chat.example.com' });
    bot = await startTestBot(() => ({}));
    await putSettings(server.url, { bot_type: 'webhook', webhook_url: bot.url, webhook_retries: 0 });
  });
  afterEach(() => {
    for (const v of visitors.splice(0)) v.close();
  });
  afterAll(async () => {
    await bot?.close();
    await server?.close();
  });

  async function visitorWithUpload() {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(onePixelPng())], { type: 'text/plain' }), 'receipt.png');
    const res = await fetch(`${server.url}/api/widget/uploads?botKey=demo`, { method: 'POST', headers: { Authorization: `Bearer ${v.identity.token}` }, body: form });
    expect(res.status).toBe(201);
    return { v, conversationId: conversation.id, upload: (await res.json()) as UploadedFile };
  }

  const media = (conversationId: string, link: string): VisitorEventRequest => ({
    conversationId,
    clientId: crypto.randomUUID(),
    packet: { name: 'media', payload: { link, type: 'video', name: 'invoice.exe', size: 1 } },
  });

  it('answers an upload with its link under PUBLIC_URL, not the name the request used', async () => {
    const { upload } = await visitorWithUpload();
    expect(upload).toMatchObject({ type: 'image', name: 'receipt.png' });
    expect(upload.link).toMatch(/^https:\/\/chat\.example\.com\/uploads\/[\w-]+\.png$/);
    // Served as an inert document of its own type: nothing in it runs, loads or frames.
    const file = await fetch(`${server.url}${new URL(upload.link).pathname}`);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it('reaches the webhook bot and the thread API as the upload: this server’s link, the stored type, name and size', async () => {
    const { v, conversationId, upload } = await visitorWithUpload();
    const before = bot.calls.length;
    const { message } = await ack(v.socket, 'visitor:event', media(conversationId, upload.link.replace('https://chat.example.com', 'HTTPS://Chat.Example.COM:443')));
    const expected = { link: upload.link, type: 'image', name: 'receipt.png', size: upload.size };
    expect(message.packet).toEqual({ name: 'media', payload: expected });
    await bot.called(before + 1);
    expect(bot.calls.at(-1)!.body.packet).toEqual({ name: 'media', payload: expected });
    const stored = (await threadMessages(server.url, conversationId)).find((m) => m.packet?.name === 'media');
    expect(stored?.packet).toEqual({ name: 'media', payload: expected });
  });

  it.each([
    ['javascript: with the upload’s path', (link: string) => link.replace('https://chat.example.com', 'javascript:')],
    ['the upload’s path on a foreign host', (link: string) => link.replace('chat.example.com', 'evil.example')],
    ['the upload’s path at the address the request used', (link: string) => link.replace('https://chat.example.com', server.url)],
    ['the upload with a query', (link: string) => `${link}?download=1`],
    ['a foreign image', () => 'https://evil.example/cat.png'],
    ['a data: URL', () => 'data:image/png;base64,iVBORw0KGgo='],
  ])('refuses %s with bad_request, and nothing reaches the bot or the thread', async (_case, linkOf) => {
    const { v, conversationId, upload } = await visitorWithUpload();
    const callsBefore = bot.calls.length;
    const res = await v.attempt('visitor:event', media(conversationId, linkOf(upload.link)));
    expect(res).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'packet.payload.link: not a file you uploaded (send the link POST /api/widget/uploads answered with)' },
    });
    // A message after it is answered, so the refused event would have been delivered by now.
    await v.send(conversationId, 'after the refusal');
    await bot.called(callsBefore + 1);
    expect(bot.calls.slice(callsBefore).map((c) => c.body.packet.name)).toEqual(['message']);
    expect((await threadMessages(server.url, conversationId)).filter((m) => m.packet?.name === 'media')).toEqual([]);
  });
});
