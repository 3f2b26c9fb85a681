import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  MAX_SOCKET_PAYLOAD_BYTES,
  type Ack,
  type ClientToServerEvents,
  type ErrorBody,
  type ServerToClientEvents,
} from '../../shared/index.js';
import type { VisitorRequests } from '../conversations/visitor-requests.js';
import type { ConversationPublisher } from '../conversations/publisher.js';
import { authenticateVisitor, type VisitorPrincipal } from '../identity/visitor-auth.js';
import { AppError } from '../lib/errors.js';
import type { Log } from '../lib/logger.js';
import { parseOrThrow as parse } from '../lib/validation.js';
import type { Store } from '../store/index.js';
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

export interface GatewayDeps {
  store: Store;
  secret: string;
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
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'something went wrong on the server' };
}

/** The conversation an event's payload names, for the log line of its failure. */
function conversationOf(payload: unknown): { conversationId?: string } {
  const id = payload && typeof payload === 'object' ? (payload as { conversationId?: unknown }).conversationId : undefined;
  return typeof id === 'string' && id.length <= 100 ? { conversationId: id } : {};
}

/** A socket of any namespace, as the event helper sees it. */
interface AnySocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

/** What an event of an event map acknowledges on success. */
type AckDataOf<Events, E extends keyof Events> = Events[E] extends (req: never, ack: (res: Ack<infer T>) => void) => void ? T : never;

/**
 * The events of one socket: each registered event's payload is parsed by its schema (a
 * missing one is a bad_request naming what the event takes), a thrown error never escapes,
 * the ack is optional, and an event nobody registered is answered, never met with silence.
 */
export function socketEvents<Events>(socket: AnySocket, log: Log) {
  const known = new Set<string>();

  /** A refusal goes back on the ack; without one, as an `event:refused` event. */
  function refuse(event: string, error: ErrorBody, ack: AckFn | undefined): void {
    if (ack) ack({ ok: false, error });
    else socket.emit('event:refused', { event, error });
  }

  // Runs before the listeners, for every packet: an event nobody listens to is answered here.
  socket.use((packet, next) => {
    const event = String(packet[0]);
    if (known.has(event)) return next();
    const { ack } = splitArgs(packet.slice(1));
    refuse(event, { code: 'bad_request', message: `unknown event ${JSON.stringify(event.slice(0, 100))}` }, ack);
  });

  return function on<E extends keyof Events & string, S extends z.ZodObject>(
    event: E,
    schema: S,
    run: (req: z.output<S>) => Promise<AckDataOf<Events, E>>,
  ): void {
    known.add(event);
    socket.on(event, (...args: unknown[]) => {
      const { payload, ack } = splitArgs(args);
      const work =
        payload === undefined || payload === null
          ? Promise.reject(new AppError('bad_request', `missing payload: ${event} takes ${describeShape(schema)}`))
          : Promise.resolve().then(() => run(parse(schema, payload)));
      work.then(
        (data) => ack?.({ ok: true, data }),
        (err: unknown) => {
          if (!(err instanceof AppError)) log(`socket ${event} failed`, err, conversationOf(payload));
          refuse(event, toErrorBody(err), ack);
        },
      );
    });
  };
}

/** The realtime gateway: Socket.IO on the same HTTP server, translating socket events to visitor requests. */
export function createRealtimeServer(httpServer: HttpServer): RealtimeServer {
  return new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    // The widget runs on site owners' origins; per-bot allowed origins come later.
    cors: { origin: true },
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
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

export function attachVisitorHandlers(io: RealtimeServer, visitors: VisitorRequests, deps: GatewayDeps): void {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));

  // Every connection proves who it is: a known bot key and a visitor token signed for it.
  io.use(async (socket, next) => {
    try {
      const auth = visitorAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error('invalid_token'));
      socket.data = await authenticateVisitor(deps.store, deps.secret, auth.data.botKey, auth.data.token);
      next();
    } catch (err) {
      if (err instanceof AppError) return next(new Error(err.code));
      log('socket handshake failed', err);
      next(new Error('internal'));
    }
  });

  io.on('connection', (socket: VisitorSocket) => {
    const on = socketEvents<ClientToServerEvents>(socket, log);

    on('conversation:open', openConversationSchema, (req) =>
      visitors.open(socket.data, req, async (conversationId) => {
        await socket.join(conversationRoom(conversationId));
      }),
    );

    on('visitor:event', visitorEventSchema, async (req) => ({ message: await visitors.visitorEvent(socket.data, req) }));

    on('visitor:identify', visitorProfileSchema, async (req) => ({ profile: await visitors.identify(socket.data, req) }));

    on('message:react', reactionSchema, async (req) => ({
      message: await visitors.react(socket.data, req.conversationId, req.messageId, req.reaction),
    }));

    on('persona:select', personaSchema, async (req) => ({
      personaId: await visitors.selectPersona(socket.data, req.conversationId, req.personaId),
    }));

    on('answer:stop', answerStopSchema, async (req) => ({ stopped: await visitors.stopAnswer(socket.data, req.conversationId, req.draftId) }));

    on('conversation:read', readSchema, async (req) => ({ seq: await visitors.markRead(socket.data, req.conversationId, req.seq) }));

    on('visitor:typing', typingSchema, async (req) => {
      await visitors.typing(socket.data, req.conversationId, req.typing);
      return {};
    });
  });
}
