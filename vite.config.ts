/**
 * Two builds into dist/widget, because Rollup/Rolldown cannot code-split an IIFE:
 *   vite build               the panel: ES modules with hashed chunks in assets/, plus a manifest
 *   vite build --mode loader widget.js: one small classic script; it learns the panel's hashed
 *                            file name from that manifest
 * a third, for apps that install the package:
 *   vite build --mode lib     the npm entries (confab/widget, /client, /react, /vue) as ES modules
 *                            into dist/npm; their libraries stay imports (see libConfig)
 * and a fourth, for people rather than host pages:
 *   vite build --mode console the agent console, an ordinary page (console/index.html) with
 *                            hashed assets, into dist/console, served at /console
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const ROOT = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = resolve(ROOT, 'dist/widget');
const PANEL_ENTRY = 'widget/panel.tsx';
// What a closed launcher may need before the panel: the bot's colors and greeting preview.
const ATTENTION_ENTRY = 'widget/loader/attention.ts';
const MANIFEST = resolve(OUT_DIR, '.vite/manifest.json');
const PANEL_ENTRY_MODULE = 'virtual:confab-panel-entry';
// Browsers with shadow DOM, adoptedStyleSheets and logical properties: Lightning CSS keeps
// those native instead of expanding them into longer fallbacks.
const CSS_TARGET = ['chrome109', 'edge109', 'firefox115', 'safari15.4'];
const UNUSED_TRANSPORTS = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/](polling|webtransport)/;
const SOCKET_IO_INDEX = /[\\/]socket\.io-client[\\/]build[\\/]esm[\\/]index\.js$/;

export default defineConfig(({ mode }) => ({
  root: ROOT,
  ...(mode === 'loader' ? loaderConfig() : mode === 'console' ? consoleConfig() : mode === 'lib' ? libConfig() : panelConfig()),
}));

function panelConfig(): UserConfig {
  return {
    // Chunks find each other relative to the importing module, wherever the server mounts them.
    base: './',
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [keepLoaderWhileWatching(), websocketOnly(), noBase64Packets(), noPreloadHelper()],
    // The widget's packets are JSON only: a text-only codec, wire-compatible with
    // socket.io-parser, in its place (widget/transport/json-parser.ts).
    resolve: { alias: [{ find: /^socket\.io-parser$/, replacement: resolve(ROOT, 'widget/transport/json-parser.ts') }] },
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      manifest: true,
      target: 'es2022',
      cssTarget: CSS_TARGET,
      // The preload helper would add <link> tags to the host page's <head>: not ours to touch.
      modulePreload: false,
      rolldownOptions: {
        input: { panel: PANEL_ENTRY, attention: ATTENTION_ENTRY },
        // An app build drops entry exports by default; the loader needs mount().
        preserveEntrySignatures: 'allow-extension',
        // engine.io-client re-exports every transport and the polling ones run code on import
        // (feature probes); declared pure, they go when nothing uses them (see websocketOnly).
        // socket.io-client's index only decorates io() (its URL parsing and cache of managers):
        // the widget makes its own Manager, so io() goes too.
        treeshake: { moduleSideEffects: (id) => !UNUSED_TRANSPORTS.test(id) && !SOCKET_IO_INDEX.test(id) },
        output: {
          // One file for everything the panel imports statically (its dependencies come
          // along recursively): lazy chunks share it instead of splitting a common chunk
          // off it, which would cost the open widget an extra request and gzip window.
          advancedChunks: { groups: [{ name: 'panel', test: /widget[\\/]panel\.tsx$/ }] },
          entryFileNames: 'assets/[name]-[hash].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  };
}

function loaderConfig(): UserConfig {
  return {
    publicDir: false,
    plugins: [panelEntryFromManifest(), compileEagerly()],
    build: {
      outDir: OUT_DIR,
      emptyOutDir: false,
      target: 'es2022',
      cssTarget: CSS_TARGET,
      lib: {
        entry: 'widget/loader.ts',
        formats: ['iife'],
        name: 'ConfabLoader',
        fileName: () => 'widget.js',
      },
    },
  };
}

/**
 * The npm entries, for the app's own bundler: ES modules with shared chunks, the libraries
 * (socket.io-client, signals, React, Vue) left as imports the app resolves once, and no
 * minification (the app's build minifies). The widget entry imports no library at all: the
 * panel comes from the Confab server (widget/npm/widget.ts).
 */
function libConfig(): UserConfig {
  return {
    publicDir: false,
    build: {
      outDir: resolve(ROOT, 'dist/npm'),
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: { widget: 'widget/npm/widget.ts', client: 'widget/npm/client.ts', react: 'widget/npm/react.ts', vue: 'widget/npm/vue.ts' },
        formats: ['es'],
      },
      rolldownOptions: {
        external: (id) => /^(react|react-dom|vue|socket\.io-client|@preact\/signals-core)(\/|$)/.test(id),
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

/**
 * The agent console: never loaded by host pages, so none of the widget's budgets apply; it
 * shares the widget's views (the transcript renders bot actions as the visitor saw them) and
 * its websocket-only socket.io-client.
 */
function consoleConfig(): UserConfig {
  return {
    // index.html sits at the root of the console's own folder, so it lands at dist/console/index.html.
    root: resolve(ROOT, 'console'),
    base: '/console/',
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [websocketOnly(), noBase64Packets()],
    build: {
      outDir: resolve(ROOT, 'dist/console'),
      emptyOutDir: true,
      target: 'es2022',
      cssTarget: CSS_TARGET,
      rolldownOptions: {
        treeshake: { moduleSideEffects: (id) => !UNUSED_TRANSPORTS.test(id) && !SOCKET_IO_INDEX.test(id) },
        output: {
          entryFileNames: 'assets/[name]-[hash].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  };
}

/**
 * `virtual:confab-panel-entry` exports the hashed paths of the panel and attention entries, read from the panel
 * build's manifest. The manifest is a watched file, so in watch mode a panel rebuild also
 * rebuilds widget.js with the new name.
 */
function panelEntryFromManifest(): Plugin {
  const resolvedId = `\0${PANEL_ENTRY_MODULE}`;
  return {
    name: 'confab:panel-entry',
    resolveId: (source) => (source === PANEL_ENTRY_MODULE ? resolvedId : null),
    load(id) {
      if (id !== resolvedId) return null;
      this.addWatchFile(MANIFEST);
      const manifest = existsSync(MANIFEST) ? readManifest() : {};
      const [panel, attention] = [PANEL_ENTRY, ATTENTION_ENTRY].map((entry) => manifest[entry]?.file);
      if (!panel || !attention) this.error(`No ${PANEL_ENTRY} or ${ATTENTION_ENTRY} in ${MANIFEST}: run \`vite build\` (the panel) first.`);
      return `export const panelEntry = ${JSON.stringify(panel)};\nexport const attentionEntry = ${JSON.stringify(attention)};`;
    },
    // panel.js and attention.js: the same modules under names that do not change, for the npm
    // entry (confab/widget), which is built apart from the server it talks to (README, npm).
    generateBundle() {
      const manifest = existsSync(MANIFEST) ? readManifest() : {};
      for (const [name, entry] of [['panel', PANEL_ENTRY], ['attention', ATTENTION_ENTRY]] as const) {
        const file = manifest[entry]?.file;
        if (file) this.emitFile({ type: 'asset', fileName: `${name}.js`, source: `export * from './${file}';\n` });
      }
    },
  };
}

function readManifest(): Record<string, { file?: string }> {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, { file?: string }>;
}

/**
 * engine.io-client's Socket maps transport names through a table that imports every transport
 * (polling, websocket, webtransport), so tree-shaking cannot drop the unused ones. The widget
 * only asks for websocket: give engine.io-client a table holding just that.
 */
function websocketOnly(): Plugin {
  const table = '\0confab:engine-transports';
  // The browser build of the transport (the package maps websocket.node.js to it for browsers).
  const engineDir = dirname(createRequire(import.meta.url).resolve('engine.io-client/package.json'));
  const websocketTransport = resolve(engineDir, 'build/esm/transports/websocket.js');
  return {
    name: 'confab:websocket-only',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './transports/index.js' && /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer ?? '')
        ? table
        : null,
    load: (id) => (id === table ? `import { WS } from ${JSON.stringify(websocketTransport)};\nexport const transports = { websocket: WS };` : null),
  };
}

/**
 * engine.io-parser decodes base64 packets ("b…"), which a server sends only over HTTP
 * long-polling to clients without binary support; over the WebSocket, binary arrives as
 * binary. Its decoder (and the lookup table it builds on import) is dead weight here: a "b"
 * packet, should one ever come, fails to decode with an error saying why.
 */
function noBase64Packets(): Plugin {
  const stub = '\0confab:no-base64-packets';
  return {
    name: 'confab:no-base64-packets',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './contrib/base64-arraybuffer.js' && /[\\/]engine\.io-parser[\\/]build[\\/]esm[\\/]decodePacket\.browser\.js$/.test(importer ?? '')
        ? stub
        : null,
    load: (id) => (id === stub ? 'export const decode = () => { throw new Error("base64 packets are for long-polling"); };' : null),
  };
}

/**
 * Vite wraps every dynamic import in a preload helper that adds <link rel=modulepreload>
 * tags to document.head and carries polyfill code. The widget's lazy chunks have no CSS
 * files and need no preloading, and the host page's <head> is not ours to touch: the helper
 * becomes a plain call of the import.
 */
function noPreloadHelper(): Plugin {
  const helperId = '\0vite/preload-helper.js';
  return {
    name: 'confab:no-preload-helper',
    enforce: 'pre',
    load: (id) => (id === helperId ? 'export const __vitePreload = (load) => load();' : null),
  };
}

/**
 * V8's explicit compile hint, as widget.js's first line: every function in the loader runs
 * on load, so V8 compiles them all up front, on the thread that streams the async script in,
 * instead of one by one on the host page's main thread as each is first called. Chromium's
 * first task of widget.js, throttled 4×: median 48.7 → 37.8 ms (16 runs each, interleaved).
 * A comment to every other engine, 22 bytes gzip.
 */
function compileEagerly(): Plugin {
  const hint = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'confab:compile-eagerly',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk' && file.isEntry) file.code = hint + file.code;
    },
  };
}

/** Both builds share dist/widget: a watching panel build must not delete widget.js on each rebuild. */
function keepLoaderWhileWatching(): Plugin {
  return {
    name: 'confab:keep-loader-while-watching',
    config: (config) => (config.build?.watch ? { build: { emptyOutDir: false } } : undefined),
  };
}
