// What a host page pays in bytes: the loader and everything the open widget loads (gzip and
// brotli, as the server sends them), from the build in dist/widget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { measureWidget } from '../../scripts/widget-size.js';
import { root } from '../helpers/server.js';
import { kb, type Row } from './stats.js';

export function sizesBench(): Row[] {
  const dist = join(root, 'dist', 'widget');
  const { loader, openWidget, markdown, files } = measureWidget(dist);
  const br = (file: string) => brotliCompressSync(readFileSync(join(dist, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const openBr = files.reduce((sum, f) => sum + br(f), 0);
  return [
    { figure: 'widget.js (the loader), gzip', confab: kb(loader), reference: `brotli ${kb(br('widget.js'))}`, goal: '≤ 3 KB' },
    { figure: 'the open widget, a plain-text conversation, gzip', confab: kb(openWidget), reference: `brotli ${kb(openBr)}`, goal: '≤ 55 KB' },
    { figure: 'the open widget with markdown (marked, the sanitizer), gzip', confab: kb(openWidget + markdown), reference: `markdown chunk ${kb(markdown)}`, goal: '≤ 55 KB' },
  ];
}
