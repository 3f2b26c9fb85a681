import { Hono } from 'hono';
import { applySettingsUpdate, publicSettings } from '../../definitions/bot-definition.js';
import type { Store } from '../../store/index.js';
import { readJson, validated } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';

export function settingsRoutes(store: Store) {
  const app = new Hono<AdminEnv>();
  const view = (bot: AdminEnv['Variables']['bot'], settings = bot.settings) => ({
    id: bot.id,
    account_id: bot.id,
    ...publicSettings(settings),
  });

  app.get('/', (c) => c.json(success(view(c.get('bot')))));

  app.put('/', async (c) => {
    const bot = c.get('bot');
    const body = await readJson(c);
    const settings = await validated(() => applySettingsUpdate(bot.settings, body));
    await store.bots.saveSettings(bot.id, settings);
    return c.json(success(view(bot, settings)));
  });

  return app;
}
