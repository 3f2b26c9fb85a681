import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/databases.js';
import { ensureBotFromFile } from '../bots/bot-file.js';
import { findProjectRoot } from '../lib/project-root.js';
import { createStore, type Store } from '../store/index.js';
import { checkOwnerPassword, ensureOwnerFromEnv } from './owner-accounts.js';

describe('the owner from CONFAB_OWNER_EMAIL', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('is created once, adopts the bots nobody owns, and keeps its password on later starts', async () => {
    store = await createStore({ dataDir: tempDir() });
    await ensureBotFromFile(store, join(findProjectRoot(), 'demo', 'bot.json'), 'admin-token-0123456789', new Date());
    const first = await ensureOwnerFromEnv(store, { email: 'Ada@Example.com', password: 'first password' }, new Date());
    expect(first).toBe('Owner account ada@example.com created from CONFAB_OWNER_EMAIL (given the 1 bot without an owner)');
    const owner = (await checkOwnerPassword(store, 'ada@example.com', 'first password'))!;
    expect((await store.bots.findByKey('demo'))?.ownerId).toBe(owner.id);

    const later = await ensureOwnerFromEnv(store, { email: 'ada@example.com', password: 'another password' }, new Date());
    expect(later).toBe('Owner account ada@example.com: exists');
    expect(await checkOwnerPassword(store, 'ada@example.com', 'another password')).toBeUndefined();
    expect((await checkOwnerPassword(store, 'ada@example.com', 'first password'))?.id).toBe(owner.id);
  });
});
