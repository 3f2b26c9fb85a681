import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LAZY_CHUNK_BUDGET_BYTES,
  LOADER_BUDGET_BYTES,
  OPEN_WIDGET_BUDGET_BYTES,
  OPEN_WITH_MARKDOWN_BUDGET_BYTES,
  measureWidget,
} from '../../scripts/widget-size.js';

// Reads the built widget: `npm test` runs `npm run build` first.
const distDir = resolve(import.meta.dirname, '../../dist/widget');

describe('widget size budget (gzip)', () => {
  it('has a build to measure', () => {
    expect(existsSync(resolve(distDir, 'widget.js')), 'run `npm run build:widget` first').toBe(true);
  });

  it('keeps widget.js, the script every page loads, within its 4.0 KB budget (4,056 bytes)', () => {
    expect(measureWidget(distDir).loader).toBeLessThanOrEqual(LOADER_BUDGET_BYTES);
  });

  it('keeps everything the open widget loads for a plain-text conversation within 40 KB', () => {
    expect(measureWidget(distDir).openWidget).toBeLessThanOrEqual(OPEN_WIDGET_BUDGET_BYTES);
  });

  it('loads marked and the sanitizer only with the first markdown message, and stays within 55 KB with them', () => {
    const { openWidget, markdown, files } = measureWidget(distDir);
    expect(files.some((file) => file.startsWith('assets/markdown-'))).toBe(false);
    expect(openWidget + markdown).toBeLessThanOrEqual(OPEN_WITH_MARKDOWN_BUDGET_BYTES);
  });

  it('keeps the attention module (run at idle before any intent) away from the panel: importing it must not run the panel', () => {
    const manifest = JSON.parse(readFileSync(resolve(distDir, '.vite/manifest.json'), 'utf8')) as Record<string, { imports?: string[] }>;
    const seen = new Set<string>();
    const visit = (key: string): void => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imported of manifest[key]?.imports ?? []) visit(imported);
    };
    visit('widget/loader/attention.ts');
    expect(seen.has('widget/loader/attention.ts'), 'no attention entry in the build').toBe(true);
    expect([...seen]).not.toContain('widget/panel.tsx');
  });

  it('splits the rarely needed parts into lazy chunks of at most 5 KB each', () => {
    const { lazy, files } = measureWidget(distDir);
    // Carousel, list sheet, lightbox, uploads, the non-English locales and what only some bots
    // configure (sources, quick prompts, personas) stay out of the open widget.
    const parts = ['CarouselMessage', 'ListSheet', 'Lightbox', 'send-file', 'ar', 'de', 'fr', 'es'];
    for (const part of [...parts, 'SourceList', 'QuickPrompts', 'PersonaPicker', 'PersonaAvatar']) {
      expect(lazy.map((c) => c.file).some((file) => file.startsWith(`assets/${part}-`)), part).toBe(true);
      expect(files.some((file) => file.startsWith(`assets/${part}-`)), part).toBe(false);
    }
    for (const chunk of lazy) expect(chunk.bytes, chunk.file).toBeLessThanOrEqual(LAZY_CHUNK_BUDGET_BYTES);
  });
});
