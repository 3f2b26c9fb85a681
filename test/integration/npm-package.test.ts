import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExample, packedConsumer, ROOT, type Consumer } from '../helpers/packed-package.js';

const run = promisify(execFile);
const ENTRIES = ['widget', 'client', 'react', 'vue'] as const;

/** The package as a consumer installs it: `npm pack`, unpacked into a project's node_modules. */
describe('the npm package', { timeout: 120_000 }, () => {
  let consumer: Consumer;
  beforeAll(async () => {
    consumer = await packedConsumer();
  }, 120_000);

  it('can be published and ships every entry with its types', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { private?: boolean; exports: Record<string, { types: string; default: string }>; sideEffects: unknown };
    expect(manifest.private).toBeUndefined();
    expect(manifest.sideEffects).toBe(false);
    for (const entry of ENTRIES) {
      const { types, default: code } = manifest.exports[`./${entry}`]!;
      expect(consumer.files).toContain(code.replace('./', ''));
      expect(consumer.files).toContain(types.replace('./', ''));
    }
    // What mount() imports from the server, and the server itself.
    expect(consumer.files).toEqual(expect.arrayContaining(['dist/widget/widget.js', 'dist/widget/panel.js', 'dist/server/server/main.js', 'demo/bot.json']));
    expect(consumer.files.filter((f) => /\.test\.|^test\/|^widget\/|\.tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  // Strict, with the options a careful consumer turns on, under both resolutions of `exports`.
  for (const [resolution, module] of [['bundler', 'esnext'], ['node16', 'node16']] as const) {
    it(`compiles a strict consumer with moduleResolution ${resolution}`, async () => {
      const dir = join(consumer.dir, `types-${resolution}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(ROOT, 'test/fixtures/npm-consumer/index.ts'), join(dir, 'index.ts'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${resolution}`, type: 'module', private: true }));
      const compilerOptions = {
        target: 'es2022', lib: ['es2023', 'dom', 'dom.iterable'], module, moduleResolution: resolution, strict: true,
        noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false, types: [],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).catch((error: { stdout: string }) => error);
      expect(result.stdout).toBe('');
    });
  }

  it('does nothing during server-side rendering (no window)', async () => {
    const script = `import { mount } from 'confab/widget';
      const widget = mount({ botKey: 'demo', server: 'https://chat.example.com' });
      widget.open(); widget.send('hi'); widget.on('ready', () => {}); widget.unmount();
      console.log(typeof widget.open, typeof globalThis.window);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer.dir });
    expect(stdout.trim()).toBe('function undefined');
  });

  it('builds the examples with Vite; the widget entry adds a few KB and no library', async () => {
    const plain = await buildExample('plain');
    // The panel, Preact and socket.io-client come from the Confab server, not the app's bundle.
    expect(plain.script).not.toMatch(/socket\.io|preact/i);
    expect(plain.script).toContain('/panel.js');
    expect(gzipSync(plain.script).length).toBeLessThan(6 * 1024);
    for (const name of ['react', 'vue'] as const) {
      const app = await buildExample(name);
      expect(app.script).toContain('/panel.js');
      expect(app.script).not.toMatch(/socket\.io/);
    }
  });
});
