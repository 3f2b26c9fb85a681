import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/**
 * Static files from memory, each in the encodings a browser may ask for. The build writes
 * `file.br` and `file.gz` beside every text file (scripts/precompress.js); a text file
 * without them (the demo page, a test's files) is compressed once, when first read, never
 * per request. Each representation has its own strong ETag.
 */

export type Encoding = 'br' | 'gzip' | 'identity';

export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface StaticFile {
  contentType: string;
  /** identity always; br and gzip for text files. */
  encodings: Partial<Record<Encoding, Representation>>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Worth compressing: everything but images that are compressed already. */
const TEXT = new Set(['.js', '.css', '.html', '.json', '.svg', '.map']);

export const contentTypeOf = (file: string) => contentTypes[extname(file)] ?? 'application/octet-stream';

function representation(body: Uint8Array<ArrayBuffer>, suffix: string): Representation {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, etag: `"${hash}${suffix}"` };
}

async function readIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/** A file's representations, from its bytes and, when the build made them, its .br and .gz. */
export function staticFile(
  name: string,
  body: Uint8Array<ArrayBuffer>,
  precompressed: { br?: Uint8Array | undefined; gzip?: Uint8Array | undefined } = {},
): StaticFile {
  const ext = extname(name);
  const identity = representation(body, '');
  const encodings: StaticFile['encodings'] = { identity };
  if (TEXT.has(ext)) {
    // The ETag of a compressed form names the content it decodes to, and its encoding.
    const base = identity.etag.slice(1, -1);
    const br = precompressed.br ?? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
    const gzip = precompressed.gzip ?? gzipSync(body, { level: 9 });
    // A compressed form that is not smaller is not worth sending.
    if (br.length < body.length) encodings.br = { body: new Uint8Array(br), etag: `"${base}-br"` };
    if (gzip.length < body.length) encodings.gzip = { body: new Uint8Array(gzip), etag: `"${base}-gz"` };
  }
  return { contentType: contentTypeOf(name), encodings };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli, then gzip, then the file as it
 * is, each only when the client accepts it (a q of 0 refuses; `*` stands for the others).
 */
export function chooseEncoding(acceptEncoding: string | undefined, offered: Partial<Record<Encoding, unknown>>): Encoding {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    if (!token) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const accepts = (encoding: string) => (q.get(encoding) ?? q.get('*') ?? 0) > 0;
  if (offered.br && accepts('br')) return 'br';
  if (offered.gzip && accepts('gzip')) return 'gzip';
  return 'identity';
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 says for it). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Files read once and kept in memory. Files with a content hash in their name never change;
 * the others (widget.js, rebuilt by `npm run dev`) are looked at again at most once a second.
 */
export function fileCache(options: { immutable: (file: string) => boolean; recheckMs?: number }) {
  const entries = new Map<string, { file: StaticFile; mtimeMs: number; checkedAt: number }>();
  const recheckMs = options.recheckMs ?? 1_000;

  async function load(path: string): Promise<{ file: StaticFile; mtimeMs: number } | undefined> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    const body = await readIfThere(path);
    if (!body) return undefined;
    const [br, gzip] = await Promise.all([readIfThere(`${path}.br`), readIfThere(`${path}.gz`)]);
    return { file: staticFile(path, new Uint8Array(body), { br, gzip }), mtimeMs: info.mtimeMs };
  }

  return {
    async get(path: string): Promise<StaticFile | undefined> {
      const cached = entries.get(path);
      const now = Date.now();
      if (cached && (options.immutable(path) || now - cached.checkedAt < recheckMs)) return cached.file;
      if (cached) {
        const info = await stat(path).catch(() => undefined);
        if (info?.mtimeMs === cached.mtimeMs) {
          cached.checkedAt = now;
          return cached.file;
        }
      }
      const loaded = await load(path);
      if (!loaded) {
        entries.delete(path);
        return undefined;
      }
      entries.set(path, { ...loaded, checkedAt: now });
      return loaded.file;
    },
  };
}
