import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../store/index.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { VisitorRequests } from '../conversations/visitor-requests.js';
import { demoApi } from '../demo/demo-api.js';
import type { AgentDesk } from '../agents/agent-desk.js';
import type { BotCache } from '../bots/bot-cache.js';
import type { MessageBus } from '../conversations/message-bus.js';
import { apiChannel } from './api-v1/api-channel.js';
import { threadsApi } from './api-v1/threads.js';
import { botApi } from './bot-api.js';
import type { Limits, TrustProxy } from '../lib/limits/index.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import { chatbotApi } from './chatbot/index.js';
import { consoleAssets } from './console-assets.js';
import { ownerApi } from './console/owner-api.js';
import { chatbotEnvelope, envelopeOf, errorHandler, errorResponse } from './envelopes.js';
import { apiReference } from './openapi/api-reference.js';
import { operationsApi, requestTracking, type OperationsDeps } from './operations.js';
import { staticAssets, type StaticDeps } from './static-assets.js';
import { consoleUploadApi, uploadApi, uploadFiles } from './uploads.js';
import { widgetApi } from './widget-api.js';

export interface AppDeps extends StaticDeps, Omit<OperationsDeps, 'store'> {
  store: Store;
  botCache: BotCache;
  bus: MessageBus;
  dataDir: string;
  /** Several nodes: uploads are kept in the database (uploads.ts). */
  sharedUploads?: boolean;
  /** This server's public URL (PUBLIC_URL, else http://localhost:PORT): upload links are under it. */
  publicUrl: () => string;
  service: ConversationService;
  visitorRequests: VisitorRequests;
  secret: string;
  clock: Clock;
  desk: AgentDesk;
  /** The limits table's counters: every public route and every token's API is counted. */
  limits: Limits;
  /** Whose X-Forwarded-For names the client (CONFAB_TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** The outbound client: the bot API checks media links through it. */
  outbound: OutboundClient;
  log?: (message: string, err?: unknown) => void;
  /** Request ids, request log lines and the count of running requests (the server's, for its shutdown). */
  requests?: ReturnType<typeof requestTracking>;
  /** An agent lost their access (deleted, token revoked): close their consoles, requeue their chats. */
  onAgentRevoked?: (agent: { id: string; botId: string; name: string }) => Promise<void>;
  /** The owner revoked a visitor's token: close the visitor's sockets. */
  onVisitorRevoked?: (visitorId: string) => void;
  /** A bot was deleted (its owner's console): close its visitors' and agents' sockets. */
  onBotDeleted?: (botId: string, visitorIds: string[]) => void;
  /** CONFAB_VISITOR_TOKEN_TTL_DAYS in ms (90 days by default). */
  visitorTokenTtlMs?: number;
}

/** All HTTP routes of one Confab server; tests call `app.request()` on it directly. */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const app = new Hono();

  app.use('*', (deps.requests ?? requestTracking(undefined)).middleware);
  // On every response: nosniff, no referrer, same-origin framing and opener, and so on
  // (hono's defaults), except what would break the widget on other sites: its script, chunks
  // and files load from host pages' origins (no Cross-Origin-Resource-Policy). HSTS belongs
  // to whoever terminates TLS (the reverse proxy), not to this server. A page's own header
  // wins (the console's X-Frame-Options: DENY), so these are defaults, never overrides.
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false, strictTransportSecurity: false, overwrite: false }));

  // Uploads have a limit of their own; every other API body is small.
  const apiBodyLimit = bodyLimit({ maxSize: 256 * 1024, onError: (c) => errorResponse(c, 413, 'the request body is too large', envelopeOf(c.req.path)) });
  const isUpload = (path: string) => path.startsWith('/api/widget/uploads') || path.startsWith('/api/console/uploads');
  app.use('/api/*', (c, next) => (isUpload(c.req.path) ? next() : apiBodyLimit(c, next)));

  app.route('/', operationsApi(deps));
  app.route('/api/widget/uploads', uploadApi(deps));
  app.route('/api/console/uploads', consoleUploadApi(deps));
  app.route('/api/console', ownerApi({ ...deps, log }));
  app.route('/uploads', uploadFiles(deps));
  app.route('/api/widget', widgetApi(deps));
  // Before /api/chatbot: the bot API URL authenticates with SECURITY-TOKEN, not an admin token.
  app.route('/api/chatbot/v1', botApi(deps));
  app.route('/api/chatbot', chatbotApi(deps));
  app.route('/api/v1/chatbots', threadsApi({ ...deps, log }));
  app.route('/api/v1', apiChannel({ ...deps, log }));
  app.route('/demo/api', demoApi());
  app.route('/', apiReference(deps));
  app.route('/', consoleAssets(deps));
  app.route('/', staticAssets(deps));

  app.notFound((c) => errorResponse(c, 404, `no route for ${c.req.method} ${c.req.path}`, envelopeOf(c.req.path)));
  app.onError(errorHandler(chatbotEnvelope, log));
  return app;
}
