// A scripted stand-in for the agent gateway: the built console (dist/console, served by the
// real consoleAssets routes) over a Socket.IO /agents namespace that answers from fixtures.
// For the console's own browser checks (layout, axe, phone width, keyboard) with a rich,
// fixed conversation; the end-to-end test runs against the real server instead.
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { Server } from 'socket.io';
import type {
  AgentClientEvents,
  AgentServerEvents,
  ConversationDetail,
  ConversationSummary,
  InboxSnapshot,
  TransferView,
} from '../../shared/agent-events.js';
import { AGENT_NAMESPACE } from '../../shared/agent-events.js';
import type { MessageRecord } from '../../shared/index.js';
import { consoleAssets } from '../../server/http/console-assets.js';
import { root } from './server.js';
import { IMAGE_HOST } from './widget.js';

export const FIXTURE_TOKEN = 'console-fixture-token';

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const me = {
  id: 'agent-ana',
  botId: 'bot-demo',
  botName: 'Northwind Coffee',
  name: 'Ana Lima',
  email: 'ana@northwind.example',
  avatar: null,
  teams: ['team-orders'],
  skills: ['refunds'],
  maxChats: 5,
};

function transfer(overrides: Partial<TransferView>): TransferView {
  return {
    id: `t-${Math.random().toString(36).slice(2, 8)}`,
    status: 'active',
    source: 'keyword',
    teamId: null,
    teamName: null,
    agentId: null,
    agentName: null,
    notes: '',
    transferredAt: ago(4),
    assignedAt: null,
    ...overrides,
  };
}

function contact(id: string, name: string | null, email: string | null = null) {
  return { id: `contact-${id}`, name, email, phone: null, externalId: null, verified: false };
}

function fixtureRows(): ConversationSummary[] {
  return [
    {
      id: 'c-maya',
      state: 'assigned',
      contact: { ...contact('maya', 'Maya Chen', 'maya.chen@example.com'), phone: '+44 20 7946 0018', externalId: 'cust_1042', verified: true },
      createdAt: ago(26),
      lastSeq: 9,
      lastMessageAt: ago(1),
      preview: 'It was a gift, can I still get a refund?',
      unread: 0,
      transfer: transfer({ teamId: 'team-orders', teamName: 'Orders', agentId: me.id, agentName: me.name, notes: 'Asked for a refund on order 1042', assignedAt: ago(6) }),
      queuePosition: null,
    },
    {
      id: 'c-leo',
      state: 'assigned',
      contact: contact('leo', 'Leo Park'),
      createdAt: ago(70),
      lastSeq: 12,
      lastMessageAt: ago(9),
      preview: 'Thanks, that worked!',
      unread: 2,
      transfer: transfer({ agentId: me.id, agentName: me.name, transferredAt: ago(50), assignedAt: ago(48) }),
      queuePosition: null,
    },
    {
      id: 'c-sam',
      state: 'queued',
      contact: contact('sam', null, 'sam.r@example.com'),
      createdAt: ago(12),
      lastSeq: 4,
      lastMessageAt: ago(7),
      preview: 'Speak to Agent',
      unread: 1,
      transfer: transfer({ transferredAt: ago(7), notes: 'Wholesale enquiry, 40 kg a month' }),
      queuePosition: 1,
    },
    {
      id: 'c-ines',
      state: 'queued',
      contact: contact('ines', 'Inês Duarte'),
      createdAt: ago(5),
      lastSeq: 3,
      lastMessageAt: ago(3),
      preview: 'Is the Harbour Dark decaf?',
      unread: 1,
      transfer: transfer({ transferredAt: ago(3), teamId: 'team-orders', teamName: 'Orders' }),
      queuePosition: 2,
    },
    {
      id: 'c-bot',
      state: 'bot',
      contact: contact('anon', null),
      createdAt: ago(2),
      lastSeq: 2,
      lastMessageAt: ago(2),
      preview: 'What are your opening hours?',
      unread: 0,
      transfer: null,
      queuePosition: null,
    },
  ];
}

let seq = 0;
function message(conversationId: string, author: MessageRecord['author'], minutesAgo: number, packet: MessageRecord['packet'], extra: object = {}): MessageRecord {
  seq += 1;
  const base = { id: `msg-${seq}`, conversationId, seq, createdAt: ago(minutesAgo) };
  return (author === 'visitor' ? { ...base, author, clientId: `client-${seq}`, packet, ...extra } : { ...base, author, packet, ...extra }) as MessageRecord;
}

function history(id: string): MessageRecord[] {
  if (id !== 'c-maya') {
    return [
      message(id, 'bot', 12, { name: 'message', payload: { body: 'Hi there! Welcome to **Northwind Coffee**. How can I help you today?', text_format: 'markdown_v1' } }),
      message(id, 'visitor', 8, { name: 'message', payload: { body: 'Speak to Agent' } }),
      message(id, 'bot', 8, { name: 'forward_any', payload: {} }),
    ];
  }
  const greeting = message(id, 'bot', 25, {
    name: 'bubbles',
    payload: {
      body: 'Hi there! Welcome to **Northwind Coffee**. How can I help you today?',
      fallback: 'Track Order, Product Info or Speak to Agent',
      options: [
        { id: 'track', label: 'Track Order' },
        { id: 'product', label: 'Product Info' },
        { id: 'agent', label: 'Speak to Agent' },
      ],
    },
  });
  return [
    greeting,
    message(id, 'visitor', 24, { name: 'click', payload: { value: { id: 'product', label: 'Product Info' } } }, { replyTo: greeting.id }),
    message(id, 'bot', 24, {
      name: 'carousel',
      payload: {
        body: 'Our roasts this month:',
        fallback: 'Morning Fog, Harbour Dark',
        options: [
          { id: 'fog', label: 'Morning Fog', image_url: `${IMAGE_HOST}/fog.png`, description: 'Light, citrus and honey' },
          { id: 'dark', label: 'Harbour Dark', image_url: `${IMAGE_HOST}/harbour.png`, description: 'Dark, cocoa and smoke' },
        ],
      },
    }),
    message(id, 'visitor', 8, { name: 'message', payload: { body: 'I ordered Harbour Dark last week but it was a gift. Can I return it?' } }),
    message(id, 'bot', 7, { name: 'forward_any', payload: {} }),
    message(id, 'agent', 5, { name: 'message', payload: { body: 'Hi Maya, I am **Ana** from Northwind. Happy to help with that.', text_format: 'markdown_v1' } }, { sender: { name: me.name, avatar: null } }),
    message(id, 'agent', 5, { name: 'message', payload: { body: 'Could you confirm the order number? It starts with `NW-`.', text_format: 'markdown_v1' } }, { sender: { name: me.name, avatar: null } }),
    message(id, 'visitor', 2, { name: 'message', payload: { body: 'NW-1042' } }),
    message(id, 'visitor', 1, { name: 'message', payload: { body: 'It was a gift, can I still get a refund?' } }),
  ];
}

function detailOf(row: ConversationSummary): ConversationDetail {
  const maya = row.id === 'c-maya';
  return {
    summary: row,
    messages: history(row.id),
    variables: maya ? { order_id: 'NW-1042', plan: 'Subscriber' } : { topic: 'wholesale' },
    panel: maya
      ? [
          {
            id: 'order',
            label: 'Order',
            columns: 2,
            collapsible: false,
            defaultCollapsed: false,
            fields: [
              { key: 'order_id', label: 'Order', value: 'NW-1042', displayType: 'text', color: 'default' },
              { key: 'status', label: 'Status', value: 'Delivered', displayType: 'badge', color: 'success' },
              { key: 'total', label: 'Total', value: '£38.50', displayType: 'text', color: 'default' },
              { key: 'plan', label: 'Plan', value: 'Subscriber', displayType: 'tag', color: 'info' },
            ],
          },
          {
            id: 'risk',
            label: 'Refund checks',
            columns: 1,
            collapsible: true,
            defaultCollapsed: false,
            fields: [
              { key: 'refunds', label: 'Refunds this year', value: '0', displayType: 'badge', color: 'default' },
              { key: 'gift', label: 'Gift order', value: 'Yes', displayType: 'badge', color: 'warning' },
            ],
          },
          {
            id: 'raw',
            label: 'Technical',
            columns: 1,
            collapsible: true,
            defaultCollapsed: true,
            fields: [{ key: 'session', label: 'Session', value: 'flow:refund/step:3', displayType: 'text', color: 'default' }],
          },
        ]
      : [],
    notes: maya
      ? [
          { id: 'n-transfer', body: 'Asked for a refund on order 1042', author: 'transfer', createdAt: ago(7) },
          { id: 'n-ana', body: 'Gift orders can be refunded to the buyer only; check the card.', author: 'Ana Lima', createdAt: ago(4) },
        ]
      : [],
    visitorTyping: maya,
  };
}

export interface ConsoleGateway {
  url: string;
  close(): Promise<void>;
}

/** The built console on a free port, with a scripted /agents namespace. */
export async function startConsoleGateway(): Promise<ConsoleGateway> {
  const app = new Hono();
  app.route('/', consoleAssets({ widgetDir: join(root, 'dist', 'widget'), demoDir: join(root, 'demo') }));
  const http = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const io = new Server<AgentClientEvents, AgentServerEvents>(http);
  const rows = fixtureRows();
  const find = (id: string) => rows.find((r) => r.id === id)!;
  const replace = (row: ConversationSummary) => rows.splice(rows.findIndex((r) => r.id === row.id), 1, row);
  const snapshot = (): InboxSnapshot => ({
    me,
    status: 'online',
    queue: rows.filter((r) => r.state === 'queued'),
    mine: rows.filter((r) => r.state === 'assigned' && r.transfer?.agentId === me.id),
    open: rows.filter((r) => r.state !== 'ended'),
    agents: [
      { id: me.id, name: me.name, avatar: null, teams: me.teams, status: 'online', chats: 2 },
      { id: 'agent-ben', name: 'Ben Okafor', avatar: null, teams: ['team-wholesale'], status: 'away', chats: 1 },
    ],
    teams: [
      { id: 'team-orders', name: 'Orders' },
      { id: 'team-wholesale', name: 'Wholesale' },
    ],
    canned: [
      { id: 'k1', shortCode: 'hello', content: 'Hi! I am here to help.' },
      { id: 'k2', shortCode: 'refund', content: 'Refunds reach your card within **3–5 working days**.' },
      { id: 'k3', shortCode: 'hours', content: 'We are open 8:00–18:00, Monday to Saturday.' },
    ],
  });

  const agents = io.of(AGENT_NAMESPACE);
  agents.use((socket, next) => next((socket.handshake.auth as { token?: string }).token === FIXTURE_TOKEN ? undefined : new Error('invalid_token')));
  agents.on('connection', (socket) => {
    socket.on('inbox:get', (_req, ack) => ack({ ok: true, data: snapshot() }));
    socket.on('agent:status', ({ status }, ack) => ack({ ok: true, data: { status } }));
    socket.on('conversation:watch', ({ conversationId }, ack) => ack({ ok: true, data: detailOf(find(conversationId)) }));
    socket.on('conversation:unwatch', (_req, ack) => ack({ ok: true, data: {} }));
    socket.on('conversation:read', ({ seq: read }, ack) => ack({ ok: true, data: { seq: read } }));
    socket.on('transfer:pick-next', (_req, ack) => {
      const next = rows.find((r) => r.state === 'queued');
      if (!next) return ack({ ok: true, data: { conversation: null } });
      const picked: ConversationSummary = { ...next, state: 'assigned', queuePosition: null, transfer: { ...next.transfer!, agentId: me.id, agentName: me.name, assignedAt: ago(0) } };
      replace(picked);
      ack({ ok: true, data: { conversation: picked } });
    });
    socket.on('conversation:assign', ({ conversationId, agentId }, ack) => {
      const row = find(conversationId);
      const agentName = agentId === me.id ? me.name : 'Ben Okafor';
      const assigned: ConversationSummary = { ...row, state: 'assigned', queuePosition: null, transfer: { ...(row.transfer ?? transfer({})), agentId, agentName } };
      replace(assigned);
      ack({ ok: true, data: { conversation: assigned } });
    });
    socket.on('agent:message', ({ conversationId, body }, ack) => {
      const sent = message(conversationId, 'agent', 0, { name: 'message', payload: { body, text_format: 'markdown_v1' } }, { sender: { name: me.name, avatar: null } });
      ack({ ok: true, data: { message: sent } });
      socket.emit('message:new', sent);
    });
    socket.on('agent:note', ({ body }, ack) => ack({ ok: true, data: { note: { id: `note-${Date.now()}`, body, author: me.name, createdAt: ago(0) } } }));
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
