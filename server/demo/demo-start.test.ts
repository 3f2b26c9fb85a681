import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/databases.js';
import { hashToken } from '../identity/secrets.js';
import { createStore, type Store } from '../store/index.js';
import { checkOwnerPassword } from '../identity/owner-accounts.js';
import { DEMO_OWNER_EMAIL, loadDemo } from './demo-start.js';

describe('the demo at start', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const open = async (dataDir: string) => {
    const store = await createStore({ dataDir });
    stores.push(store);
    return store;
  };
  const start = (store: Store, dataDir: string, demoToken?: string) => loadDemo(store, { dataDir, demoToken, url: 'http://localhost:3000', now: new Date() });

  it('prints the admin and agent tokens on the first start only; later starts say where they are kept', async () => {
    const dataDir = tempDir();
    const first = await start(await open(dataDir), dataDir);
    const adminToken = readFileSync(join(dataDir, 'demo-admin-token'), 'utf8').trim();
    const agentToken = `cfa_${readFileSync(join(dataDir, 'demo-agent-token'), 'utf8').trim()}`;
    expect(first.join('\n')).toContain(adminToken);
    expect(first.join('\n')).toContain(agentToken);

    await stores.pop()!.close();
    const second = (await start(await open(dataDir), dataDir)).join('\n');
    expect(second).not.toContain(adminToken);
    expect(second).not.toContain(agentToken);
    expect(second).toContain(join(dataDir, 'demo-admin-token'));
    expect(second).toContain('POST /api/chatbot/admin-token');
    expect(second).toContain(join(dataDir, 'demo-agent-token'));
  });

  it('keeps a rotated admin token across restarts (CONFAB_DEMO_TOKEN, when set, wins)', async () => {
    const dataDir = tempDir();
    const store = await open(dataDir);
    await start(store, dataDir);
    const bot = (await store.bots.findByKey('demo'))!;
    await store.bots.setAdminTokenHash(bot.id, hashToken('rotated-token-0123456789'));

    const later = (await start(store, dataDir)).join('\n');
    expect((await store.bots.findByKey('demo'))?.adminTokenHash).toBe(hashToken('rotated-token-0123456789'));
    expect(later).toMatch(/rotated/);
    expect(later).not.toContain(readFileSync(join(dataDir, 'demo-admin-token'), 'utf8').trim());

    const chosen = (await start(store, dataDir, 'chosen-demo-token-0123456789')).join('\n');
    expect((await store.bots.findByKey('demo'))?.adminTokenHash).toBe(hashToken('chosen-demo-token-0123456789'));
    expect(chosen).toContain('CONFAB_DEMO_TOKEN');
    expect(chosen).not.toContain('chosen-demo-token-0123456789');
  });

  it('makes the demo owner, who owns the demo bot; its password is printed once and kept 0600', async () => {
    const dataDir = tempDir();
    const store = await open(dataDir);
    const first = (await start(store, dataDir)).join('\n');
    const file = join(dataDir, 'demo-owner-password');
    const password = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toContain(`${DEMO_OWNER_EMAIL}, password ${password}`);
    const owner = await checkOwnerPassword(store, 'Owner@Demo.Confab', password);
    expect(owner?.email).toBe(DEMO_OWNER_EMAIL);
    expect((await store.bots.findByKey('demo'))?.ownerId).toBe(owner!.id);

    const second = (await start(store, dataDir)).join('\n');
    expect(second).not.toContain(password);
    expect(second).toContain(file);
    expect(await checkOwnerPassword(store, DEMO_OWNER_EMAIL, password)).toBeDefined();
  });
});
