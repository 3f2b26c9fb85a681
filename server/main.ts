import { join } from 'node:path';
import { configFromEnv, DEFAULT_HOST } from './config.js';
import { ensureBotFromFile } from './bots/bot-file.js';
import { ensureDemoPeople } from './demo/demo-people.js';
import { persistentSecret } from './identity/secrets.js';
import { findProjectRoot } from './lib/project-root.js';
import { startServer } from './server.js';

const config = configFromEnv();
// stdout carries the JSON log lines only; this banner (with the demo's tokens) is for the
// person who started the server, on stderr.
const banner: string[] = [];
const server = await startServer({
  config,
  async prepare(store) {
    if (!config.loadDemo) return;
    const token = persistentSecret(config.dataDir, 'demo-admin-token', config.demoToken);
    const demo = await ensureBotFromFile(store, join(findProjectRoot(), 'demo', 'bot.json'), token, new Date());
    const agentToken = `cfa_${persistentSecret(config.dataDir, 'demo-agent-token', undefined)}`;
    await ensureDemoPeople(store, demo.key, agentToken, new Date());
    banner.push('Demo page:            {url}/', `Demo bot "${demo.key}" admin token: ${token}`, `Agent console:        {url}/console (demo agent token: ${agentToken})`);
  },
});

console.error(`Confab is running on ${server.url} (store: ${server.store.dialect}, data: ${config.dataDir})`);
if (config.host === DEFAULT_HOST) console.error(`Listening on ${DEFAULT_HOST} only: set HOST=0.0.0.0 to be reached from other machines`);
for (const line of banner) console.error(line.replace('{url}', server.url));

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
