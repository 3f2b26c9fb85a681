// Copies the Scalar API reference bundle into dist/docs, so /docs loads it from this server
// (never from a CDN); precompress.js then writes its .br and .gz (3.5 MB is too big to
// compress when first asked for).
// Usage: node scripts/docs-assets.js && node scripts/precompress.js dist/docs
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const bundle = fileURLToPath(import.meta.resolve('@scalar/api-reference/browser/standalone.js'));
const out = resolve('dist/docs');
mkdirSync(out, { recursive: true });
copyFileSync(bundle, join(out, 'scalar.js'));
