// What a heap snapshot holds, by kind of object: count and bytes (self size), largest first.
// With a snapshot from before the sockets connected and their count, what each socket adds.
// Usage: node test/bench/heap-summary.mjs AFTER.heapsnapshot [BEFORE.heapsnapshot SOCKETS]
// (BENCH_HEAP_SNAPSHOT=DIR npm run bench -- sockets -- --quick writes both of the server's into DIR.)
import { readFileSync } from 'node:fs';

function kinds(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byKind = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const name = snapshot.strings[snapshot.nodes[i + nameAt]];
    // Objects by constructor, closures by function name; strings, arrays and code by type.
    const kind = type === 'object' || type === 'closure' ? `${type} ${name.slice(0, 60)}` : type;
    const k = byKind.get(kind) ?? { count: 0, size: 0 };
    k.count++;
    k.size += snapshot.nodes[i + sizeAt];
    byKind.set(kind, k);
  }
  return byKind;
}

const [afterFile, beforeFile, socketsArg] = process.argv.slice(2);
const after = kinds(afterFile);
const before = beforeFile ? kinds(beforeFile) : new Map();
const sockets = Number(socketsArg ?? 1);
const rows = [...after].map(([kind, { count, size }]) => ({ kind, count: count - (before.get(kind)?.count ?? 0), size: size - (before.get(kind)?.size ?? 0) }));
const total = rows.reduce((a, r) => a + r.size, 0);
console.log(beforeFile ? `heap grew ${(total / 2 ** 20).toFixed(1)} MB: ${(total / sockets).toFixed(0)} B per socket (${sockets})` : `heap ${(total / 2 ** 20).toFixed(1)} MB`);
for (const { kind, count, size } of rows.sort((a, b) => b.size - a.size).slice(0, 40)) {
  console.log(`${(size / sockets).toFixed(0).padStart(8)} B ${(count / sockets).toFixed(2).padStart(7)}×  ${kind}`);
}
