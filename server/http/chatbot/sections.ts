import { Hono } from 'hono';
import { applySettingsUpdate, type BotSettings } from '../../definitions/bot-definition.js';
import { LIST_ITEM_SCHEMAS, type ListSection } from '../../definitions/sections-definition.js';
import type { Store } from '../../store/index.js';
import { readJson, validated } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';
import { dryRun, type Collection } from './collection-routes.js';
import { writableFields } from './read-only-fields.js';

type Item<S extends ListSection> = BotSettings[S][number];

/**
 * A list section of the settings (links, custom content, follow-up prompts, prompts) as a
 * collection: each change is validated with the whole settings, as PUT /settings would.
 */
export function settingsList<S extends ListSection>(store: Store, section: S, noun: string): Collection<Item<S>, Item<S>> {
  const settingsOf = async (botId: string) => (await store.bots.findById(botId))!.settings;
  const items = async (botId: string) => (await settingsOf(botId))[section] as Array<Item<S>>;
  async function save(botId: string, change: (list: Array<Item<S>>) => unknown[]): Promise<Array<Item<S>>> {
    const settings = await settingsOf(botId);
    const next = applySettingsUpdate(settings, { [section]: change(settings[section] as Array<Item<S>>) });
    await store.bots.saveSettings(botId, next);
    return next[section] as Array<Item<S>>;
  }
  return {
    noun,
    list: items,
    get: async (botId, id) => (await items(botId)).find((i) => i.id === id),
    async create(botId, input) {
      return (await save(botId, (list) => [...list, input])).at(-1)!;
    },
    async update(botId, existing, input) {
      const saved = await save(botId, (list) => list.map((i) => (i.id === existing.id ? { ...i, ...(input as object), id: existing.id } : i)));
      return saved.find((i) => i.id === existing.id)!;
    },
    async remove(botId, id) {
      const list = await items(botId);
      if (!list.some((i) => i.id === id)) return false;
      await save(botId, (all) => all.filter((i) => i.id !== id));
      return true;
    },
    // The item alone; the whole list's limits (how many, one active prompt) are checked on save.
    check: (input, existing) => void LIST_ITEM_SCHEMAS[section].parse(existing ? { ...existing, ...(input as object), id: existing.id } : input),
    view: (item) => item,
  };
}

/** A singleton section of the settings (icons, widget messages): GET it, PUT it whole (`?dry_run`: validate only). */
export function settingsSingleton(store: Store, section: 'icons' | 'widget_messages') {
  const app = new Hono<AdminEnv>();
  app.get('/', (c) => c.json(success(c.get('bot').settings[section])));
  app.put('/', async (c) => {
    const bot = c.get('bot');
    const body = writableFields(await readJson(c), []);
    const settings = await validated(() => applySettingsUpdate(bot.settings, { [section]: body }));
    if (dryRun(c)) return c.json(success({ valid: true }));
    await store.bots.saveSettings(bot.id, settings);
    return c.json(success(settings[section]));
  });
  return app;
}
