// What a heap snapshot holds, by kind of object: count and bytes (self size), largest first,
// and per socket when the count of sockets is given. Usage:
// node test/bench/heap-summary.mjs FILE.heapsnapshot [SOCKETS]
// (BENCH_HEAP_SNAPSHOT=DIR npm run bench -- sockets -- --quick writes the server's into DIR.)
import { readFileSync } from 'node:fs';
const snapshot = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const sockets = Number(process.argv[3] ?? 0);
const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
const width = fields.length;
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
const byKind = new Map();
let total = 0;
for (let i = 0; i < snapshot.nodes.length; i += width) {
  const type = types[snapshot.nodes[i + typeAt]];
  const name = snapshot.strings[snapshot.nodes[i + nameAt]];
  // Objects by constructor; closures by function name; strings, arrays and code by type.
  const kind = type === 'object' || type === 'closure' ? `${type} ${name.slice(0, 60)}` : type;
  const size = snapshot.nodes[i + sizeAt];
  const k = byKind.get(kind) ?? { count: 0, size: 0 };
  k.count++;
  k.size += size;
  byKind.set(kind, k);
  total += size;
}
console.log(`heap ${(total / 2 ** 20).toFixed(1)} MB${sockets ? `, ${(total / sockets / 1024).toFixed(2)} KB per socket (${sockets})` : ''}`);
for (const [kind, { count, size }] of [...byKind].sort((a, b) => b[1].size - a[1].size).slice(0, 45)) {
  const per = sockets ? `  ${(count / sockets).toFixed(2).padStart(6)}/socket ${(size / sockets).toFixed(0).padStart(6)} B/socket` : '';
  console.log(`${(size / 1024).toFixed(0).padStart(9)} KB ${String(count).padStart(8)}${per}  ${kind}`);
}
