import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { VisitorIdentity, WidgetConfig } from '../../shared/index.js';
import { signVisitorToken } from '../identity/visitor-token.js';
import type { BotSettings } from '../definitions/bot-definition.js';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import type { Store } from '../store/index.js';
import { limitByAddress, requestAddress, type HttpLimitsDeps } from './rate-limits.js';
import { parseJsonBody, parseQuery } from './request-body.js';
import { admitOrigin, widgetCors } from './widget-origins.js';

export interface WidgetApiDeps extends HttpLimitsDeps {
  store: Store;
  secret: string;
  clock: Clock;
  /** This server's public URL: what a bot's `self` origin means. */
  publicUrl: () => string;
}

const botKeySchema = z.string({ error: (issue) => (issue.input === undefined ? 'a bot key is required' : undefined) }).min(1, 'a bot key is required').max(64);
export const visitorSchema = z.object({ botKey: botKeySchema });
export const configQuerySchema = z.object({ botKey: botKeySchema });

/** The widget's own HTTP calls: a new visitor identity, and the bot's public look. */
export function widgetApi(deps: WidgetApiDeps) {
  const app = new Hono();
  // Host pages are on other origins: each bot's allowed_origins says which.
  app.use('*', widgetCors({ allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'] }));

  /** The bot, for a page it allows. */
  async function botByKey(c: Context, key: string) {
    const bot = await deps.store.bots.findByKey(key);
    if (!bot) throw new AppError('unknown_bot', `no bot with key "${key}"`);
    admitOrigin(c, bot, deps.publicUrl());
    return bot;
  }

  app.post('/visitors', async (c) => {
    // The address is counted before anything is read; the bot once it is known.
    await deps.limits.take('visitor-create', { ip: requestAddress(c, deps.trustProxy) });
    const { botKey } = await parseJsonBody(c, visitorSchema);
    const bot = await botByKey(c, botKey);
    await deps.limits.take('visitor-create', { bot: bot.id });
    const visitorId = randomUUID();
    await deps.store.visitors.create({ id: visitorId, botId: bot.id, createdAt: deps.clock.now().toISOString() });
    const identity: VisitorIdentity = { visitorId, token: signVisitorToken(deps.secret, bot.id, visitorId) };
    return c.json(identity, 201);
  });

  app.get('/config', limitByAddress(deps, 'widget-config'), async (c) => {
    const { botKey } = parseQuery(c, configQuerySchema);
    const bot = await botByKey(c, botKey);
    const { appearance: a, navigate_origins, upload_max_bytes, upload_types, greeting_message } = bot.settings;
    const appearance: WidgetConfig['appearance'] = { greetingPreview: greeting_message };
    if (a.title) appearance.title = a.title;
    if (a.subtitle) appearance.subtitle = a.subtitle;
    if (a.avatar) appearance.avatar = a.avatar;
    if (a.primary_color) appearance.primaryColor = a.primary_color;
    if (a.text_color) appearance.textColor = a.text_color;
    const config: WidgetConfig = {
      botKey: bot.key,
      name: bot.name,
      appearance,
      navigateOrigins: navigate_origins,
      uploads: { maxBytes: upload_types.length ? upload_max_bytes : 0, types: upload_types },
      quickPrompts: bot.settings.quick_prompts,
      // A persona's system prompt is the owner's business, not the visitor's.
      personas: bot.settings.personas.map(({ id, name, avatar }) => (avatar ? { id, name, avatar } : { id, name })),
      reactions: bot.settings.reactions_enabled,
      registration: bot.settings.registration_enabled ? { fields: bot.settings.registration_fields } : null,
      ...sectionsConfig(bot.settings),
    };
    // Public and cheap; a minute of caching spares the server on busy sites.
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(config);
  });

  return app;
}

/** The 002 sections the widget uses; empty ones stay out, so the usual config stays as small as it was. */
function sectionsConfig(s: BotSettings): Partial<WidgetConfig> {
  const { launcher, bot_avatar, agent_avatar } = s.icons;
  const icons = { ...(launcher ? { launcher } : {}), ...(bot_avatar ? { botAvatar: bot_avatar } : {}), ...(agent_avatar ? { agentAvatar: agent_avatar } : {}) };
  return {
    ...(s.links.length ? { links: s.links } : {}),
    ...(s.custom_content.length ? { customContent: s.custom_content } : {}),
    ...(s.follow_up_prompts.length ? { followUpPrompts: s.follow_up_prompts } : {}),
    ...(Object.keys(icons).length ? { icons } : {}),
    ...(Object.keys(s.widget_messages).length ? { messages: s.widget_messages } : {}),
  };
}
