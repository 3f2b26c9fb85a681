import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents } from '../../shared/agent-events.js';
import { MAX_CLIENT_ID_LENGTH, MAX_MESSAGE_LENGTH } from '../../shared/index.js';
import type { AgentDesk, AgentPublisher } from '../agents/agent-desk.js';
import { authenticateAgent, findAgent, type Agent } from '../identity/agent-auth.js';
import { originAllowed, SELF_ORIGIN } from '../lib/allowed-origins.js';
import { roomsElsewhere, type Cluster } from '../lib/cluster/index.js';
import { AppError } from '../lib/errors.js';
import { TRUST_NOBODY, type Limits, type TrustProxy } from '../lib/limits/index.js';
import type { Store } from '../store/index.js';
import { connectError, handshakeAddress, socketEvents, type RealtimeServer } from './gateway.js';

type AgentData = { agentId: string; botId: string; tabId: string; ip: string };
type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentData>;
type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentData>;

const BOT_ROOM = 'bot:';
const botRoom = (botId: string) => `${BOT_ROOM}${botId}`;
const watchRoom = (conversationId: string) => `watch:${conversationId}`;
const agentRoom = (agentId: string) => `agent:${agentId}`;

const id = z.string().min(1).max(100);
const conversation = z.object({ conversationId: id }).strict();
const schemas = {
  empty: z.object({}).strict(),
  status: z.object({ status: z.enum(['online', 'away']) }).strict(),
  watch: z.object({ conversationId: id, after: z.number().int().min(0).optional() }).strict(),
  conversation,
  pick: z.object({ teamId: id.optional() }).strict(),
  assign: z.object({ conversationId: id, agentId: id }).strict(),
  transfer: z.object({ conversationId: id, teamId: id.nullable(), notes: z.string().max(5_000).optional() }).strict(),
  message: z
    .object({
      conversationId: id,
      clientId: z.string().min(1).max(MAX_CLIENT_ID_LENGTH),
      // The text rule (trimmed, not empty, at most MAX_MESSAGE_LENGTH) is the conversation core's.
      body: z.string().max(MAX_MESSAGE_LENGTH * 2),
      attachment: z
        .object({
          link: z.string().regex(/^\/uploads\/[\w-]+\.[a-z0-9]+$|^https?:\/\/[^\s]+\/uploads\/[\w-]+\.[a-z0-9]+$/, 'a file uploaded with POST /api/console/uploads'),
          type: z.enum(['image', 'file']),
          name: z.string().min(1).max(200).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  note: z.object({ conversationId: id, body: z.string().trim().min(1, 'the note is empty').max(5_000) }).strict(),
  typing: z.object({ conversationId: id, typing: z.boolean() }).strict(),
  read: z.object({ conversationId: id, seq: z.number().int().min(0) }).strict(),
};

/**
 * The consoles' side of the desk's news: rooms per bot, per watched conversation. With several
 * nodes (`cluster.shared`) the others tell which bots have a console open there.
 */
export function agentSocketPublisher(
  io: RealtimeServer,
  cluster?: Cluster,
): AgentPublisher & { disconnectAgent(agentId: string): void; disconnectBot(botId: string): void; /** Settles when it knows the other nodes' consoles (at once on one node). */ known: Promise<void> } {
  const nsp = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const local = (botId?: string) => (botId === undefined ? nsp.sockets.size > 0 : (nsp.adapter.rooms.get(botRoom(botId))?.size ?? 0) > 0);
  const elsewhere = cluster?.shared ? roomsElsewhere(cluster, () => [...nsp.adapter.rooms.keys()].filter((room) => room.startsWith(BOT_ROOM))) : undefined;
  if (elsewhere) nsp.adapter.on('create-room', (room: string) => room.startsWith(BOT_ROOM) && elsewhere.opened(room));
  const watching = (botId?: string) => local(botId) || (elsewhere?.occupied(botId === undefined ? undefined : botRoom(botId)) ?? false);
  // A console watching a conversation is in its bot's room since it connected, so with none
  // anywhere nobody watches: with several nodes each emit was a Redis XADD, read back by every node.
  const toWatchers = (conversationId: string) => (watching() ? nsp.to(watchRoom(conversationId)) : undefined);
  return {
    message: (conversationId, message) => void toWatchers(conversationId)?.emit('message:new', message),
    messageUpdate: (conversationId, message) => void toWatchers(conversationId)?.emit('message:update', message),
    inbox: (botId, summary) => void nsp.to(botRoom(botId)).emit('inbox:update', summary),
    presence: (botId, agent) => void nsp.to(botRoom(botId)).emit('presence:update', agent),
    note: (conversationId, note) => void toWatchers(conversationId)?.emit('note:new', { ...note, conversationId }),
    visitorTyping: (conversationId, typing) => void toWatchers(conversationId)?.emit('visitor:typing', { conversationId, typing }),
    watching,
    disconnectAgent: (agentId) => void nsp.in(agentRoom(agentId)).disconnectSockets(true),
    disconnectBot: (botId) => void nsp.in(botRoom(botId)).disconnectSockets(true),
    known: elsewhere?.known ?? Promise.resolve(),
  };
}

export interface AgentGatewayDeps {
  store: Store;
  /** The limits table's counters: handshakes per address, and every console event. */
  limits: Limits;
  trustProxy?: TrustProxy;
  /** This server's public URL: the console's own origin. */
  publicUrl: () => string;
  log?: (message: string, err?: unknown) => void;
}

/**
 * The `/agents` namespace: consoles sign in with an agent's own token (never a visitor's),
 * and every event goes to the agent desk as that agent, re-read from the store each time so a
 * deleted agent is refused at once. The console is this server's own page, so a browser's
 * handshake from any other origin is refused before anything else (a page elsewhere holding
 * a leaked token cannot drive the inbox from its visitors' browsers); then handshakes are
 * counted per address before the token is checked, and events per agent and address, as the
 * visitors' are.
 */
export function attachAgentHandlers(io: RealtimeServer, desk: AgentDesk, deps: AgentGatewayDeps): void {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const nsp = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const trust = deps.trustProxy ?? TRUST_NOBODY;

  nsp.use(async (socket, next) => {
    try {
      const { origin, host } = socket.handshake.headers;
      if (!originAllowed([SELF_ORIGIN], origin, { publicUrl: deps.publicUrl(), host })) {
        return next(connectError(new AppError('origin_not_allowed', `this page (${origin}) may not open the console: it is served by this server only`)));
      }
      const ip = handshakeAddress(socket, trust);
      await deps.limits.take('console-connect', { ip });
      const auth = z.object({ token: z.string().min(1).max(200) }).safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error('invalid_token'));
      const agent = await authenticateAgent(deps.store, auth.data.token);
      socket.data = { agentId: agent.id, botId: agent.botId, tabId: randomUUID(), ip };
      next();
    } catch (err) {
      if (err instanceof AppError) return next(connectError(err));
      log('agent socket handshake failed', err);
      next(new Error('internal'));
    }
  });

  nsp.on('connection', (socket: AgentSocket) => {
    const { agentId, botId, tabId, ip } = socket.data;
    const register = socketEvents<AgentClientEvents>(socket, log);
    // Each event is counted first: a refused one reads and writes nothing.
    const on: typeof register = (event, schema, run) =>
      register(event, schema, async (req) => {
        await deps.limits.take('console-event', { agent: agentId, ip });
        return run(req);
      });
    const me = async (): Promise<Agent> => {
      const agent = await findAgent(deps.store, botId, agentId);
      if (!agent) {
        socket.disconnect(true);
        throw new AppError('invalid_token', 'this agent no longer exists');
      }
      return agent;
    };

    void socket.join([botRoom(botId), agentRoom(agentId)]);
    void me()
      .then((agent) => desk.connected(agent, tabId))
      .catch((err: unknown) => log('agent connect failed', err));
    socket.on('disconnect', () => desk.disconnected({ id: agentId, botId } as Agent, tabId));

    on('inbox:get', schemas.empty, async () => desk.snapshot(await me()));
    on('agent:status', schemas.status, async (req) => ({ status: await desk.setStatus(await me(), req.status) }));
    on('conversation:watch', schemas.watch, async (req) => {
      const detail = await desk.detail(await me(), req.conversationId, req.after);
      await socket.join(watchRoom(req.conversationId));
      return detail;
    });
    on('conversation:unwatch', schemas.conversation, async (req) => {
      await socket.leave(watchRoom(req.conversationId));
      return {};
    });
    on('transfer:pick-next', schemas.pick, async (req) => ({ conversation: await desk.pickNext(await me(), req.teamId) }));
    on('conversation:assign', schemas.assign, async (req) => ({ conversation: await desk.assign(await me(), req.conversationId, req.agentId) }));
    on('conversation:transfer', schemas.transfer, async (req) => ({
      conversation: await desk.transferToTeam(await me(), req.conversationId, req.teamId, req.notes),
    }));
    on('conversation:resume-bot', schemas.conversation, async (req) => ({ conversation: await desk.resumeBot(await me(), req.conversationId) }));
    on('conversation:end', schemas.conversation, async (req) => ({ conversation: await desk.end(await me(), req.conversationId) }));
    on('agent:message', schemas.message, async (req) => ({ message: await desk.reply(await me(), req) }));
    on('agent:note', schemas.note, async (req) => ({ note: await desk.note(await me(), req.conversationId, req.body) }));
    on('agent:typing', schemas.typing, async (req) => {
      await desk.typing(await me(), req.conversationId, req.typing);
      return {};
    });
    on('conversation:read', schemas.read, async (req) => ({ seq: await desk.read(await me(), req.conversationId, req.seq) }));
  });
}
