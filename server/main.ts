import { configFromEnv, DEFAULT_HOST } from './lib/config.js';
import { loadDemo } from './demo/demo-start.js';
import { startServer } from './server.js';

const config = configFromEnv();
// stdout carries the JSON log lines only; this banner (with the demo's tokens, printed on the
// first start only) is for the person who started the server, on stderr.
const banner: string[] = [];
const server = await startServer({
  config,
  async prepare(store) {
    if (!config.loadDemo) return;
    banner.push(...(await loadDemo(store, { dataDir: config.dataDir, demoToken: config.demoToken, url: '{url}', now: new Date() })));
  },
});

console.error(`Confab is running on ${server.url} (store: ${server.store.dialect}, data: ${config.dataDir})`);
if (config.host === DEFAULT_HOST) console.error(`Listening on ${DEFAULT_HOST} only: set HOST=0.0.0.0 to be reached from other machines`);
for (const line of [...server.notices, ...banner]) console.error(line.replaceAll('{url}', server.url));
// SIGTERM (docker stop, systemd, Kubernetes) and Ctrl-C drain the node within the bound; a
// second signal, or the bound passing, ends the process at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(1);
    }
    stopping = true;
    server.logger.info({ signal, timeoutSeconds: config.shutdownTimeoutMs / 1_000 }, 'shutting down');
    const forced = setTimeout(() => {
      server.logger.error({ timeoutSeconds: config.shutdownTimeoutMs / 1_000 }, 'shutdown did not finish in time: exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    forced.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
