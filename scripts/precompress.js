// Writes file.br and file.gz beside every text file of the built widget, so the server sends
// compressed files without compressing per request (server/http/static-files.ts).
// Usage: node scripts/precompress.js [distDir]   (after `npm run build:widget`'s two builds)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = new Set(['.js', '.css', '.html', '.json', '.svg', '.map']);

function textFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // .vite holds the build's manifest, which is read by the build, not served.
    if (entry.isDirectory()) return entry.name === '.vite' ? [] : textFiles(path);
    return TEXT.has(extname(entry.name)) ? [path] : [];
  });
}

const dist = resolve(process.argv[2] ?? 'dist/widget');
let bytes = 0;
let br = 0;
const files = textFiles(dist);
for (const file of files) {
  const body = readFileSync(file);
  const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  bytes += body.length;
  br += brotli.length;
}
console.log(`precompressed ${files.length} files: ${(bytes / 1024).toFixed(1)} KB → ${(br / 1024).toFixed(1)} KB brotli`);
