// Where a CPU profile's time went: self time summed by file (npm packages as one) and by
// function. Usage: node test/bench/profile-summary.mjs DIR/CPU.….cpuprofile
// (BENCH_CPU_PROF=DIR npm run bench -- rtt writes the Confab server's profile into DIR).
import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; const total = dt.reduce((a, b) => a + b, 0);
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const byFn = new Map(), byFile = new Map();
for (const [id, t] of self) {
  const n = byId.get(id); const cf = n.callFrame;
  const url = cf.url.replace(new RegExp(`^${new URL('../../', import.meta.url).href}`), '');
  const file = url.includes('node_modules/') ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, 'npm:$1') : url || `(${cf.functionName})`;
  const fn = `${cf.functionName || '(anon)'} ${url.split('/').slice(-2).join('/')}:${cf.lineNumber}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + t); byFile.set(file, (byFile.get(file) ?? 0) + t);
}
const show = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).forEach(([n, t]) => console.log(`${(100 * t / total).toFixed(1).padStart(5)}% ${(t / 1000).toFixed(0).padStart(7)}ms ${n}`));
console.log(`total ${(total / 1e6).toFixed(1)} s`); console.log('--- by file'); show(byFile, 30); console.log('--- by function'); show(byFn, 40);
