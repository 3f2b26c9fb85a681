import { join } from 'node:path';
import { configFromEnv, DEFAULT_HOST } from './config.js';
import { ensureBotFromFile } from './bots/bot-file.js';
import { ensureDemoPeople } from './demo/demo-people.js';
import { persistentSecret } from './lib/data-dir.js';
import { findProjectRoot } from './lib/project-root.js';
import { startServer } from './server.js';

const config = configFromEnv();
const server = await startServer({ config });

console.log(`Confab is running on ${server.url} (store: ${server.store.dialect}, data: ${config.dataDir})`);
if (config.host === DEFAULT_HOST) console.log(`Listening on ${DEFAULT_HOST} only: set HOST=0.0.0.0 to be reached from other machines`);
if (config.loadDemo) {
  const token = persistentSecret(config.dataDir, 'demo-admin-token', config.demoToken);
  const demo = await ensureBotFromFile(server.store, join(findProjectRoot(), 'demo', 'bot.json'), token, new Date());
  const agentToken = `cfa_${persistentSecret(config.dataDir, 'demo-agent-token', undefined)}`;
  await ensureDemoPeople(server.store, demo.key, agentToken, new Date());
  console.log(`Demo page:            ${server.url}/`);
  console.log(`Demo bot "${demo.key}" admin token: ${token}`);
  console.log(`Agent console:        ${server.url}/console (demo agent token: ${agentToken})`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
