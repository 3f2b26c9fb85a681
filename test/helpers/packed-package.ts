import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './databases.js';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
/** What a consumer has installed beside confab: its dependencies the entries import, and the frameworks. */
const INSTALLED = ['react', 'react-dom', 'vue', '@types/react', '@types/react-dom', 'socket.io-client', '@preact/signals-core', '@socket.io/component-emitter', 'engine.io-client', 'socket.io-parser'];

export interface Consumer {
  /** A project folder whose node_modules holds the packed confab and what it needs. */
  dir: string;
  /** The files in the tarball, as npm pack lists them (package/…). */
  files: string[];
}

let packed: Promise<Consumer> | undefined;

/**
 * `npm pack` of this repository, installed into a fresh consumer project the way npm would
 * (the tarball's package/ folder as node_modules/confab), with the libraries it needs linked
 * from this repository's node_modules. Needs the built entries (`npm run build:npm`).
 */
export function packedConsumer(): Promise<Consumer> {
  return (packed ??= pack());
}

async function pack(): Promise<Consumer> {
  for (const built of ['dist/npm/widget.js', 'dist/types/widget/npm/widget.d.ts', 'dist/widget/panel.js'])
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const dir = tempDir('confab-consumer-');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const target = join(dir, 'node_modules', 'confab');
  mkdirSync(target, { recursive: true });
  await run('tar', ['-xzf', join(dir, info!.filename), '-C', target, '--strip-components=1']);
  for (const name of INSTALLED) {
    mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  return { dir, files: info!.files.map((f) => f.path) };
}

/**
 * Builds demo/examples/<name> with Vite in the consumer project, against the packed package,
 * for a Confab server at `server`; returns its page and its one script (the examples import nothing
 * lazily, the panel comes from the server) and its size.
 */
export async function buildExample(
  name: 'plain' | 'react' | 'vue',
  server = 'http://localhost:3000',
  { development = false } = {},
): Promise<{ html: string; script: string; scriptName: string; files: string[] }> {
  const { dir } = await packedConsumer();
  const root = join(dir, 'examples', `${name}-${Date.now()}`);
  cpSync(join(ROOT, 'demo/examples', name), root, { recursive: true });
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    // React's development build: the one where StrictMode mounts, unmounts and mounts again.
    mode: development ? 'development' : 'production',
    define: {
      'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production'), 'import.meta.env.VITE_CONFAB_SERVER': JSON.stringify(server), __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    build: { outDir: join(root, 'dist'), emptyOutDir: true, target: 'es2022' },
  });
  const assets = join(root, 'dist', 'assets');
  const files = readdirSync(assets);
  const scripts = files.filter((f) => f.endsWith('.js'));
  if (scripts.length !== 1) throw new Error(`${name}: expected one script, got ${scripts.join(', ')}`);
  const html = readFileSync(join(root, 'dist', 'index.html'), 'utf8');
  return { html, script: readFileSync(join(assets, scripts[0]!), 'utf8'), scriptName: scripts[0]!, files };
}
