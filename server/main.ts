import { configFromEnv, DEFAULT_HOST } from './config.js';
import { loadDemo } from './demo/demo-start.js';
import { startServer } from './server.js';

const config = configFromEnv();
const server = await startServer({ config });

console.log(`Confab is running on ${server.url} (store: ${server.store.dialect}, data: ${config.dataDir})`);
if (config.host === DEFAULT_HOST) console.log(`Listening on ${DEFAULT_HOST} only: set HOST=0.0.0.0 to be reached from other machines`);
if (config.loadDemo) {
  const lines = await loadDemo(server.store, { dataDir: config.dataDir, demoToken: config.demoToken, url: server.url, now: new Date() });
  for (const line of lines) console.log(line);
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
