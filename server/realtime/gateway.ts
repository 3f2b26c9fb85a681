import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  MAX_SOCKET_PAYLOAD_BYTES,
  type Ack,
  type ClientToServerEvents,
  type ConversationSnapshot,
  type ErrorBody,
  type ServerToClientEvents,
} from '../../shared/index.js';
import { subjectOf, type VisitorRequests } from '../conversations/visitor-requests.js';
import type { ConversationPublisher } from '../conversations/publisher.js';
import { authenticateVisitorOf, DEFAULT_VISITOR_TOKEN_TTL_MS, type VisitorPrincipal } from '../identity/visitor-auth.js';
import { originAllowed } from '../lib/allowed-origins.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { AppError, originRefusal } from '../lib/errors.js';
import { clientAddress, RateLimited, TRUST_NOBODY, type LimitName, type Limits, type TrustProxy } from '../lib/limits/index.js';
import type { Log } from '../lib/logger.js';
import { parseOrThrow as parse } from '../lib/validation.js';
import type { Store } from '../store/index.js';
import { storeFailure } from '../store/store-errors.js';
import {
  answerStopSchema,
  openConversationSchema,
  personaSchema,
  reactionSchema,
  readSchema,
  typingSchema,
  visitorAuthSchema,
  visitorEventSchema,
  visitorProfileSchema,
} from './schemas.js';

type InterServerEvents = Record<string, never>;
type SocketData = VisitorPrincipal;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type VisitorSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const conversationRoom = (id: string) => `conversation:${id}`;
/** Every socket of one visitor (their tabs): revoking the visitor's token closes them. */
const visitorRoom = (id: string) => `visitor:${id}`;

export interface GatewayDeps {
  store: Store;
  secret: string;
  clock?: Clock;
  /** CONFAB_VISITOR_TOKEN_TTL_DAYS in ms (90 days by default). */
  visitorTokenTtlMs?: number;
  /** The limits table's counters: handshakes per address, and every visitor event. */
  limits: Limits;
  /** Whose X-Forwarded-For names the client (CONFAB_TRUST_PROXY); nobody's by default. */
  trustProxy?: TrustProxy;
  /** This server's public URL: what a bot's `self` origin means. */
  publicUrl: () => string;
  log?: (message: string, err?: unknown) => void;
}

type AckFn = (res: Ack<unknown>) => void;

/** A socket.io event's arguments: the payload first, the ack (when the client wants one) last. */
function splitArgs(args: readonly unknown[]): { payload: unknown; ack: AckFn | undefined } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as AckFn) : undefined;
  return { payload: ack ? args.slice(0, -1)[0] : args[0], ack };
}

/** "{conversationId, seq}": the fields a schema takes, optional ones marked, for a missing payload's message. */
function describeShape(schema: z.ZodObject): string {
  const fields = Object.entries(schema.shape).map(([key, field]) => (field.safeParse(undefined).success ? `${key}?` : key));
  return `{${fields.join(', ')}}`;
}

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof RateLimited) return { code: err.code, message: err.message, retryAfterMs: err.retryAfterMs };
  if (err instanceof AppError) return { code: err.code, message: err.message };
  const storeDown = storeFailure(err);
  if (storeDown) return { code: storeDown.code, message: storeDown.message };
  return { code: 'internal', message: 'something went wrong on the server' };
}

/** The conversation an event's payload names, for the log line of its failure. */
function conversationOf(payload: unknown): { conversationId?: string } {
  const id = payload && typeof payload === 'object' ? (payload as { conversationId?: unknown }).conversationId : undefined;
  return typeof id === 'string' && id.length <= 100 ? { conversationId: id } : {};
}

/** A handshake refusal: the code as the connect_error's message, code and words in its data. */

/** A socket of any namespace, as the event helper sees it. */
interface AnySocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

/** What an event of an event map acknowledges on success. */
type AckDataOf<Events, E extends keyof Events> = Events[E] extends (req: never, ack: (res: Ack<infer T>) => void) => void ? T : never;

/**
 * The events of a namespace, registered once for all its sockets: each registered event's
 * payload is parsed by its schema (a missing one is a bad_request naming what the event
 * takes), a thrown error never escapes, the ack is optional, and an event nobody registered is
 * answered, never met with silence. A socket gets one middleware that handles its packets,
 * not a listener and its closures per event: 10,000 idle sockets hold a closure each, not two dozen.
 */
export function socketEventTable<Events, S extends AnySocket>(log: Log) {
  const handlers = new Map<string, { schema: z.ZodObject; run: (socket: S, req: unknown) => Promise<unknown> }>();

  /** A refusal goes back on the ack; without one, as an `event:refused` event. */
  function refuse(socket: S, event: string, error: ErrorBody, ack: AckFn | undefined): void {
    if (ack) ack({ ok: false, error });
    else socket.emit('event:refused', { event, error });
  }

  function handle(socket: S, packet: unknown[]): void {
    const event = String(packet[0]);
    const { payload, ack } = splitArgs(packet.slice(1));
    const handler = handlers.get(event);
    if (!handler) return refuse(socket, event, { code: 'bad_request', message: `unknown event ${JSON.stringify(event.slice(0, 100))}` }, ack);
    const work =
      payload === undefined || payload === null
        ? Promise.reject(new AppError('bad_request', `missing payload: ${event} takes ${describeShape(handler.schema)}`))
        : Promise.resolve().then(() => handler.run(socket, parse(handler.schema, payload)));
    work.then(
      (data) => ack?.({ ok: true, data }),
      (err: unknown) => {
        if (!(err instanceof AppError)) log(`socket ${event} failed`, err, conversationOf(payload));
        refuse(socket, event, toErrorBody(err), ack);
      },
    );
  }

  return {
    on<E extends keyof Events & string, Schema extends z.ZodObject>(
      event: E,
      schema: Schema,
      run: (socket: S, req: z.output<Schema>) => Promise<AckDataOf<Events, E>>,
    ): void {
      handlers.set(event, { schema, run: run as (socket: S, req: unknown) => Promise<unknown> });
    },
    /** Every packet of the socket is handled here (none reaches its listeners). */
    attach(socket: S): void {
      socket.use((packet) => handle(socket, packet));
    },
    /** One event as if the socket had sent it: the same parsing, limits and ack envelope. */
    dispatch(socket: S, event: keyof Events & string, payload: unknown, ack: AckFn): void {
      handle(socket, [event, payload, ack]);
    },
  };
}

/** The events of one socket, registered for it alone (the agents' consoles: few sockets). */
export function socketEvents<Events>(socket: AnySocket, log: Log) {
  const table = socketEventTable<Events, AnySocket>(log);
  table.attach(socket);
  return function on<E extends keyof Events & string, S extends z.ZodObject>(event: E, schema: S, run: (req: z.output<S>) => Promise<AckDataOf<Events, E>>): void {
    table.on(event, schema, (_socket, req) => run(req));
  };
}

/** The realtime gateway: Socket.IO on the same HTTP server, translating socket events to visitor requests. */
/**
 * The heartbeat: the server pings every PING_INTERVAL_MS and drops a socket whose pong has not
 * come PING_TIMEOUT_MS later; the client gives up on a server silent for both together. So a
 * path that stalls without closing (a dead Wi-Fi, a NAT that forgot the connection) is noticed
 * within 15 s on both sides, where Socket.IO's defaults (25 s + 20 s) take 45 s. A ping is a
 * few bytes, and 5 s leaves a loaded machine time to answer.
 */
export const PING_INTERVAL_MS = 10_000;
export const PING_TIMEOUT_MS = 5_000;

/** `adapter`: the Redis streams adapter with several nodes (rooms span them); in memory by default. */
export function createRealtimeServer(httpServer: HttpServer, adapter?: ServerOptions['adapter']): RealtimeServer {
  return new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    ...(adapter ? { adapter } : {}),
    // The widget runs on site owners' origins; per-bot allowed origins come later.
    cors: { origin: true },
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
  });
}

export function socketPublisher(io: RealtimeServer): ConversationPublisher {
  return {
    message(conversationId, message) {
      io.to(conversationRoom(conversationId)).emit('message:new', message);
    },
    messageUpdate(conversationId, message) {
      io.to(conversationRoom(conversationId)).emit('message:update', message);
    },
    typing(conversationId, until, agent) {
      io.to(conversationRoom(conversationId)).emit('typing', agent ? { conversationId, until, agent } : { conversationId, until });
    },
    conversation(view) {
      io.to(conversationRoom(view.id)).emit('conversation:update', view);
    },
    draft(draft) {
      io.to(conversationRoom(draft.conversationId)).emit('message:draft', draft);
    },
  };
}

/**
 * A refused handshake: the code is the connect_error's message (what the widget acts on, e.g.
 * invalid_token → start as a new visitor), and `data` says why in words.
 */
export function connectError(err: AppError): Error {
  return Object.assign(new Error(err.code), { data: toErrorBody(err) });
}

/** The handshake's client address, through the proxies `trust` names (the limits count it). */
export function handshakeAddress(socket: Pick<Socket, 'handshake'>, trust: TrustProxy): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  return clientAddress(trust, socket.handshake.address, Array.isArray(forwarded) ? forwarded.join(',') : forwarded);
}

/** Closes every open socket of a visitor (their token was revoked). */
export function disconnectVisitor(io: RealtimeServer, visitorId: string): void {
  io.in(visitorRoom(visitorId)).disconnectSockets(true);
}

export function attachVisitorHandlers(io: RealtimeServer, visitors: VisitorRequests, deps: GatewayDeps): void {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));

  const trust = deps.trustProxy ?? TRUST_NOBODY;
  const { limits } = deps;
  // Every connection proves who it is: a known bot key and a visitor token signed for it.
  // A page the bot does not allow is refused before anything else, whatever its token; then
  // handshakes are counted per address, so a flood of them costs no token checks.
  io.use(async (socket, next) => {
    try {
      const auth = visitorAuthSchema.safeParse(socket.handshake.auth);
      const bot = auth.success ? await deps.store.bots.findByKey(auth.data.botKey) : undefined;
      const { origin, host } = socket.handshake.headers;
      if (bot && !originAllowed(bot.settings.allowed_origins, origin, { publicUrl: deps.publicUrl(), host })) return next(connectError(originRefusal(origin)));
      const ip = handshakeAddress(socket, trust);
      await limits.take('connect', { ip });
      if (!auth.success) return next(connectError(new AppError('invalid_token', 'the handshake needs auth {botKey, token}')));
      const principal = await authenticateVisitorOf(deps.store, deps.secret, bot, auth.data.botKey, auth.data.token, {
        now: (deps.clock ?? systemClock).now(),
        ttlMs: deps.visitorTokenTtlMs ?? DEFAULT_VISITOR_TOKEN_TTL_MS,
      });
      socket.data = { ...principal, ip };
      next();
    } catch (err) {
      // socket.io hands `data` to the client's connect_error: the code, and when to try again.
      if (err instanceof AppError) return next(connectError(err));
      log('socket handshake failed', err);
      next(new Error(storeFailure(err)?.code ?? 'internal'));
    }
  });

  const events = socketEventTable<ClientToServerEvents, VisitorSocket>(log);
  /** The event is counted first (visitor, address, bot): a refused one reads and writes nothing. */
  const limited =
    <Req, T>(name: LimitName, run: (socket: VisitorSocket, req: Req) => Promise<T>) =>
    async (socket: VisitorSocket, req: Req): Promise<T> => {
      await limits.take(name, subjectOf(socket.data));
      return run(socket, req);
    };

  events.on(
    'conversation:open',
    openConversationSchema,
    limited('open', (socket, req) =>
      visitors.open(socket.data, req, async (conversationId) => {
        await socket.join(conversationRoom(conversationId));
      }),
    ),
  );

  // Counted inside: the API channel's messages share the visitor's budget.
  events.on('visitor:event', visitorEventSchema, async (socket, req) => ({ message: await visitors.visitorEvent(socket.data, req) }));

  events.on(
    'visitor:identify',
    visitorProfileSchema,
    limited('identify', async (socket, req) => {
      const { profile, principal } = await visitors.identify(socket.data, req);
      // A proven visitor may now be an older contact: this socket acts as that contact from here on.
      socket.data = { ...principal, ip: socket.data.ip };
      return { profile };
    }),
  );

  events.on(
    'message:react',
    reactionSchema,
    limited('react', async (socket, req) => ({ message: await visitors.react(socket.data, req.conversationId, req.messageId, req.reaction) })),
  );

  events.on(
    'persona:select',
    personaSchema,
    limited('persona', async (socket, req) => ({ personaId: await visitors.selectPersona(socket.data, req.conversationId, req.personaId) })),
  );

  events.on(
    'answer:stop',
    answerStopSchema,
    limited('stop', async (socket, req) => ({ stopped: await visitors.stopAnswer(socket.data, req.conversationId, req.draftId) })),
  );

  events.on('conversation:read', readSchema, limited('read', async (socket, req) => ({ seq: await visitors.markRead(socket.data, req.conversationId, req.seq) })));

  events.on(
    'visitor:typing',
    typingSchema,
    limited('typing', async (socket, req) => {
      await visitors.typing(socket.data, req.conversationId, req.typing);
      return {};
    }),
  );

  io.on('connection', (socket: VisitorSocket) => {
    void socket.join(visitorRoom(socket.data.visitorId));
    events.attach(socket);
    // The greeting with the handshake: a client that names the conversation to open in its
    // auth gets what conversation:open would ack, as conversation:opened, one round trip
    // sooner. The same handler, so the same checks, limits and envelope; reconnects and
    // other clients keep asking with conversation:open.
    const open = (socket.handshake.auth as { open?: unknown }).open;
    if (open !== undefined) events.dispatch(socket, 'conversation:open', open, (res) => void socket.emit('conversation:opened', res as Ack<ConversationSnapshot>));
  });
}
