// Benchmark: visitor message → stored → keyword reply received, over real sockets.
// Prints p50/p95/p99 round-trip latency and throughput for a number of concurrent visitors.
// Usage: npm run bench [-- --visitors 40 --messages 25]
// (A visitor may send 30 events a minute; past that the server refuses them, as it should.)
import { parseArgs } from 'node:util';
import type { Ack, ConversationSnapshot } from '../../shared/index.js';
import { connectVisitor, fromBot, messageInbox, newVisitor, startTestServer } from '../helpers/server.js';

const { values } = parseArgs({
  options: { visitors: { type: 'string', default: '40' }, messages: { type: 'string', default: '25' } },
});
const visitors = Number(values.visitors);
const perVisitor = Number(values.messages);

const server = await startTestServer({ databaseUrl: process.env.DATABASE_URL });
const latencies: number[] = [];
const started = performance.now();

await Promise.all(
  Array.from({ length: visitors }, async () => {
    const identity = await newVisitor(server.url);
    const socket = await connectVisitor(server.url, { botKey: 'demo', token: identity.token });
    const inbox = messageInbox(socket);
    const opened = (await socket.emitWithAck('conversation:open', {})) as Ack<ConversationSnapshot>;
    if (!opened.ok) throw new Error(opened.error.message);
    let seq = opened.data.conversation.lastSeq;
    for (let i = 0; i < perVisitor; i++) {
      const t0 = performance.now();
      const ack = (await socket.emitWithAck('visitor:event', {
        conversationId: opened.data.conversation.id,
        clientId: crypto.randomUUID(),
        packet: { name: 'message', payload: { body: i % 2 ? 'shipping' : 'opening hours' } },
      })) as Ack<unknown>;
      if (!ack.ok) throw new Error(`message refused: ${ack.error.message}`);
      seq += 2;
      const want = seq;
      await inbox.next((m) => fromBot(m) && m.seq === want, 30_000);
      latencies.push(performance.now() - t0);
    }
    socket.close();
  }),
);

const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(`store: ${server.store.dialect}; ${visitors} visitors × ${perVisitor} messages`);
console.log(`round trip (message → bot reply): p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
console.log(`throughput: ${((latencies.length * 2) / seconds).toFixed(0)} stored messages/s`);
await server.close();
