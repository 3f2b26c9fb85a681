// One noisy client must not slow the others: a normal visitor's round trip (message → the
// demo bot's reply) while ~100 throwaway visitors on one address flood 3,000 messages, next
// to the same visitor's round trip alone, in the same run. The server is in a process of its
// own with the limits table as it ships (windows stretched to an hour) behind one trusted
// proxy hop, so the flood and the visitor have addresses of their own.
import { FLOOD_ADDRESS, floodLimitsEnv, runFlood } from '../helpers/flood.js';
import { startChildServer } from '../helpers/server-process.js';
import { median, ms, percentile, type Row } from './stats.js';

export async function floodBench(options: { quick?: boolean } = {}): Promise<Row[]> {
  const server = await startChildServer('confab', { env: { CONFAB_TRUST_PROXY: '1', CONFAB_LIMITS: floodLimitsEnv() } });
  try {
    let made = 0;
    const result = await runFlood(server.url, {
      samples: options.quick ? 8 : 12,
      // Visitors made earlier, each from an address of its own (the flood's own is past its budget).
      async makeVisitor() {
        const res = await fetch(`${server.url}/api/widget/visitors`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `192.0.2.${++made}` },
          body: JSON.stringify({ botKey: 'demo' }),
        });
        if (res.status !== 201) throw new Error(`visitor creation answered ${res.status}`);
        return res.json();
      },
    });
    const alone = median(result.before);
    const during = median(result.during);
    const { messages, creations } = result;
    console.error(`  flood from ${FLOOD_ADDRESS}: ${messages.accepted}/${messages.sent} messages accepted, ${creations.created}/${creations.asked} visitors created`);
    return [
      {
        figure: `normal visitor's round trip p50 during a flood (100 visitors × 30 messages, one address)`,
        confab: ms(during),
        reference: `alone ${ms(alone)} (${(during / alone).toFixed(1)}×)`,
        goal: '≤ 2× alone',
      },
      { figure: 'normal visitor’s slowest round trip during the flood', confab: ms(percentile(result.during, 100)), reference: `alone ${ms(percentile(result.before, 100))}`, goal: '—' },
      {
        figure: 'flood messages accepted / visitors created',
        confab: `${messages.accepted}/${messages.sent}, ${creations.created}/${creations.asked}`,
        reference: 'per-address budgets 300 messages, 20 visitors',
        goal: 'the budgets',
      },
    ];
  } finally {
    await server.stop();
  }
}
