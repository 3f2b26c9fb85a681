import type { CannedResponse, ConversationSummary, InboxSnapshot } from '../../shared/agent-events.js';

/** The console's three lists, in the product's words. */
export type ListName = 'queue' | 'mine' | 'open';
export const LIST_NAMES: readonly ListName[] = ['queue', 'mine', 'open'];

export type Lists = Record<ListName, ConversationSummary[]>;

export const EMPTY_LISTS: Lists = { queue: [], mine: [], open: [] };

/** Where a row belongs, from its own state: the server's inbox:update says what changed, not which lists to touch. */
export function belongsTo(list: ListName, row: ConversationSummary, meId: string): boolean {
  switch (list) {
    case 'queue':
      return row.state === 'queued';
    case 'mine':
      return row.state === 'assigned' && row.transfer?.agentId === meId;
    case 'open':
      return row.state !== 'ended';
  }
}

const time = (iso: string | null | undefined): number => (iso ? Date.parse(iso) || 0 : 0);
const activity = (row: ConversationSummary): number => time(row.lastMessageAt) || time(row.createdAt);

/** The queue oldest transfer first (who waited longest is next); the others newest activity first. */
function sortList(list: ListName, rows: ConversationSummary[]): ConversationSummary[] {
  if (list === 'queue') {
    return rows.sort((a, b) => time(a.transfer?.transferredAt ?? a.createdAt) - time(b.transfer?.transferredAt ?? b.createdAt));
  }
  return rows.sort((a, b) => activity(b) - activity(a));
}

/** The lists of an inbox snapshot. */
export function listsOf(snapshot: Pick<InboxSnapshot, 'queue' | 'mine' | 'open'>): Lists {
  return { queue: [...snapshot.queue], mine: [...snapshot.mine], open: [...snapshot.open] };
}

/** One changed row, replaced in every list it is in, added to those it now belongs to, taken out of the others. */
export function applyUpdate(lists: Lists, row: ConversationSummary, meId: string): Lists {
  const next = {} as Lists;
  for (const list of LIST_NAMES) {
    const others = lists[list].filter((r) => r.id !== row.id);
    next[list] = belongsTo(list, row, meId) ? sortList(list, [...others, row]) : others;
  }
  return next;
}

/** A row by id, from whichever list has it. */
export function findRow(lists: Lists, id: string): ConversationSummary | undefined {
  for (const list of LIST_NAMES) {
    const row = lists[list].find((r) => r.id === id);
    if (row) return row;
  }
  return undefined;
}

/** Waiting chats plus unread visitor messages in my chats: the number in the tab title. */
export function attentionCount(lists: Lists): number {
  return lists.queue.length + lists.mine.reduce((sum, row) => sum + row.unread, 0);
}

/**
 * Whether a change deserves a sound: a chat new to the queue, or a visitor writing more in
 * one of mine (the one on screen excepted, its messages are being read).
 */
export function needsAttention(before: Lists, after: Lists, onScreen: string | null): boolean {
  const queued = new Set(before.queue.map((r) => r.id));
  if (after.queue.some((r) => !queued.has(r.id))) return true;
  const unread = new Map(before.mine.map((r) => [r.id, r.unread]));
  return after.mine.some((r) => r.id !== onScreen && r.unread > (unread.get(r.id) ?? 0));
}

/** "<1 min", "3 min", "2 h 5 min", "3 d": how long since `iso`. */
export function elapsed(iso: string, now: number): string {
  const minutes = Math.floor(Math.max(0, now - time(iso)) / 60_000);
  if (minutes < 1) return '<1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** The name a row goes by: the contact's name, email or phone, else "Visitor" and a short id. */
export function contactName(row: Pick<ConversationSummary, 'contact' | 'id'>): string {
  const { name, email, phone } = row.contact;
  return name || email || phone || `Visitor ${row.contact.id.slice(-4) || row.id.slice(-4)}`;
}

/** Where a conversation stands, as a short label for its badge. */
export function stateLabel(row: ConversationSummary, meId: string): string {
  switch (row.state) {
    case 'bot':
      return 'Bot';
    case 'queued':
      return 'Queued';
    case 'assigned':
      return row.transfer?.agentId === meId ? 'Mine' : `With ${row.transfer?.agentName ?? 'an agent'}`;
    case 'ended':
      return 'Ended';
  }
}

/** The "/word" being typed at the caret, if any: where it starts and what follows the slash. */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([\w-]*)$/.exec(before);
  if (!match) return null;
  return { start: before.length - match[2]!.length - 1, query: match[2]! };
}

/** Canned responses whose short code starts with the query, then those that merely contain it. */
export function cannedMatches(canned: readonly CannedResponse[], query: string): CannedResponse[] {
  const q = query.toLowerCase();
  const starts = canned.filter((c) => c.shortCode.toLowerCase().startsWith(q));
  const contains = canned.filter((c) => !starts.includes(c) && (c.shortCode.toLowerCase().includes(q) || c.content.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, 8);
}

/** The draft with "/query" replaced by the response's content; and where the caret goes. */
export function insertCanned(text: string, at: { start: number; query: string }, content: string): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const next = text.slice(0, at.start) + content + text.slice(end);
  return { text: next, caret: at.start + content.length };
}
