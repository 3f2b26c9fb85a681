import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape of the source tree, checked: no import circle among the source files of server/,
// widget/, console/ and shared/, and the server's folders import only downward; the console
// builds on shared/ and the widget's views, and nothing builds on it. Type-only imports
// count (a circle of types is still a circle for a reader); tests, the widget's test kit and
// lazy import() do not.

const root = resolve(import.meta.dirname, '../..');
const isTest = (file: string) => /\.test\.tsx?$/.test(file) || /(^|\/)testing(\/|\.ts$)/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !isTest(path) ? [path] : [];
  });
}

/** Static imports and re-exports (`import … from`, `import type … from`, `export … from`, bare `import '…'`). */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;

function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const [, spec] of text.matchAll(STATIC_IMPORT)) {
    const target = relative(root, resolve(root, dirname(file), spec!));
    const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target];
    const hit = candidates.find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

const files = ['server', 'widget', 'console', 'shared'].flatMap(sourceFiles);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, known)]));

function findCircle(): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of files) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

/** The server's folders bottom-up, as the README's Architecture section lists them; files at the top of server/ come last. */
const SERVER_LAYERS = ['lib', 'engine', 'definitions', 'store', 'ai', 'identity', 'bots', 'conversations', 'threads', 'agents', 'realtime', 'demo', 'http', 'cli'];
const layerOf = (file: string): number => {
  if (file.startsWith('shared/')) return -1;
  const folder = file.split('/')[1]!;
  const index = SERVER_LAYERS.indexOf(folder);
  return index === -1 ? SERVER_LAYERS.length : index;
};

describe('the source tree', () => {
  it('reads the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get('server/server.ts')).toContain('server/compose.ts');
  });

  it('has no import circle among server/, widget/, console/ and shared/', () => {
    expect(findCircle()).toBeUndefined();
  });

  it('lists every folder of server/ in its layers', () => {
    const folders = readdirSync(join(root, 'server'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual([...SERVER_LAYERS].sort());
  });

  it('imports downward only on the server: a folder never imports one above it', () => {
    const upward = files
      .filter((f) => f.startsWith('server/'))
      .flatMap((f) => (graph.get(f) ?? []).filter((to) => layerOf(to) > layerOf(f)).map((to) => `${f} -> ${to}`));
    expect(upward).toEqual([]);
  });

  it('keeps the console a leaf: it imports shared/ and widget/ (never server/), and nothing imports it', () => {
    expect(files.filter((f) => f.startsWith('console/')).length).toBeGreaterThan(5);
    const intoConsole = files.filter((f) => !f.startsWith('console/')).flatMap((f) => (graph.get(f) ?? []).filter((to) => to.startsWith('console/')).map((to) => `${f} -> ${to}`));
    expect(intoConsole).toEqual([]);
    const toServer = files.filter((f) => f.startsWith('console/')).flatMap((f) => (graph.get(f) ?? []).filter((to) => to.startsWith('server/')).map((to) => `${f} -> ${to}`));
    expect(toServer).toEqual([]);
  });

  it('keeps shared/ to itself: it imports nothing from server/ or widget/', () => {
    const outward = files.filter((f) => f.startsWith('shared/')).flatMap((f) => (graph.get(f) ?? []).filter((to) => !to.startsWith('shared/')));
    expect(outward).toEqual([]);
  });
});
