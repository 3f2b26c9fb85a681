import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
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
import { parseOrThrow as parse } from '../lib/validation.js';
import type { Store } from '../store/index.js';
import {
  openConversationSchema,
  personaSchema,
  reactionSchema,
  readSchema,
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

function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'something went wrong on the server' };
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
    typing(conversationId, until) {
      io.to(conversationRoom(conversationId)).emit('typing', { conversationId, until });
    },
    conversation(view) {
      io.to(conversationRoom(view.id)).emit('conversation:update', view);
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
    /** Wraps a handler: a missing ack, a bad payload or a thrown error never escapes. */
    function handle<Req, Res>(
      run: (req: Req) => Promise<Res>,
    ): (req: Req, ack: (res: Ack<Res>) => void) => void {
      return (req, ack) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        run(req).then(
          (data) => reply({ ok: true, data }),
          (err: unknown) => {
            if (!(err instanceof AppError)) log('socket handler failed', err);
            reply({ ok: false, error: toErrorBody(err) });
          },
        );
      };
    }

    socket.on(
      'conversation:open',
      handle(async (raw) => {
        const req = parse(openConversationSchema, raw ?? {});
        return visitors.open(socket.data, req, async (conversationId) => {
          await socket.join(conversationRoom(conversationId));
        });
      }),
    );

    socket.on(
      'visitor:event',
      handle(async (raw) => {
        const message = await visitors.visitorEvent(socket.data, parse(visitorEventSchema, raw));
        return { message };
      }),
    );

    socket.on(
      'visitor:identify',
      handle(async (raw) => {
        const req = parse(visitorProfileSchema, raw);
        return { profile: await visitors.identify(socket.data, req) };
      }),
    );

    socket.on(
      'message:react',
      handle(async (raw) => {
        const req = parse(reactionSchema, raw);
        return { message: await visitors.react(socket.data, req.conversationId, req.messageId, req.reaction) };
      }),
    );

    socket.on(
      'persona:select',
      handle(async (raw) => {
        const req = parse(personaSchema, raw);
        return { personaId: await visitors.selectPersona(socket.data, req.conversationId, req.personaId) };
      }),
    );

    socket.on(
      'conversation:read',
      handle(async (raw) => {
        const req = parse(readSchema, raw);
        return { seq: await visitors.markRead(socket.data, req.conversationId, req.seq) };
      }),
    );
  });
}
