import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, fileCache, matchesEtag, staticFile } from './static-files.js';

const all = { br: true, gzip: true, identity: true };

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', all, 'br'],
    ['gzip', all, 'gzip'],
    ['br;q=0, gzip;q=0.5', all, 'gzip'],
    ['br;q=0, gzip;q=0', all, 'identity'],
    ['*', all, 'br'],
    ['*;q=0, gzip', all, 'gzip'],
    ['', all, 'identity'],
    [undefined, all, 'identity'],
    ['BR', all, 'br'],
    ['br', { identity: true }, 'identity'],
  ] as const)('%j with %j offered → %s', (header, offered, expected) => {
    expect(chooseEncoding(header, offered)).toBe(expected);
  });
});

describe('matchesEtag', () => {
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"abcd"', false],
    ['*', true],
  ])('If-None-Match %j → %s', (header, expected) => {
    expect(matchesEtag(header, '"abc"')).toBe(expected);
  });
});

describe('staticFile', () => {
  const text = new TextEncoder().encode('export const hello = "world";\n'.repeat(40));

  it('keeps a text file in brotli and gzip, each with its own strong ETag', () => {
    const file = staticFile('panel.js', text);
    expect(file.contentType).toBe('text/javascript; charset=utf-8');
    const { identity, br, gzip } = file.encodings;
    expect(Buffer.from(brotliDecompressSync(br!.body))).toEqual(Buffer.from(text));
    expect(Buffer.from(gunzipSync(gzip!.body))).toEqual(Buffer.from(text));
    expect(new Set([identity!.etag, br!.etag, gzip!.etag]).size).toBe(3);
    for (const { etag } of [identity!, br!, gzip!]) expect(etag).toMatch(/^"[\w-]+"$/);
  });

  it('uses what the build compressed instead of compressing again', () => {
    const gzip = new Uint8Array([1, 2, 3]);
    expect(staticFile('panel.js', text, { gzip }).encodings.gzip!.body).toEqual(gzip);
  });

  it('sends images, and text that would not shrink, as they are', () => {
    expect(Object.keys(staticFile('a.png', text).encodings)).toEqual(['identity']);
    expect(Object.keys(staticFile('tiny.js', new TextEncoder().encode('x')).encodings)).toEqual(['identity']);
  });

  it('names the same content with the same ETag, other content with another', () => {
    const other = new TextEncoder().encode('export const hello = "there";\n'.repeat(40));
    expect(staticFile('a.js', text).encodings.identity!.etag).toBe(staticFile('b.js', text).encodings.identity!.etag);
    expect(staticFile('a.js', other).encodings.identity!.etag).not.toBe(staticFile('a.js', text).encodings.identity!.etag);
  });
});

describe('fileCache', () => {
  it('reads a file once, sees a rebuilt one, and forgets a deleted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confab-files-'));
    const path = join(dir, 'widget.js');
    writeFileSync(path, 'one');
    const cache = fileCache({ immutable: () => false, recheckMs: 0 });
    const first = await cache.get(path);
    expect(await cache.get(path)).toBe(first);
    writeFileSync(path, 'two');
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const second = await cache.get(path);
    expect(Buffer.from(second!.encodings.identity!.body).toString()).toBe('two');
    expect(await cache.get(join(dir, 'missing.js'))).toBeUndefined();
  });

  it('never looks at an immutable file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confab-files-'));
    const path = join(dir, 'panel-abc.js');
    writeFileSync(path, 'one');
    const cache = fileCache({ immutable: () => true, recheckMs: 0 });
    const first = await cache.get(path);
    writeFileSync(path, 'two');
    expect(await cache.get(path)).toBe(first);
  });
});
