import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ConversationSnapshot, MessageRecord, ServerToClientEvents, VisitorIdentity } from '../../shared/index.js';
import { messageText } from '../conversations/message-text.js';
import { CliError } from './config-client.js';

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Choice = { id: string; label: string; messageId: string };

/** The options a visitor can click in a bot message (bubbles, templates, a carousel). */
function choicesOf(m: MessageRecord): Array<{ id: string; label: string }> {
  if (m.author === 'visitor') return [];
  const { packet } = m;
  switch (packet.name) {
    case 'bubbles':
    case 'button_template':
    case 'list_template':
    case 'carousel':
      return packet.payload.options.map(({ id, label }) => ({ id, label }));
    default:
      return [];
  }
}

/** Links a message offers: shown with their URLs, never opened. */
function linksOf(m: MessageRecord): string[] {
  if (m.author === 'visitor') return [];
  if (m.packet.name === 'buttons') return m.packet.payload.buttons.map((b) => `${b.label} <${b.url}>`);
  if (m.packet.name === 'button') return [`${m.packet.payload.label} <${m.packet.payload.url}>`];
  return [];
}

function ack<T>(send: (done: (res: { ok: true; data: T } | { ok: false; error: { message: string } }) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    send((res) => (res.ok ? resolve(res.data) : reject(new CliError(res.error.message))));
  });
}

/**
 * `confab chat`: a visitor in the terminal, over the widget's own protocol (a visitor
 * identity, then Socket.IO). AI answers print as they stream; choices are numbered and a
 * number picks one; Ctrl-D (the end of input) leaves.
 */
export async function chat(options: { server: string; botKey: string; input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Promise<void> {
  const server = options.server.replace(/\/+$/, '');
  const out = (text: string) => options.output.write(text);
  const res = await fetch(`${server}/api/widget/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ botKey: options.botKey }) }).catch(
    (err: Error) => {
      throw new CliError(`cannot reach ${server}: ${err.message}`);
    },
  );
  const body = (await res.json().catch(() => ({}))) as Partial<VisitorIdentity> & { message?: string; error?: { message?: string } };
  if (res.status !== 201 || !body.token) throw new CliError(`no visitor for bot "${options.botKey}": ${res.status} ${body.message ?? body.error?.message ?? ''}`);

  const socket: ChatSocket = io(server, { transports: ['websocket'], auth: { botKey: options.botKey, token: body.token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new CliError(`cannot connect: ${err.message}`));
    });
  });

  let choices: Choice[] = [];
  /** Each streaming answer's text printed so far, so the stored message prints only what is left. */
  const drafts = new Map<string, string>();
  const seen = new Set<string>();
  const finished = new Set<string>();
  const ended = new Set<string>();

  const show = (m: MessageRecord) => {
    if (seen.has(m.id) || m.author === 'visitor') return;
    seen.add(m.id);
    const text = messageText(m);
    const draftId = m.packet.name === 'message' ? m.packet.payload.ai?.draftId : undefined;
    if (draftId) finished.add(draftId);
    const streamed = draftId ? drafts.get(draftId) : undefined;
    if (streamed !== undefined) {
      drafts.delete(draftId!);
      const rest = text.startsWith(streamed) ? text.slice(streamed.length) : `\n${text}`;
      // A stream that ended has ended its line too.
      if (!ended.delete(draftId!)) out(`${rest}\n`);
      else if (rest) out(`${rest}\n`);
    } else if (text) {
      out(`${m.author === 'bot' ? 'bot' : m.author === 'agent' ? (m.sender?.name ?? 'agent') : '--'}: ${text}\n`);
    }
    for (const link of linksOf(m)) out(`  - ${link}\n`);
    const offered = choicesOf(m);
    if (offered.length > 0) {
      choices = offered.map((c) => ({ ...c, messageId: m.id }));
      choices.forEach((c, i) => out(`  ${i + 1}. ${c.label}\n`));
    }
  };

  socket.on('message:new', show);
  socket.on('message:draft', (draft) => {
    // The stored answer may come before the stream's last update: then it is printed already.
    if (finished.has(draft.draftId)) return;
    const printed = drafts.get(draft.draftId);
    if (printed === undefined) out('bot: ');
    const before = printed ?? '';
    if (draft.text.startsWith(before)) out(draft.text.slice(before.length));
    drafts.set(draft.draftId, draft.text);
    // Ended without a stored answer: it gave way to the fallback, which comes as a message.
    if (draft.state === 'ended' && !ended.has(draft.draftId)) {
      ended.add(draft.draftId);
      out('\n');
    }
  });

  const snapshot = await ack<ConversationSnapshot>((done) => socket.emit('conversation:open', {}, done));
  const conversationId = snapshot.conversation.id;
  snapshot.messages.forEach(show);

  const lines = createInterface({ input: options.input, terminal: false });
  // Lines are sent one after another, in the order typed.
  let sending = Promise.resolve();
  lines.on('line', (line) => {
    const words = line.trim();
    if (!words) return;
    const picked = /^\d+$/.test(words) ? choices[Number(words) - 1] : undefined;
    const request = picked
      ? { conversationId, clientId: randomUUID(), packet: { name: 'click' as const, payload: { value: { id: picked.id, label: picked.label } } }, replyTo: picked.messageId }
      : { conversationId, clientId: randomUUID(), packet: { name: 'message' as const, payload: { body: words } } };
    sending = sending.then(() => ack((done) => socket.emit('visitor:event', request, done)).then(
      () => undefined,
      (err: Error) => void out(`(not sent: ${err.message})\n`),
    ));
  });
  await new Promise<void>((resolve) => lines.once('close', resolve));
  await sending;
  socket.close();
}
