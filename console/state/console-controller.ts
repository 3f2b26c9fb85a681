import { batch } from '@preact/signals-core';
import type { ChosenStatus, ConversationSummary, InboxSnapshot, NoteView } from '../../shared/agent-events.js';
import type { MessageRecord } from '../../shared/index.js';
import { visitorWords } from '../../shared/index.js';
import { lastSeq, mergeMessages } from '../../widget/rules/merge-messages.js';
import { applyUpdate, contactName, findRow, listsOf, needsAttention, EMPTY_LISTS } from '../rules/inbox.js';
import { openAgentSocket, type AckOf, type AgentRequest, type AgentRequester, type AgentSocket, type OpenAgentSocket, type RequestOf } from '../transport/agent-socket.js';
import { uploadAgentFile, type AgentUpload, type UploadAgentFile } from '../transport/upload.js';
import { showNotice, type ConsoleState } from './console-state.js';

export const TOKEN_KEY = 'confab-console-token';
export const SOUND_KEY = 'confab-console-sound';
/** Without an ack by then a request counts as lost: the agent is told, nothing is retried. */
export const ACK_TIMEOUT_MS = 10_000;
/** agent:typing true is said again this often while the agent keeps typing. */
export const TYPING_REPEAT_MS = 3_000;

export const INVALID_TOKEN = 'This token is not valid: it may be mistyped, or it was revoked. Ask the bot owner for a new one.';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface ConsoleControllerOptions {
  /** The Confab server's origin. */
  server: string;
  state: ConsoleState;
  storage?: TokenStorage | null;
  openSocket?: OpenAgentSocket;
  upload?: UploadAgentFile;
  /** The short sound for a new chat or a new message in one of mine. */
  beep?: () => void;
  /** Whether the agent can see the page (read marks are sent only then). */
  visible?: () => boolean;
  clock?: () => number;
}

export interface ConsoleController {
  /** Signs in with the token kept from last time, if there is one. */
  start(): void;
  signIn(token: string): void;
  signOut(): void;
  setStatus(status: ChosenStatus): Promise<void>;
  openConversation(id: string): Promise<void>;
  closeConversation(): void;
  /** The oldest waiting chat becomes mine and opens; its id, or null when the queue is empty. */
  pickNext(): Promise<string | null>;
  assign(conversationId: string, agentId: string): Promise<boolean>;
  transfer(conversationId: string, teamId: string | null, notes?: string): Promise<boolean>;
  resumeBot(conversationId: string): Promise<boolean>;
  end(conversationId: string): Promise<boolean>;
  reply(conversationId: string, body: string, attachment?: AgentUpload): Promise<boolean>;
  note(conversationId: string, body: string): Promise<boolean>;
  sendFile(conversationId: string, file: File, body: string): Promise<boolean>;
  /** Typing in the composer (throttled: true again every few seconds), or stopped. */
  typing(conversationId: string, typing: boolean): void;
  /** The open conversation's messages are read (when the page is visible). */
  markRead(): void;
  toggleSound(): void;
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function mergeNotes(current: readonly NoteView[], incoming: readonly NoteView[]): NoteView[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const note of incoming) byId.set(note.id, note);
  return [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** One connection of one signed-in agent: the socket, its events turned into state, the agent's requests. */
export function createConsoleController(options: ConsoleControllerOptions): ConsoleController {
  const { server, state } = options;
  const storage = options.storage ?? null;
  const openSocket = options.openSocket ?? openAgentSocket;
  const upload = options.upload ?? uploadAgentFile;
  const beep = options.beep ?? (() => {});
  const visible = options.visible ?? (() => document.visibilityState === 'visible');
  const clock = options.clock ?? Date.now;
  let socket: AgentSocket | undefined;
  let token = '';
  /** conversation id → the time agent:typing true was last said. */
  const typingSince = new Map<string, number>();
  /** conversation id → the last read mark sent. */
  const readSent = new Map<string, number>();

  state.sound.value = storage?.getItem(SOUND_KEY) !== 'off';

  async function request<E extends AgentRequest>(event: E, req: RequestOf<E>): Promise<AckOf<E> | null> {
    const s = socket;
    if (!s) return null;
    try {
      return await (s as unknown as AgentRequester).timeout(ACK_TIMEOUT_MS).emitWithAck(event, req);
    } catch {
      return null;
    }
  }

  /** An ack's data, or undefined with the reason shown to the agent. */
  function dataOf<T>(res: { ok: true; data: T } | { ok: false; error: { code: string; message: string } } | null, what: string): T | undefined {
    if (res?.ok) return res.data;
    if (!res) showNotice(state, 'error', `${what}: the server did not answer. Check your connection.`);
    else if (res.error.code === 'forbidden') showNotice(state, 'error', `${what}: ${res.error.message || 'not allowed'}. Assign the conversation to yourself first.`);
    else showNotice(state, 'error', `${what}: ${res.error.message}`);
    return undefined;
  }

  function applySnapshot(snapshot: InboxSnapshot): void {
    batch(() => {
      state.me.value = snapshot.me;
      state.presence.value = snapshot.status;
      state.lists.value = listsOf(snapshot);
      state.agents.value = snapshot.agents;
      state.teams.value = snapshot.teams;
      state.canned.value = snapshot.canned;
      const open = state.open.value;
      if (open) {
        const row = findRow(state.lists.value, open.id);
        if (row) state.lastRow.value = row;
      }
    });
  }

  /** A changed row into every list; a sound when it brings something new to attend to. */
  function updateRow(incoming: ConversationSummary, quiet = false): void {
    const me = state.me.value;
    if (!me) return;
    const openId = state.open.value?.id ?? null;
    // The conversation on screen is being read: its messages are not unread.
    const row = incoming.id === openId && visible() ? { ...incoming, unread: 0 } : incoming;
    const before = state.lists.value;
    const after = applyUpdate(before, row, me.id);
    batch(() => {
      state.lists.value = after;
      if (row.id === openId) state.lastRow.value = row;
    });
    if (row.id === openId && incoming.unread > 0) markRead();
    if (quiet || !needsAttention(before, after, openId)) return;
    if (state.sound.value) beep();
    if (row.state === 'queued' && !before.queue.some((r) => r.id === row.id)) state.announcement.value = `New chat in the queue: ${contactName(row)}`;
  }

  function receive(message: MessageRecord): void {
    const open = state.open.value;
    if (!open || open.id !== message.conversationId) return;
    state.open.value = {
      ...open,
      messages: mergeMessages(open.messages, [message]),
      visitorTyping: message.author === 'visitor' ? false : open.visitorTyping,
    };
    if (message.author === 'visitor') {
      const words = visitorWords(message.packet) ?? (message.packet.name === 'media' ? message.packet.payload.name : '');
      state.announcement.value = `Visitor: ${words}`;
      markRead();
    }
  }

  async function watch(id: string, after?: number): Promise<void> {
    const res = await request('conversation:watch', after ? { conversationId: id, after } : { conversationId: id });
    const open = state.open.value;
    if (open?.id !== id) return;
    const detail = dataOf(res, 'Could not open the conversation');
    if (!detail) return;
    state.open.value = {
      id,
      loaded: true,
      messages: mergeMessages(open.messages, detail.messages),
      notes: mergeNotes(open.notes, detail.notes),
      panel: detail.panel,
      variables: detail.variables,
      visitorTyping: detail.visitorTyping,
    };
    updateRow(detail.summary, true);
    markRead();
  }

  function connect(withToken: string): void {
    disconnect();
    token = withToken;
    state.status.value = 'connecting';
    const s = openSocket(server, withToken);
    socket = s;
    const current = () => socket === s;

    // Every (re)connect: the lists again, and what the open conversation missed meanwhile.
    s.on('connect', async () => {
      const res = await request('inbox:get', {});
      if (!current()) return;
      if (!res?.ok) {
        showNotice(state, 'error', `Could not load the inbox: ${res ? res.error.message : 'the server did not answer'}`);
        return;
      }
      storage?.setItem(TOKEN_KEY, withToken);
      applySnapshot(res.data);
      state.signInError.value = null;
      state.status.value = 'connected';
      const open = state.open.value;
      if (open) void watch(open.id, open.loaded ? lastSeq(open.messages) : undefined);
    });
    s.on('disconnect', (reason) => {
      if (!current()) return;
      state.status.value = 'reconnecting';
      // The server let go of this socket (a restart, a revoked token): ask again; a revoked token then says so.
      if (reason === 'io server disconnect') s.connect();
    });
    s.on('connect_error', (error) => {
      if (!current()) return;
      if (error.message === 'invalid_token') {
        signOut();
        state.signInError.value = INVALID_TOKEN;
        return;
      }
      if (s.active) {
        if (state.status.value !== 'connecting') state.status.value = 'reconnecting';
        return;
      }
      signOut();
      state.signInError.value = `Could not sign in: ${error.message}`;
    });
    s.on('inbox:update', (row) => current() && updateRow(row));
    s.on('presence:update', (agent) => {
      if (!current()) return;
      const others = state.agents.value.filter((a) => a.id !== agent.id);
      state.agents.value = [...others, agent].sort((a, b) => a.name.localeCompare(b.name));
      if (agent.id === state.me.value?.id) state.presence.value = agent.status;
    });
    s.on('message:new', (message) => current() && receive(message));
    s.on('message:update', (message) => current() && receive(message));
    s.on('note:new', (note) => {
      const open = state.open.value;
      if (!current() || open?.id !== note.conversationId) return;
      const { conversationId: _, ...view } = note;
      state.open.value = { ...open, notes: mergeNotes(open.notes, [view]) };
    });
    s.on('visitor:typing', (signal) => {
      const open = state.open.value;
      if (current() && open?.id === signal.conversationId) state.open.value = { ...open, visitorTyping: signal.typing };
    });
    s.on('event:refused', (refusal) => current() && showNotice(state, 'error', `${refusal.event}: ${refusal.error.message}`));
    // The socket connects by itself (the Manager's autoConnect): the handlers above are in time.
  }

  function disconnect(): void {
    const s = socket;
    socket = undefined;
    s?.disconnect();
  }

  function signOut(): void {
    disconnect();
    storage?.removeItem(TOKEN_KEY);
    token = '';
    typingSince.clear();
    readSent.clear();
    batch(() => {
      state.status.value = 'signed-out';
      state.me.value = null;
      state.presence.value = 'offline';
      state.lists.value = EMPTY_LISTS;
      state.agents.value = [];
      state.teams.value = [];
      state.canned.value = [];
      state.open.value = null;
      state.lastRow.value = null;
      state.cursor.value = null;
      state.screen.value = 'list';
      state.notice.value = null;
    });
  }

  function markRead(): void {
    const open = state.open.value;
    if (!open?.loaded || !visible() || !socket) return;
    const row = state.openRow.value;
    const seq = Math.max(lastSeq(open.messages), row?.lastSeq ?? 0);
    if (seq === 0 || (readSent.get(open.id) ?? 0) >= seq) return;
    readSent.set(open.id, seq);
    void request('conversation:read', { conversationId: open.id, seq });
    const me = state.me.value;
    if (row && row.unread > 0 && me) state.lists.value = applyUpdate(state.lists.value, { ...row, unread: 0 }, me.id);
  }

  /** The row an action answered with, into the lists; the action's outcome as a boolean. */
  function rowResult(res: Parameters<typeof dataOf<{ conversation: ConversationSummary }>>[0], what: string): boolean {
    const data = dataOf(res, what);
    if (!data) return false;
    updateRow(data.conversation, true);
    return true;
  }

  const controller: ConsoleController = {
    start() {
      const stored = storage?.getItem(TOKEN_KEY);
      if (stored) connect(stored);
    },
    signIn(value) {
      const trimmed = value.trim();
      state.signInError.value = trimmed ? null : 'Enter the token the bot owner gave you.';
      if (trimmed) connect(trimmed);
    },
    signOut,
    async setStatus(status) {
      const before = state.presence.value;
      state.presence.value = status;
      const data = dataOf(await request('agent:status', { status }), 'Could not change your status');
      state.presence.value = data ? data.status : before;
    },
    async openConversation(id) {
      state.cursor.value = id;
      state.screen.value = 'conversation';
      const previous = state.open.value;
      if (previous?.id === id) return;
      if (previous) {
        controller.typing(previous.id, false);
        void request('conversation:unwatch', { conversationId: previous.id });
      }
      batch(() => {
        state.lastRow.value = findRow(state.lists.value, id) ?? null;
        state.open.value = { id, loaded: false, messages: [], notes: [], panel: [], variables: {}, visitorTyping: false };
      });
      await watch(id);
    },
    closeConversation() {
      const open = state.open.value;
      if (open) {
        controller.typing(open.id, false);
        void request('conversation:unwatch', { conversationId: open.id });
      }
      state.open.value = null;
      state.screen.value = 'list';
    },
    async pickNext() {
      const data = dataOf(await request('transfer:pick-next', {}), 'Could not pick the next chat');
      if (!data) return null;
      const row = data.conversation;
      if (!row) {
        showNotice(state, 'info', 'No one is waiting in the queue.');
        return null;
      }
      updateRow(row, true);
      state.tab.value = 'mine';
      await controller.openConversation(row.id);
      return row.id;
    },
    async assign(conversationId, agentId) {
      return rowResult(await request('conversation:assign', { conversationId, agentId }), 'Could not assign the conversation');
    },
    async transfer(conversationId, teamId, notes) {
      const req = notes ? { conversationId, teamId, notes } : { conversationId, teamId };
      const done = rowResult(await request('conversation:transfer', req), 'Could not transfer the conversation');
      if (done) showNotice(state, 'info', `Transferred to ${state.teams.value.find((t) => t.id === teamId)?.name ?? 'the general queue'}.`);
      return done;
    },
    async resumeBot(conversationId) {
      const done = rowResult(await request('conversation:resume-bot', { conversationId }), 'Could not resume the bot');
      if (done) showNotice(state, 'info', 'The bot answers this conversation again.');
      return done;
    },
    async end(conversationId) {
      const done = rowResult(await request('conversation:end', { conversationId }), 'Could not end the conversation');
      if (done) showNotice(state, 'info', 'The conversation has ended.');
      return done;
    },
    async reply(conversationId, body, attachment) {
      controller.typing(conversationId, false);
      const req = attachment ? { conversationId, clientId: randomId(), body, attachment } : { conversationId, clientId: randomId(), body };
      const data = dataOf(await request('agent:message', req), 'Not sent');
      if (data) receive(data.message);
      return Boolean(data);
    },
    async note(conversationId, body) {
      controller.typing(conversationId, false);
      const data = dataOf(await request('agent:note', { conversationId, body }), 'Note not saved');
      const open = state.open.value;
      if (data && open?.id === conversationId) state.open.value = { ...open, notes: mergeNotes(open.notes, [data.note]) };
      return Boolean(data);
    },
    async sendFile(conversationId, file, body) {
      const result = await upload(server, token, file);
      if (result.error !== undefined) {
        showNotice(state, 'error', result.error);
        return false;
      }
      return controller.reply(conversationId, body, result.data);
    },
    typing(conversationId, typing) {
      const s = socket;
      if (!s) return;
      const since = typingSince.get(conversationId);
      if (typing) {
        const now = clock();
        if (since !== undefined && now - since < TYPING_REPEAT_MS) return;
        typingSince.set(conversationId, now);
        s.emit('agent:typing', { conversationId, typing: true }, () => {});
      } else if (since !== undefined) {
        typingSince.delete(conversationId);
        s.emit('agent:typing', { conversationId, typing: false }, () => {});
      }
    },
    markRead,
    toggleSound() {
      state.sound.value = !state.sound.value;
      storage?.setItem(SOUND_KEY, state.sound.value ? 'on' : 'off');
    },
  };
  return controller;
}
