// Rows, snapshots and details as the server sends them, for the console's tests.
import type { AgentProfile, ConversationDetail, ConversationSummary, InboxSnapshot, TransferView } from '../../shared/agent-events.js';
import type { MessageRecord } from '../../shared/index.js';

export const ME: AgentProfile = {
  id: 'agent-ana',
  botId: 'bot-demo',
  botName: 'Northwind Coffee',
  name: 'Ana Lima',
  email: 'ana@example.com',
  avatar: null,
  teams: ['team-sales'],
  skills: [],
  maxChats: 5,
};

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function transfer(overrides: Partial<TransferView> = {}): TransferView {
  return {
    id: 'transfer-1',
    status: 'active',
    source: 'keyword',
    teamId: null,
    teamName: null,
    agentId: null,
    agentName: null,
    notes: '',
    transferredAt: minutesAgo(3),
    assignedAt: null,
    ...overrides,
  };
}

export function row(id: string, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    state: 'queued',
    contact: { id: `contact-${id}`, name: null, email: null, phone: null, externalId: null, verified: false },
    createdAt: minutesAgo(10),
    lastSeq: 3,
    lastMessageAt: minutesAgo(3),
    preview: 'I would like to talk to a person',
    unread: 1,
    transfer: transfer(),
    queuePosition: 1,
    ...overrides,
  };
}

export const mine = (id: string, overrides: Partial<ConversationSummary> = {}) =>
  row(id, { state: 'assigned', queuePosition: null, transfer: transfer({ agentId: ME.id, agentName: ME.name, assignedAt: minutesAgo(1) }), ...overrides });

export function snapshot(overrides: Partial<InboxSnapshot> = {}): InboxSnapshot {
  return {
    me: ME,
    status: 'online',
    queue: [],
    mine: [],
    open: [],
    agents: [
      { id: ME.id, name: ME.name, avatar: null, teams: ['team-sales'], status: 'online', chats: 0 },
      { id: 'agent-ben', name: 'Ben Okafor', avatar: null, teams: [], status: 'away', chats: 2 },
    ],
    teams: [{ id: 'team-sales', name: 'Sales' }],
    canned: [
      { id: 'c1', shortCode: 'greet', content: 'Hi! I am here to help.' },
      { id: 'c2', shortCode: 'refund', content: 'Refunds take **3–5 days**.' },
    ],
    ...overrides,
  };
}

let seq = 0;
export function visitorSays(conversationId: string, body: string, at = new Date().toISOString()): MessageRecord {
  seq += 1;
  return { id: `m-${seq}`, conversationId, seq, createdAt: at, author: 'visitor', clientId: `c-${seq}`, packet: { name: 'message', payload: { body } } };
}

export function botSays(conversationId: string, body: string, author: 'bot' | 'agent' = 'bot'): MessageRecord {
  seq += 1;
  return { id: `m-${seq}`, conversationId, seq, createdAt: new Date().toISOString(), author, packet: { name: 'message', payload: { body, text_format: 'markdown_v1' } } };
}

export function detail(summary: ConversationSummary, overrides: Partial<ConversationDetail> = {}): ConversationDetail {
  return {
    summary,
    messages: [botSays(summary.id, 'Hi there! How can I help?'), visitorSays(summary.id, 'I would like to talk to a person')],
    variables: {},
    panel: [],
    notes: [],
    visitorTyping: false,
    ...overrides,
  };
}
