import { aiContextSchema } from '../definitions/ai-context-definition.js';
import { keywordRuleSchema } from '../definitions/bot-definition.js';
import { parseFlow } from '../definitions/flow-definition.js';
import type { BotFile } from './bot-file-check.js';
import type { ConfigClient } from './config-client.js';

type Item = Record<string, unknown>;

/** What GET adds to settings and items: never part of a bot file, never compared. */
const SETTINGS_VIEW_FIELDS = new Set(['id', 'account_id', 'ai_api_key_set', 'api_security_token_set', 'message_webhook_token_set']);
const ITEM_VIEW_FIELDS = new Set(['id', 'created_at', 'updated_at']);

const without = (value: Item, fields: Set<string>) => Object.fromEntries(Object.entries(value).filter(([key]) => !fields.has(key)));

/**
 * A value for comparing: ids dropped (the server makes button, quick prompt and persona ids
 * when a file leaves them out), keys sorted.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'id')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, v]) => [key, comparable(v)]),
  );
}
const same = (a: unknown, b: unknown) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));

/** One collection of seed 000 and how an item of it compares, defaults filled in. */
interface CollectionSpec {
  file: 'keywords' | 'ai_contexts' | 'flows';
  path: string;
  noun: string;
  normal(item: Item): unknown;
}

const COLLECTIONS: CollectionSpec[] = [
  { file: 'keywords', path: '/keywords', noun: 'keyword rule', normal: (item) => keywordRuleSchema.parse(item) },
  { file: 'ai_contexts', path: '/ai-contexts', noun: 'AI context', normal: (item) => aiContextSchema.parse(item) },
  { file: 'flows', path: '/flows', noun: 'flow', normal: (item) => parseFlow(item) },
];

/** The token's bot as a bot file. Keys and tokens are write-only in the API, so they are not in it. */
export async function exportBot(client: ConfigClient, identity: { key: string; name: string }): Promise<BotFile> {
  const settings = without(await client.get<Item>('/settings'), SETTINGS_VIEW_FIELDS);
  const lists = await Promise.all(COLLECTIONS.map((spec) => client.get<{ items: Item[] }>(spec.path)));
  const [keywords, ai_contexts, flows] = lists.map((list) => list.items.map((item) => without(item, ITEM_VIEW_FIELDS)));
  return { ...identity, settings, keywords: keywords!, ai_contexts: ai_contexts!, flows: flows! };
}

export interface ImportReport {
  /** Settings fields whose value changed. */
  settings: string[];
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

/**
 * Makes the token's bot what the file says: its settings fields, and exactly its keyword
 * rules, AI contexts and flows (matched by name; new ones created, changed ones updated, the
 * others deleted). What already matches is not written, so importing twice changes nothing.
 */
export async function importBot(client: ConfigClient, bot: BotFile): Promise<ImportReport> {
  const report: ImportReport = { settings: [], created: [], updated: [], deleted: [], unchanged: 0 };
  const current = await client.get<Item>('/settings');
  report.settings = Object.keys(bot.settings).filter((key) => !SETTINGS_VIEW_FIELDS.has(key) && !same(current[key], bot.settings[key]));
  if (report.settings.length > 0) await client.send('PUT', '/settings', Object.fromEntries(report.settings.map((key) => [key, bot.settings[key]])));

  for (const spec of COLLECTIONS) {
    const existing = (await client.get<{ items: Item[] }>(spec.path)).items;
    const unmatched = [...existing];
    for (const wanted of bot[spec.file]) {
      const name = String(wanted.name);
      const index = unmatched.findIndex((item) => item.name === wanted.name);
      if (index < 0) {
        await client.send('POST', spec.path, wanted);
        report.created.push(`${spec.noun} "${name}"`);
        continue;
      }
      const [match] = unmatched.splice(index, 1);
      const [stored, desired] = [spec.normal(without(match!, ITEM_VIEW_FIELDS)) as Item, spec.normal(wanted) as Item];
      if (same(stored, desired)) {
        report.unchanged++;
        continue;
      }
      const at = `${spec.path}/${encodeURIComponent(String(match!.id))}`;
      // A PUT keeps the fields it is not given: a field the file dropped needs the item made anew.
      if (Object.keys(stored).some((key) => !(key in desired))) {
        await client.send('DELETE', at);
        await client.send('POST', spec.path, wanted);
      } else await client.send('PUT', at, wanted);
      report.updated.push(`${spec.noun} "${name}"`);
    }
    for (const stale of unmatched) {
      await client.send('DELETE', `${spec.path}/${encodeURIComponent(String(stale.id))}`);
      report.deleted.push(`${spec.noun} "${String(stale.name)}"`);
    }
  }
  return report;
}

/** The report as lines for the terminal. */
export function describeImport(report: ImportReport): string[] {
  const lines = [
    ...(report.settings.length > 0 ? [`settings changed: ${report.settings.join(', ')}`] : []),
    ...report.created.map((what) => `created ${what}`),
    ...report.updated.map((what) => `updated ${what}`),
    ...report.deleted.map((what) => `deleted ${what}`),
  ];
  return lines.length > 0 ? [...lines, `${report.unchanged} unchanged`] : [`nothing changed (${report.unchanged} items as in the file)`];
}
