import { Hono } from 'hono';
import { applySettingsUpdate, publicSettings, type BotSettings } from '../../definitions/bot-definition.js';
import { keepMaskedSecrets, mapSettingsSecrets, masked } from '../../definitions/secret-fields.js';
import { AppError } from '../../lib/errors.js';
import type { Store } from '../../store/index.js';
import { readJson, validated } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';
import { dryRun } from './collection-routes.js';
import { writableFields } from './read-only-fields.js';

/** What GET adds to the settings: sent back with a fetched document, they change nothing. */
const VIEW_FIELDS = ['id', 'account_id', 'ai_api_key_set', 'api_security_token_set', 'message_webhook_token_set'];

/**
 * The secrets between the bot's own server and Confab: the bot API's SECURITY-TOKEN (who may
 * post as the bot) and the message webhook's token (how that server knows Confab). Like the
 * admin token, they are set only by those who hold the bot whole, never by an API key.
 */
const CREDENTIAL_SETTINGS = ['api_security_token', 'message_webhook_token'] as const;

function refuseCredentialChange(stored: BotSettings, next: BotSettings): void {
  const changed = CREDENTIAL_SETTINGS.find((field) => stored[field] !== next[field]);
  if (changed) throw new AppError('forbidden', `${changed}: an API key may not set the bot's credentials: use the admin token or an owner session`);
}

export function settingsRoutes(store: Store) {
  const app = new Hono<AdminEnv>();
  const view = (bot: AdminEnv['Variables']['bot'], settings = bot.settings) => ({
    id: bot.id,
    account_id: bot.id,
    ...publicSettings(masked(mapSettingsSecrets, settings)),
  });

  app.get('/', (c) => c.json(success(view(c.get('bot')))));

  app.put('/', async (c) => {
    const bot = c.get('bot');
    const body = writableFields(await readJson(c), VIEW_FIELDS, bot.id);
    const settings = await validated(() => keepMaskedSecrets(mapSettingsSecrets, applySettingsUpdate(bot.settings, body), bot.settings));
    if (c.get('access').kind === 'key') refuseCredentialChange(bot.settings, settings);
    if (dryRun(c)) return c.json(success({ valid: true }));
    await store.bots.saveSettings(bot.id, settings);
    return c.json(success(view(bot, settings)));
  });

  return app;
}
