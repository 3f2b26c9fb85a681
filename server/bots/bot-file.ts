import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { aiContextSchema } from '../definitions/ai-context-definition.js';
import { botDefinitionSchema, parseKeywordRule, parseSettings } from '../definitions/bot-definition.js';
import { parseFlow } from '../definitions/flow-definition.js';
import { hashToken } from '../identity/secrets.js';
import type { Store } from '../store/index.js';

/**
 * Loads a bot kept as a file (settings, keyword rules, AI contexts and flows in the JSON
 * shapes of seed 000) unless a bot with its key exists; a new bot gets `adminToken` as its
 * admin token. An existing bot keeps its own (it may have been rotated) unless
 * `resetAdminToken` says the given one wins (CONFAB_DEMO_TOKEN). The demo bot is such a file
 * (demo/bot.json); so are the tests' bots.
 */
export async function ensureBotFromFile(
  store: Store,
  file: string,
  adminToken: string,
  now: Date,
  options: { resetAdminToken?: boolean } = {},
): Promise<{ key: string; created: boolean; adminTokenCurrent: boolean }> {
  const def = botDefinitionSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const existing = await store.bots.findByKey(def.key);
  if (existing) {
    const current = existing.adminTokenHash === hashToken(adminToken);
    if (!current && options.resetAdminToken) await store.bots.setAdminTokenHash(existing.id, hashToken(adminToken));
    return { key: def.key, created: false, adminTokenCurrent: current || options.resetAdminToken === true };
  }
  const rules = def.keywords.map((rule, i) => parseKeywordRule(rule, i + 1));
  const flows = def.flows.map((f) => parseFlow(f));
  const contexts = def.ai_contexts.map((c) => aiContextSchema.parse(c));
  const botId = randomUUID();
  await store.bots.create(
    {
      id: botId,
      key: def.key,
      name: def.name,
      adminTokenHash: hashToken(adminToken),
      settings: parseSettings(def.settings),
      createdAt: now.toISOString(),
    },
    rules,
  );
  const at = now.toISOString();
  for (const flow of flows) await store.flows.create(botId, flow, at);
  for (const context of contexts) await store.aiContexts.create(botId, context, at);
  return { key: def.key, created: true, adminTokenCurrent: true };
}
