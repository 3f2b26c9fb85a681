import { join } from 'node:path';
import { ensureBotFromFile } from '../bots/bot-file.js';
import { persistentSecret } from '../lib/data-dir.js';
import { findProjectRoot } from '../lib/project-root.js';
import type { Store } from '../store/index.js';
import { ensureDemoPeople } from './demo-people.js';
import { createOwner } from '../identity/owner-accounts.js';

/** The demo's owner account: signs in to /console as the owner of the demo bot. */
export const DEMO_OWNER_EMAIL = 'owner@demo.confab';

export interface DemoOptions {
  dataDir: string;
  /** CONFAB_DEMO_TOKEN: the admin token the owner chose; it wins over a rotated one. */
  demoToken: string | undefined;
  /** Where the server is reached, for the lines printed. */
  url: string;
  now: Date;
}

/**
 * Loads the demo bot and its people and says where to start. The admin and agent tokens are
 * printed on the first start only (logs are kept and shared; a token in them is a token
 * given away); later starts say where the tokens are kept and how to rotate them.
 */
export async function loadDemo(store: Store, options: DemoOptions): Promise<string[]> {
  const { dataDir, url } = options;
  const adminFile = join(dataDir, 'demo-admin-token');
  const agentFile = join(dataDir, 'demo-agent-token');
  const token = persistentSecret(dataDir, 'demo-admin-token', options.demoToken);
  const demo = await ensureBotFromFile(store, join(findProjectRoot(), 'demo', 'bot.json'), token, options.now, {
    resetAdminToken: options.demoToken !== undefined,
  });
  const agentToken = `cfa_${persistentSecret(dataDir, 'demo-agent-token', undefined)}`;
  await ensureDemoPeople(store, demo.key, agentToken, options.now);

  const ownerLine = await ensureDemoOwner(store, dataDir, demo.key, options.now);

  const lines = [`Demo page:            ${url}/`];
  if (options.demoToken) {
    lines.push(`Demo bot "${demo.key}" admin token: the one in CONFAB_DEMO_TOKEN`);
  } else if (demo.created) {
    lines.push(`Demo bot "${demo.key}" admin token: ${token} (shown this once; kept in ${adminFile})`);
  } else if (demo.adminTokenCurrent) {
    lines.push(`Demo bot "${demo.key}" admin token: in ${adminFile} (POST /api/chatbot/admin-token rotates it)`);
  } else {
    lines.push(`Demo bot "${demo.key}" admin token: rotated (not the one in ${adminFile}); set CONFAB_DEMO_TOKEN to choose a new one`);
  }
  lines.push(
    demo.created
      ? `Agent console:        ${url}/console (demo agent token: ${agentToken}, shown this once; kept in ${agentFile})`
      : `Agent console:        ${url}/console (demo agent token: in ${agentFile})`,
  );
  lines.push(ownerLine.replaceAll('{console}', `${url}/console`));
  return lines;
}

/**
 * The demo owner, with a generated password kept in DATA_DIR/demo-owner-password (0600) and
 * printed on the first start only; it adopts the demo bot when nobody owns it.
 */
async function ensureDemoOwner(store: Store, dataDir: string, botKey: string, now: Date): Promise<string> {
  const file = join(dataDir, 'demo-owner-password');
  const existing = await store.owners.findByEmail(DEMO_OWNER_EMAIL);
  const password = existing ? undefined : persistentSecret(dataDir, 'demo-owner-password', undefined);
  const owner = existing ?? (await createOwner(store, { email: DEMO_OWNER_EMAIL, name: 'Demo owner', password: password! }, now))!;
  const bot = await store.bots.findByKey(botKey);
  if (bot) await store.bots.adopt(owner.id, [bot.id]);
  return password
    ? `Owner console:        {console} (${DEMO_OWNER_EMAIL}, password ${password}, shown this once; kept in ${file})`
    : `Owner console:        {console} (${DEMO_OWNER_EMAIL}, password in ${file})`;
}
