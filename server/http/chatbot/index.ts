import { Hono } from 'hono';
import type { ConversationService } from '../../conversations/conversation-service.js';
import type { Clock } from '../../lib/clock.js';
import type { AgentDesk } from '../../agents/agent-desk.js';
import type { BotCache } from '../../bots/bot-cache.js';
import type { OutboundClient } from '../../lib/outbound/index.js';
import type { Store } from '../../store/index.js';
import type { TokenLimitsDeps } from '../token-limits.js';
import { success } from '../envelopes.js';
import { adminAuth, wholeBotOnly, type AdminEnv } from './admin-auth.js';
import { apiKeyRoutes } from './api-keys.js';
import { collectionRoutes } from './collection-routes.js';
import { identityVerificationRoutes } from './identity-verification.js';
import { aiContexts, flows, keywordRules } from './collections.js';
import { agentRoutes, cannedResponses, teams, type AgentRoutesDeps } from './people.js';
import { noteRoutes } from './notes.js';
import { sessionRoutes } from './sessions.js';
import { settingsList, settingsSingleton } from './sections.js';
import { settingsRoutes } from './settings.js';
import { tokenRoutes } from './tokens.js';
import { transferRoutes } from './transfers.js';
import { keywordTestRoute, webhookTestRoute } from './try-out.js';

/** The chatbot configuration API of seed 000, under /api/chatbot. */
export interface ChatbotApiDeps extends TokenLimitsDeps {
  store: Store;
  service: ConversationService;
  clock: Clock;
  botCache: BotCache;
  desk: AgentDesk;
  /** The webhook test event goes out as the webhook bot's events do. */
  outbound: OutboundClient;
  /** An agent lost their access: close their consoles, requeue their chats. */
  onAgentRevoked?: AgentRoutesDeps['onAgentRevoked'];
  /** A visitor's token was revoked: close their open sockets. */
  onVisitorRevoked?: (visitorId: string) => void;
}

export function chatbotApi(deps: ChatbotApiDeps) {
  const { store, service, clock } = deps;
  const app = new Hono<AdminEnv>();
  app.use('*', adminAuth({ ...deps, limit: 'admin', scope: 'config', owners: true }));
  for (const path of ['/api-keys', '/api-keys/*', '/admin-token', '/api-security-token', '/identity-verification', '/identity-verification/*']) app.use(path, wholeBotOnly);
  // Whatever a write changed, the next visitor message must see it.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET') deps.botCache.invalidate(c.get('bot').id);
  });
  app.route('/api-keys', apiKeyRoutes({ store, clock }));
  // Which bot the token is for: the console embeds its widget by the key.
  app.get('/bot', (c) => {
    const bot = c.get('bot');
    return c.json(success({ id: bot.id, key: bot.key, name: bot.name }));
  });
  app.route('/settings/webhook-test', webhookTestRoute(deps.outbound));
  app.route('/settings', settingsRoutes(store));
  app.route('/identity-verification', identityVerificationRoutes(store));
  app.route('/keywords/test', keywordTestRoute(deps.botCache));
  app.route('/keywords', collectionRoutes(keywordRules(store, clock)));
  app.route('/ai-contexts', collectionRoutes(aiContexts(store, clock)));
  app.route('/flows', collectionRoutes(flows(store, clock)));
  app.route('/transfers', transferRoutes(store, service, deps.desk));
  app.route('/sessions', sessionRoutes(store));
  app.route('/', noteRoutes(store));
  app.route('/agents', agentRoutes({ store, clock, onAgentRevoked: deps.onAgentRevoked ?? (async () => undefined) }));
  app.route('/teams', collectionRoutes(teams(store, clock)));
  app.route('/canned-responses', collectionRoutes(cannedResponses(store, clock)));
  // The 002 sections: lists and singletons kept in the settings.
  app.route('/links', collectionRoutes(settingsList(store, 'links', 'link')));
  app.route('/custom-content', collectionRoutes(settingsList(store, 'custom_content', 'custom content block')));
  app.route('/follow-up-prompts', collectionRoutes(settingsList(store, 'follow_up_prompts', 'follow-up prompt')));
  app.route('/prompts', collectionRoutes(settingsList(store, 'prompts', 'prompt')));
  app.route('/icons', settingsSingleton(store, 'icons'));
  app.route('/messages', settingsSingleton(store, 'widget_messages'));
  app.route('/', tokenRoutes({ store, clock, onVisitorRevoked: deps.onVisitorRevoked ?? (() => undefined) }));
  return app;
}
