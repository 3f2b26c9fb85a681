/** Percentile of sorted-on-the-fly samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One line of the results table: a figure, Confab's value, its reference in the same run, the goal. */
export interface Row {
  figure: string;
  confab: string;
  reference: string;
  goal: string;
}

export function printTable(rows: Row[]): void {
  const header: Row = { figure: 'figure', confab: 'Confab', reference: 'reference (same run)', goal: 'goal' };
  const all = [header, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row) => `| ${r.figure.padEnd(width('figure'))} | ${r.confab.padStart(width('confab'))} | ${r.reference.padEnd(width('reference'))} | ${r.goal.padEnd(width('goal'))} |`;
  console.log(line(header));
  console.log(`|${'-'.repeat(width('figure') + 2)}|${'-'.repeat(width('confab') + 1)}:|${'-'.repeat(width('reference') + 2)}|${'-'.repeat(width('goal') + 2)}|`);
  for (const r of rows) console.log(line(r));
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
