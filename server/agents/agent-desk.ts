import type {
  AgentAttachment,
  AgentPresenceView,
  AgentProfile,
  AgentStatus,
  ChosenStatus,
  ConversationDetail,
  ConversationState,
  ConversationSummary,
  InboxSnapshot,
  NoteView,
  PanelSection,
  TransferView,
} from '../../shared/agent-events.js';
import type { MessageRecord } from '../../shared/index.js';
import { HISTORY_PAGE_SIZE } from '../../shared/index.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { messageText } from '../conversations/message-text.js';
import { fullConversationView, queuePosition } from '../conversations/people-view.js';
import type { ConversationPublisher } from '../conversations/publisher.js';
import { agentUploadOwner, findAgent, type Agent } from '../identity/agent-auth.js';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { uploadFileOf, uploadLink } from '../lib/upload-links.js';
import type { Log } from '../lib/logger.js';
import type { Conversation, Note, Store, Transfer } from '../store/index.js';
import { loadOf, type AgentPresence } from './presence.js';

/** Where the desk's news goes: the console's sockets. */
export interface AgentPublisher {
  /** A stored message of a conversation (consoles watching it show it). */
  message(conversationId: string, message: MessageRecord): void;
  messageUpdate(conversationId: string, message: MessageRecord): void;
  /** A conversation's row changed: every console of the bot replaces it. */
  inbox(botId: string, summary: ConversationSummary): void;
  presence(botId: string, agent: AgentPresenceView): void;
  /** A note in a conversation (consoles watching it show it). */
  note(conversationId: string, note: NoteView): void;
  visitorTyping(conversationId: string, typing: boolean): void;
  /**
   * Whether a console of this bot (of any bot, without one) would hear inbox news: a
   * conversation's row is only worked out for someone. A sink without it always hears.
   */
  watching?(botId?: string): boolean;
}

export interface AgentDeskDeps {
  store: Store;
  clock: Clock;
  service: ConversationService;
  presence: AgentPresence;
  /** The visitor side (the widget's sockets): people state and read receipts. */
  publisher: ConversationPublisher;
  agents: AgentPublisher;
  /** An assigned conversation the agent has not answered in this time goes back to the queue. */
  answerTimeoutMs: number;
  /** This server's public URL: an agent's attachment must be an upload link under it. */
  publicUrl: () => string;
  log: Log;
}

const PREVIEW_LENGTH = 140;
const OPEN_LIST_LIMIT = 200;
/** The bot's notes about the contact from earlier conversations a conversation's view carries, newest. */
const EARLIER_CONTACT_NOTES = 20;
/** How long an agent's typing shows without a new signal. */
const AGENT_TYPING_MS = 6_000;
/** How long a visitor's typing counts without a new signal. */
const VISITOR_TYPING_MS = 6_000;

function transferView(t: Transfer, teamNames: Map<string, string>): TransferView {
  return {
    id: t.id,
    status: t.status,
    source: t.source,
    teamId: t.teamId,
    teamName: t.teamId ? (teamNames.get(t.teamId) ?? null) : null,
    agentId: t.agentId,
    agentName: t.agentName,
    notes: t.notes,
    transferredAt: t.transferredAt,
    assignedAt: t.assignedAt,
  };
}

function noteView(n: Note): NoteView {
  return { id: n.id, body: n.body, author: n.author, createdAt: n.createdAt, ...(n.contactId ? { aboutContact: true as const } : {}) };
}

/** The flow's contact panel with the session's values, sections and fields in order. */
export function panelSections(
  config: { sections: Array<{ id: string; label: string; columns: 1 | 2; collapsible: boolean; default_collapsed: boolean; order: number; fields: Array<{ key: string; label: string; order: number; display_type: 'text' | 'badge' | 'tag'; color?: PanelSection['fields'][number]['color'] | undefined }> }> } | undefined,
  variables: Record<string, string>,
): PanelSection[] {
  if (!config) return [];
  return [...config.sections]
    .sort((a, b) => a.order - b.order)
    .map((s) => ({
      id: s.id,
      label: s.label,
      columns: s.columns,
      collapsible: s.collapsible,
      defaultCollapsed: s.default_collapsed,
      fields: [...s.fields]
        .sort((a, b) => a.order - b.order)
        .map((f) => ({ key: f.key, label: f.label, value: variables[f.key] ?? null, displayType: f.display_type, color: f.color ?? 'default' })),
    }));
}

/**
 * What agents do and see: the inbox, picking and assigning, replies and notes, presence and
 * the timers that keep conversations from being stranded. Every change goes through the
 * store (and the conversation's queue, via the service) before anyone hears of it.
 */
export function createAgentDesk(deps: AgentDeskDeps) {
  const { store, clock, service, presence } = deps;
  const now = () => clock.now().toISOString();
  const visitorTyping = new Map<string, number>();
  /** Conversations whose people side changed, per bot, published together on the next tick. */
  const pendingBots = new Map<string, Set<string>>();

  async function teamNames(botId: string): Promise<Map<string, string>> {
    return new Map((await store.teams.list(botId)).map((t) => [t.id, t.body.name]));
  }

  function stateOf(c: Conversation, transfer: Transfer | undefined): ConversationState {
    if (c.status !== 'open') return 'ended';
    if (!transfer) return 'bot';
    return transfer.agentId ? 'assigned' : 'queued';
  }

  /** The console's rows for some conversations of one bot, in the order given. */
  async function summaries(botId: string, conversations: readonly Conversation[], active?: readonly Transfer[]): Promise<ConversationSummary[]> {
    if (conversations.length === 0) return [];
    const [transfers, names, contacts, last, unread] = await Promise.all([
      active ?? store.transfers.activeOfBot(botId),
      teamNames(botId),
      store.visitors.findMany([...new Set(conversations.map((c) => c.visitorId))]),
      store.conversations.lastMessages(conversations),
      store.conversations.unreadByAgents(conversations),
    ]);
    const byConversation = new Map(transfers.map((t) => [t.conversationId, t]));
    const contactsById = new Map(contacts.map((v) => [v.id, v]));
    return conversations.map((c) => {
      const transfer = c.status === 'open' ? byConversation.get(c.id) : undefined;
      const contact = contactsById.get(c.visitorId);
      const lastMessage = last.get(c.id);
      return {
        id: c.id,
        state: stateOf(c, transfer),
        contact: {
          id: c.visitorId,
          name: contact?.name ?? null,
          email: contact?.email ?? null,
          phone: contact?.phone ?? null,
          externalId: contact?.externalId ?? null,
          verified: contact?.verified ?? false,
        },
        createdAt: c.createdAt,
        lastSeq: c.lastSeq,
        lastMessageAt: lastMessage?.createdAt ?? null,
        preview: lastMessage ? preview(lastMessage) : '',
        unread: unread.get(c.id) ?? 0,
        transfer: transfer ? transferView(transfer, names) : null,
        queuePosition: transfer && !transfer.agentId ? queuePosition(transfer, transfers) || null : null,
      };
    });
  }

  function preview(m: MessageRecord): string {
    const text = messageText(m).replace(/\s+/g, ' ').trim();
    return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
  }

  async function summaryOf(c: Conversation): Promise<ConversationSummary> {
    return (await summaries(c.botId, [c]))[0]!;
  }

  /** The agent's own conversation of their bot; another bot's is answered like a missing one. */
  async function conversationOf(agent: Agent, conversationId: string): Promise<Conversation> {
    const c = await store.conversations.find(conversationId);
    if (!c || c.botId !== agent.botId) throw new AppError('not_found', `no conversation with id "${conversationId}"`);
    return c;
  }

  async function openConversationOf(agent: Agent, conversationId: string): Promise<Conversation> {
    const c = await conversationOf(agent, conversationId);
    if (c.status !== 'open') throw new AppError('conversation_ended', 'this conversation has ended');
    return c;
  }

  /** `statusOf`: presence.statuses of the agent's bot, when the caller has it (a list of agents reads it once). */
  async function presenceView(
    agent: Pick<Agent, 'id' | 'name' | 'avatar' | 'teams' | 'botId'>,
    load?: Map<string, number>,
    statusOf?: (agentId: string) => AgentStatus,
  ): Promise<AgentPresenceView> {
    const chats = (load ?? (await presence.loads(agent.botId))).get(agent.id) ?? 0;
    const status = (statusOf ?? (await presence.statuses(agent.botId)))(agent.id);
    return { id: agent.id, name: agent.name, avatar: agent.avatar, teams: agent.teams, status, chats };
  }

  async function announcePresence(agent: Pick<Agent, 'id' | 'name' | 'avatar' | 'teams' | 'botId'>): Promise<void> {
    deps.agents.presence(agent.botId, await presenceView(agent));
    // Waiting visitors learn whether anyone is online.
    for (const t of await store.transfers.activeOfBot(agent.botId)) if (!t.agentId) changed(t.conversationId, agent.botId);
  }

  /**
   * A conversation's people side changed: its row for the consoles, and the widget's people
   * state for every handed-over conversation of the bot (queue places move), on the next tick.
   */
  function changed(conversationId: string, botId?: string): void {
    void (async () => {
      const id = botId ?? (await store.conversations.find(conversationId))?.botId;
      if (!id) return;
      const pending = pendingBots.get(id);
      if (pending) return void pending.add(conversationId);
      pendingBots.set(id, new Set([conversationId]));
      await new Promise((resolve) => setImmediate(resolve));
      const ids = pendingBots.get(id)!;
      pendingBots.delete(id);
      await publishPeople(id, ids);
    })().catch((err: unknown) => deps.log(`publishing the people side of conversation ${conversationId} failed`, err, { conversationId }));
  }

  async function publishPeople(botId: string, changedIds: ReadonlySet<string>): Promise<void> {
    const active = await store.transfers.activeOfBot(botId);
    const ids = new Set([...changedIds, ...active.map((t) => t.conversationId)]);
    const conversations = await store.conversations.findMany([...ids]);
    const byConversation = new Map(active.map((t) => [t.conversationId, t]));
    for (const c of conversations) {
      deps.publisher.conversation(await fullConversationView({ store, presence }, c, { transfer: byConversation.get(c.id), active }));
    }
    for (const summary of await summaries(botId, conversations.filter((c) => changedIds.has(c.id) || byConversation.get(c.id)?.agentId === null), active)) {
      deps.agents.inbox(botId, summary);
    }
    // Who has how many chats moved too: every console's list of agents follows.
    const load = loadOf(active);
    const statusOf = await presence.statuses(botId);
    for (const d of await store.agents.list(botId)) deps.agents.presence(botId, await presenceView({ id: d.id, botId, ...d.body }, load, statusOf));
  }

  /** A message was stored: its row changes for the consoles (preview, unread). */
  function touched(conversationId: string): void {
    // Every message comes here: with no console open, six queries a message were for no one.
    if (deps.agents.watching?.() === false) return;
    void (async () => {
      const c = await store.conversations.find(conversationId);
      if (c && deps.agents.watching?.(c.botId) !== false) deps.agents.inbox(c.botId, await summaryOf(c));
    })().catch((err: unknown) => deps.log(`publishing conversation ${conversationId} to the consoles failed`, err, { conversationId }));
  }

  /** Gives a conversation to an agent: stored, the visitor told who joined. */
  async function giveTo(conversation: Conversation, transfer: Transfer, agent: Agent): Promise<void> {
    if (transfer.agentId === agent.id) return;
    const assigned = await store.transfers.assign(conversation.botId, transfer.id, { id: agent.id, name: agent.name }, now());
    if (!assigned) throw new AppError('conflict', 'this transfer was resumed meanwhile');
    await service.notice(conversation.id, { kind: 'agent_joined', agent: agent.name });
  }

  /** Back to the queue, with a line for the visitor; who had it (if anyone) left. */
  async function requeue(transfer: Transfer, change: { teamId?: string | null; notes?: string }, leaving: string | null): Promise<void> {
    const back = await store.transfers.requeue(transfer.id, change);
    if (!back) return;
    if (leaving) await service.notice(transfer.conversationId, { kind: 'agent_left', agent: leaving });
    await service.notice(transfer.conversationId, { kind: 'requeued', agent: null });
    changed(transfer.conversationId, transfer.botId);
  }

  async function agentOfBot(botId: string, agentId: string): Promise<Agent> {
    const agent = await findAgent(store, botId, agentId);
    if (!agent) throw new AppError('not_found', `no agent with id "${agentId}"`);
    return agent;
  }

  /** Agents have read up to `seq`: the visitor's read receipts and the consoles' unread counts. */
  async function markRead(c: Conversation, seq: number): Promise<number> {
    const mark = await store.conversations.markAgentRead(c.id, seq);
    if (mark !== c.agentReadSeq) {
      const updated = (await store.conversations.find(c.id))!;
      deps.publisher.conversation(await fullConversationView({ store, presence }, updated));
      deps.agents.inbox(c.botId, await summaryOf(updated));
    }
    return mark;
  }

  /** An attachment names a file this agent uploaded (POST /api/console/uploads). */
  /**
   * An attachment names a file this agent uploaded, by its link (as POST /api/console/uploads
   * answered, or that link's path); what is stored is the link as this server spells it, with
   * the upload's own type and name, never the client's.
   */
  async function ownUpload(agent: Agent, attachment: AgentAttachment): Promise<AgentAttachment> {
    const publicUrl = deps.publicUrl();
    const file = uploadFileOf(new URL(attachment.link, publicUrl).href, publicUrl);
    const upload = file ? await store.uploads.byFile(file) : undefined;
    if (!upload || upload.visitorId !== agentUploadOwner(agent.id)) {
      throw new AppError('bad_request', 'attachment.link: not a file you uploaded (POST /api/console/uploads first)');
    }
    return { link: uploadLink(publicUrl, upload.file), type: upload.mime.startsWith('image/') ? 'image' : 'file', name: upload.name };
  }

  function profile(agent: Agent, botName: string): AgentProfile {
    return {
      id: agent.id,
      botId: agent.botId,
      botName,
      name: agent.name,
      email: agent.email,
      avatar: agent.avatar,
      teams: agent.teams,
      skills: agent.skills,
      maxChats: agent.max_chats,
    };
  }

  return {
    changed,
    touched,

    /** A console tab connected: the agent is present (and the bot's consoles hear of it). */
    async connected(agent: Agent, tabId: string): Promise<void> {
      if (presence.connect(agent, tabId)) await announcePresence(agent);
    },

    disconnected(agent: Agent, tabId: string): void {
      presence.disconnect(agent.id, tabId);
    },

    async setStatus(agent: Agent, status: ChosenStatus): Promise<AgentStatus> {
      if (presence.choose(agent.id, status)) await announcePresence(agent);
      return presence.status(agent.id);
    },

    async snapshot(agent: Agent): Promise<InboxSnapshot> {
      const botId = agent.botId;
      const [bot, active, open, agentDocs, teams, canned, load, statusOf] = await Promise.all([
        store.bots.findById(botId),
        store.transfers.activeOfBot(botId),
        store.conversations.listOpenOfBot(botId, { limit: OPEN_LIST_LIMIT, offset: 0 }),
        store.agents.list(botId),
        store.teams.list(botId),
        store.cannedResponses.list(botId),
        presence.loads(botId),
        presence.statuses(botId),
      ]);
      // Handed-over conversations are always listed, however long ago they were active.
      const openIds = new Set(open.map((c) => c.id));
      const extra = await store.conversations.findMany(active.map((t) => t.conversationId).filter((id) => !openIds.has(id)));
      const rows = await summaries(botId, [...open, ...extra.filter((c) => c.status === 'open')], active);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const queue = active.filter((t) => !t.agentId).flatMap((t) => byId.get(t.conversationId) ?? []);
      const mine = active.filter((t) => t.agentId === agent.id).flatMap((t) => byId.get(t.conversationId) ?? []);
      return {
        me: profile(agent, bot?.name ?? ''),
        status: presence.status(agent.id),
        queue,
        mine,
        open: rows.slice(0, OPEN_LIST_LIMIT),
        agents: await Promise.all(agentDocs.map((d) => presenceView({ id: d.id, botId, ...d.body }, load, statusOf))),
        teams: teams.map((t) => ({ id: t.id, name: t.body.name })),
        canned: canned.map((c) => ({ id: c.id, shortCode: c.body.short_code, content: c.body.content })),
      };
    },

    /** A conversation as the console shows it: history, variables by the flow's panel, notes. */
    async detail(agent: Agent, conversationId: string, after?: number): Promise<ConversationDetail> {
      const c = await conversationOf(agent, conversationId);
      const [summary, messages, notes, contactNotes, transfer] = await Promise.all([
        summaryOf(c),
        store.conversations.messages(c.id, { after: after ?? 0, limit: HISTORY_PAGE_SIZE * 10 }),
        store.notes.ofConversation(c.id),
        store.notes.ofContact(c.visitorId, { except: c.id, newest: EARLIER_CONTACT_NOTES }),
        store.transfers.activeForConversation(c.id),
      ]);
      const variables = c.session.variables ?? {};
      const flowId = c.session.flow?.flow_id ?? c.session.last_flow_id;
      const flow = flowId ? await store.flows.get(c.botId, flowId) : undefined;
      // What the bot noted about this contact in their earlier conversations is for the agent too (the newest few).
      const earlier = contactNotes.map((n) => ({ ...noteView(n), earlierConversationId: n.conversationId }));
      const allNotes = notes.map(noteView);
      if (transfer?.notes) allNotes.unshift({ id: `transfer:${transfer.id}`, body: transfer.notes, author: 'transfer', createdAt: transfer.transferredAt });
      allNotes.unshift(...earlier);
      const typingAt = visitorTyping.get(c.id);
      return {
        summary,
        messages,
        variables,
        panel: panelSections(flow?.body.panel_config, variables),
        notes: allNotes,
        visitorTyping: typingAt !== undefined && clock.now().getTime() - typingAt < VISITOR_TYPING_MS,
      };
    },

    /** The 000 pickup for an agent: the oldest waiting transfer of their queues, atomically. */
    async pickNext(agent: Agent, teamId?: string): Promise<ConversationSummary | null> {
      if (teamId && teamId !== 'general' && agent.teams.length > 0 && !agent.teams.includes(teamId)) throw new AppError('forbidden', `you are not in team "${teamId}"`);
      const team = teamId ?? (agent.teams.length > 0 ? { teamIds: agent.teams, general: true } : undefined);
      const picked = await store.transfers.pickup(agent.botId, team, { id: agent.id, name: agent.name }, now());
      if (!picked) return null;
      await service.notice(picked.conversationId, { kind: 'agent_joined', agent: agent.name });
      changed(picked.conversationId, agent.botId);
      const c = await store.conversations.find(picked.conversationId);
      return c ? summaryOf(c) : null;
    },

    /**
     * Gives a conversation to an agent of the bot; one the bot still has is handed over first.
     * `byOwner`: the bot's owner (the admin API) may move a conversation between agents.
     */
    async assign(agent: Agent, conversationId: string, agentId: string, opts: { byOwner?: boolean } = {}): Promise<ConversationSummary> {
      const c = await openConversationOf(agent, conversationId);
      const target = agentId === agent.id ? agent : await agentOfBot(agent.botId, agentId);
      let transfer = await store.transfers.activeForConversation(c.id);
      if (!transfer) transfer = (await service.handOver(c, { team_id: null, notes: `Taken over by ${agent.name}.`, source: 'agent' })).transfer;
      // Anyone may take a waiting conversation; one an agent has is theirs to hand on.
      if (!opts.byOwner && transfer.agentId && transfer.agentId !== agent.id && transfer.agentId !== target.id) {
        throw new AppError('conflict', `${transfer.agentName ?? 'another agent'} has this conversation already`);
      }
      const before = transfer.agentName;
      await giveTo(c, transfer, target);
      if (before && transfer.agentId !== target.id) await service.notice(c.id, { kind: 'agent_left', agent: before });
      changed(c.id, c.botId);
      return summaryOf((await store.conversations.find(c.id))!);
    },

    /** Back to a team's queue (or the general one), with notes for whoever picks it. */
    async transferToTeam(agent: Agent, conversationId: string, teamId: string | null, notes?: string): Promise<ConversationSummary> {
      const c = await openConversationOf(agent, conversationId);
      if (teamId && !(await store.teams.get(agent.botId, teamId))) throw new AppError('not_found', `no team with id "${teamId}"`);
      let transfer = await store.transfers.activeForConversation(c.id);
      if (!transfer) transfer = (await service.handOver(c, { team_id: teamId, notes: notes ?? '', source: 'agent' })).transfer;
      else await requeue(transfer, { teamId, ...(notes !== undefined ? { notes } : {}) }, transfer.agentName);
      changed(c.id, c.botId);
      return summaryOf((await store.conversations.find(c.id))!);
    },

    async resumeBot(agent: Agent, conversationId: string): Promise<ConversationSummary> {
      const c = await openConversationOf(agent, conversationId);
      await service.resumeBot(c.id);
      return summaryOf((await store.conversations.find(c.id))!);
    },

    async end(agent: Agent, conversationId: string): Promise<ConversationSummary> {
      const c = await openConversationOf(agent, conversationId);
      const transfer = await store.transfers.activeForConversation(c.id);
      await service.end(c.id);
      if (transfer) await store.transfers.resume(c.botId, transfer.id, now());
      changed(c.id, c.botId);
      return summaryOf((await store.conversations.find(c.id))!);
    },

    /** A reply: only in a conversation assigned to this agent. */
    async reply(
      agent: Agent,
      req: { conversationId: string; clientId: string; body: string; attachment?: { link: string; type: 'image' | 'file'; name?: string } | undefined },
    ): Promise<MessageRecord> {
      const c = await openConversationOf(agent, req.conversationId);
      const transfer = await store.transfers.activeForConversation(c.id);
      if (transfer?.agentId !== agent.id) throw new AppError('forbidden', 'this conversation is not assigned to you: pick or assign it first');
      const attachment = req.attachment ? await ownUpload(agent, req.attachment) : undefined;
      const message = await service.agentMessage(c.id, req.body, {
        field: 'body',
        clientId: req.clientId,
        sender: { id: agent.id, name: agent.name, avatar: agent.avatar },
        ...(attachment ? { attachment } : {}),
      });
      await store.transfers.markAnswered(transfer.id, now());
      // Answering is reading.
      await markRead(c, message.seq);
      return message;
    },

    async note(agent: Agent, conversationId: string, body: string): Promise<NoteView> {
      const c = await conversationOf(agent, conversationId);
      const note = noteView(await store.notes.create({ conversationId: c.id, contactId: null, body, author: agent.name, createdAt: now() }));
      deps.agents.note(c.id, note);
      return note;
    },

    /** The agent types: the visitor sees who (only in a conversation assigned to them). */
    async typing(agent: Agent, conversationId: string, typing: boolean): Promise<void> {
      const c = await openConversationOf(agent, conversationId);
      const transfer = await store.transfers.activeForConversation(c.id);
      if (transfer?.agentId !== agent.id) throw new AppError('forbidden', 'this conversation is not assigned to you');
      const until = typing ? new Date(clock.now().getTime() + AGENT_TYPING_MS).toISOString() : null;
      deps.publisher.typing(c.id, until, { name: agent.name, avatar: agent.avatar });
    },

    /** The agent read up to `seq`: the visitor sees it as read receipts. */
    async read(agent: Agent, conversationId: string, seq: number): Promise<number> {
      const c = await conversationOf(agent, conversationId);
      return markRead(c, Math.min(seq, c.lastSeq));
    },

    /** The visitor types: consoles watching the conversation see it. */
    visitorTyping(conversationId: string, typing: boolean): void {
      if (typing) visitorTyping.set(conversationId, clock.now().getTime());
      else visitorTyping.delete(conversationId);
      deps.agents.visitorTyping(conversationId, typing);
    },

    /**
     * Nothing stranded: agents whose last tab has been gone for the grace period go offline
     * and their conversations go back to the queue; an assignment nobody answered in time
     * too. Run by a timer (and by tests, with their clock). Returns how many went back.
     */
    async sweep(options: { unanswered?: boolean } = {}): Promise<number> {
      let requeued = 0;
      for (const gone of presence.sweep()) {
        const agent = await findAgent(store, gone.botId, gone.agentId);
        // Gone from this node's consoles, still at a console on another: they keep their conversations.
        const still = (await presence.statuses(gone.botId))(gone.agentId) !== 'offline';
        for (const t of still ? [] : await store.transfers.activeOfAgent(gone.agentId)) {
          await requeue(t, {}, t.agentName);
          requeued += 1;
        }
        if (agent) await announcePresence(agent);
      }
      const before = new Date(clock.now().getTime() - deps.answerTimeoutMs).toISOString();
      // With several nodes, only the one holding this sweep's lease looks (unanswered: false elsewhere).
      for (const t of options.unanswered === false ? [] : await store.transfers.unansweredSince(before)) {
        await requeue(t, {}, t.agentName);
        requeued += 1;
      }
      for (const [id, at] of visitorTyping) if (clock.now().getTime() - at >= VISITOR_TYPING_MS) visitorTyping.delete(id);
      return requeued;
    },

    /** An agent was deleted or lost every credential: their conversations go back to the queue. */
    async removed(agent: { id: string; botId: string; name: string }): Promise<void> {
      presence.forget(agent.id);
      for (const t of await store.transfers.activeOfAgent(agent.id)) await requeue(t, {}, agent.name);
    },
  };
}

export type AgentDesk = ReturnType<typeof createAgentDesk>;
