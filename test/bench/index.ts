// Confab's benchmarks: one table, each figure next to its reference measured in the same run.
// Usage: npm run bench [-- host|rtt|sockets|engine|sizes|flood|nodes ...] [-- --quick]
// Loopback only; every part is bounded in time (the whole run takes about five minutes).
// Figures to read, not assertions: no test fails on a time.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { engineBench } from './engine.js';
import { floodBench } from './flood.js';
import { hostBench } from './host.js';
import { nodesBench } from './nodes.js';
import { rttBench } from './rtt.js';
import { sizesBench } from './sizes.js';
import { socketsBench } from './sockets.js';
import { printTable, type Row } from './stats.js';

const parts = {
  sizes: () => sizesBench(),
  engine: (quick: boolean) => engineBench({ quick }),
  host: (quick: boolean) => hostBench({ quick }),
  rtt: (quick: boolean) => rttBench({ quick }),
  sockets: (quick: boolean) => socketsBench({ quick }),
  flood: (quick: boolean) => floodBench({ quick }),
  nodes: (quick: boolean) => nodesBench({ quick }),
} satisfies Record<string, (quick: boolean) => Row[] | Promise<Row[]>>;

const { values, positionals } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, allowPositionals: true });
const unknown = positionals.filter((p) => !(p in parts));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
// nodes (PostgreSQL, Redis, two servers) runs when named: npm run bench -- nodes.
const chosen = (positionals.length > 0 ? positionals : Object.keys(parts).filter((p) => p !== 'nodes')) as Array<keyof typeof parts>;

const rows: Row[] = [];
for (const name of chosen) {
  console.error(`running ${name}…`);
  rows.push(...(await parts[name](values.quick)));
}
// nodes always runs on PostgreSQL (with Redis); the other parts on the store DATABASE_URL picks.
const others = chosen.some((p) => p !== 'nodes') ? (process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite') : undefined;
const stores = [others, chosen.includes('nodes') ? `${others ? 'nodes ' : ''}PostgreSQL + Redis` : undefined].filter(Boolean).join(', ');
console.log(`\n${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, store ${stores}\n`);
printTable(rows);
