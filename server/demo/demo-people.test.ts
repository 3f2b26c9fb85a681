import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBotFromFile } from '../bots/bot-file.js';
import { authenticateAgent } from '../identity/agent-auth.js';
import { findProjectRoot } from '../lib/project-root.js';
import type { Store } from '../store/index.js';
import { openTestStore } from '../../test/helpers/unit-fixture.js';
import { ensureDemoPeople } from './demo-people.js';

describe('the demo’s people', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await openTestStore());
    await ensureBotFromFile(store, join(findProjectRoot(), 'demo', 'bot.json'), 'demo-admin-token-0123456789', new Date());
  });
  afterEach(() => close());

  it('makes one agent whose token signs in, a team and canned responses, once; a new token replaces the old', async () => {
    const first = 'cfa_first-demo-token-0123456789';
    await ensureDemoPeople(store, 'demo', first, new Date());
    await ensureDemoPeople(store, 'demo', first, new Date());
    const agent = await authenticateAgent(store, first);
    expect(agent.name).toBe('Alex (demo agent)');
    const bot = (await store.bots.findByKey('demo'))!;
    expect(await store.agents.list(bot.id)).toHaveLength(1);
    expect((await store.teams.list(bot.id)).map((t) => t.body.name)).toEqual(['Support']);
    expect((await store.cannedResponses.list(bot.id)).map((c) => c.body.short_code)).toEqual(['hello', 'order', 'thanks']);

    const second = 'cfa_second-demo-token-0123456789';
    await ensureDemoPeople(store, 'demo', second, new Date());
    expect((await authenticateAgent(store, second)).id).toBe(agent.id);
    await expect(authenticateAgent(store, first)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
