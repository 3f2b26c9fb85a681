// Round trips and throughput over real sockets: Confab (visitor message → stored → keyword
// reply stored and received) next to a bare Socket.IO echo server, in the same run, each in a
// process of its own, driven from this one.
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ConversationSnapshot, MessageRecord } from '../../shared/index.js';
import { newVisitor } from '../helpers/server.js';
import { startChildServer, type ChildServer } from '../helpers/server-process.js';
import { ms, percentile, sleep, type Row } from './stats.js';

/** One simulated client: sends, and reports the time until its answer arrives. */
interface Client {
  send(): void;
  close(): void;
}

type Sample = (rttMs: number) => void;

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
  return out;
}

function socketTo(url: string, auth?: Record<string, string>): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(auth ? { auth } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function echoClient(url: string, sample: Sample): Promise<Client> {
  const socket = await socketTo(url);
  let sentAt: number | undefined;
  socket.on('echoed', () => {
    if (sentAt !== undefined) sample(performance.now() - sentAt);
    sentAt = undefined;
  });
  return {
    send() {
      sentAt = performance.now();
      socket.emit('echo', { body: 'shipping' }, () => undefined);
    },
    close: () => socket.close(),
  };
}

async function confabClient(url: string, sample: Sample): Promise<Client> {
  const identity = await newVisitor(url);
  const socket = await socketTo(url, { botKey: 'demo', token: identity.token });
  const opened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
  if (!opened.ok) throw new Error(opened.error.message);
  const conversationId = opened.data.conversation.id;
  let sentAt: number | undefined;
  socket.on('message:new', (m: MessageRecord) => {
    if (m.author !== 'bot' || sentAt === undefined) return;
    sample(performance.now() - sentAt);
    sentAt = undefined;
  });
  return {
    send() {
      sentAt = performance.now();
      socket.emit('visitor:event', { conversationId, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: 'shipping' } } }, () => undefined);
    },
    close: () => socket.close(),
  };
}

/** Every client sends once per interval (at its own offset) for the duration; returns the round trips. */
async function drive(clients: Client[], intervalMs: number, durationMs: number): Promise<{ sent: number; seconds: number }> {
  let sent = 0;
  const started = performance.now();
  const timers = clients.map((client) => {
    const first = Math.random() * intervalMs;
    let interval: NodeJS.Timeout | undefined;
    const timeout = setTimeout(() => {
      client.send();
      sent++;
      interval = setInterval(() => {
        client.send();
        sent++;
      }, intervalMs);
    }, first);
    return () => {
      clearTimeout(timeout);
      if (interval) clearInterval(interval);
    };
  });
  await sleep(durationMs);
  for (const stop of timers) stop();
  await sleep(1_000); // the last answers
  return { sent, seconds: (performance.now() - started - 1_000) / 1000 };
}

interface Load {
  /** Server CPU time per answered round trip, ms: unlike latency, barely moved by other work on the machine. */
  cpuPerRoundTrip: number;
  p50: number;
  p99: number;
  answered: number;
  sent: number;
  perSecond: number;
  /** Round trips a second the clients were told to send (visitors / interval). */
  offered: number;
  /** The load generator's own CPU time over the run, as a share of one core: near 100% it, not the server, sets the pace. */
  generatorCpu: number;
}

async function measure(kind: 'confab' | 'echo', server: ChildServer, visitors: number, intervalMs: number, durationMs: number): Promise<Load> {
  const samples: number[] = [];
  const make = kind === 'echo' ? echoClient : confabClient;
  const clients = await inBatches(visitors, 100, () => make(server.url, (v) => samples.push(v)));
  await sleep(500);
  const cpuBefore = server.cpuMs();
  const generatorBefore = process.cpuUsage();
  const { sent, seconds } = await drive(clients, intervalMs, durationMs);
  const generator = process.cpuUsage(generatorBefore);
  const cpuPerRoundTrip = (server.cpuMs() - cpuBefore) / Math.max(1, samples.length);
  for (const c of clients) c.close();
  return {
    cpuPerRoundTrip,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    answered: samples.length,
    sent,
    perSecond: samples.length / seconds,
    offered: (visitors * 1000) / intervalMs,
    generatorCpu: (generator.user + generator.system) / 1000 / (seconds * 1000 + 1_000),
  };
}

export { confabClient, drive, inBatches, socketTo };

export async function rttBench(options: { quick?: boolean } = {}): Promise<Row[]> {
  const duration = options.quick ? 9_000 : 30_000;
  const rows: Row[] = [];
  const echo = await startChildServer('echo');
  const confab = await startChildServer('confab');
  try {
    // 1,000 visitors, each sending a message every 3 s.
    const e = await measure('echo', echo, 1_000, 3_000, duration);
    const c = await measure('confab', confab, 1_000, 3_000, duration);
    rows.push(
      { figure: 'round trip p50, 1,000 visitors × 1 msg / 3 s', confab: ms(c.p50), reference: `echo ${ms(e.p50)} (${(c.p50 / e.p50).toFixed(1)}×)`, goal: '≤ 2× echo' },
      { figure: 'round trip p99, same load', confab: ms(c.p99), reference: `echo ${ms(e.p99)} (${(c.p99 / e.p99).toFixed(1)}×)`, goal: '≤ 3× echo' },
      {
        figure: 'server CPU time per round trip, same load',
        confab: ms(c.cpuPerRoundTrip),
        reference: `echo ${ms(e.cpuPerRoundTrip)} (${(c.cpuPerRoundTrip / e.cpuPerRoundTrip).toFixed(1)}×)`,
        goal: '—',
      },
      { figure: 'answered, same load', confab: `${c.answered}/${c.sent}`, reference: `echo ${e.answered}/${e.sent}`, goal: 'all' },
    );
    // Throughput: more visitors at 1 message / 2.5 s each until p99 passes 100 ms.
    const stages = options.quick ? [1_000, 2_000] : [1_000, 1_500, 2_000, 2_500, 3_000];
    let best = 0;
    let echoBest = 0;
    let echoKeptUp = true;
    const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
    for (const visitors of stages) {
      const stage = await measure('confab', confab, visitors, 2_500, options.quick ? 5_000 : 10_000);
      const stored = stage.perSecond * 2; // the visitor's message and the bot's reply
      console.error(
        `  confab ${visitors} visitors (${stage.offered.toFixed(0)} round trips/s offered): ${stored.toFixed(0)} stored messages/s, p99 ${ms(stage.p99)}, load generator CPU ${pct(stage.generatorCpu)} of a core`,
      );
      if (stage.p99 <= 100) best = Math.max(best, stored);
      const ref = await measure('echo', echo, visitors, 2_500, options.quick ? 5_000 : 10_000);
      console.error(`  echo ${visitors} visitors: ${ref.perSecond.toFixed(0)} round trips/s, p99 ${ms(ref.p99)}, load generator CPU ${pct(ref.generatorCpu)} of a core`);
      if (ref.p99 <= 100) echoBest = Math.max(echoBest, ref.perSecond);
      else echoKeptUp = false;
    }
    rows.push({
      figure: 'stored messages/s with p99 ≤ 100 ms',
      confab: best.toFixed(0),
      // Past the last stage nothing is offered: an echo server that kept up with every stage has no limit here, only the stages' end.
      reference: `echo ${echoBest.toFixed(0)} round trips/s${echoKeptUp ? ' (every stage kept up: the most offered)' : ''}`,
      goal: '≥ 2,000',
    });
  } finally {
    await confab.stop();
    await echo.stop();
  }
  return rows;
}
