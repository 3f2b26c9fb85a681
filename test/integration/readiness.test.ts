import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startPrivatePostgres } from '../helpers/private-postgres.js';
import { startTestServer, type LogLine } from '../helpers/server.js';

describe('/readyz with PostgreSQL', () => {
  let server: RunningServer | undefined;
  let pg: Awaited<ReturnType<typeof startPrivatePostgres>> | undefined;
  afterEach(async () => {
    await server?.close();
    pg?.destroy();
  });

  it('answers 503 in the envelope while PostgreSQL is stopped, and 200 again once it is back', async () => {
    pg = await startPrivatePostgres();
    const errors: LogLine[] = [];
    server = await startTestServer({ databaseUrl: pg.url }, { log: (message, err) => errors.push({ message, err }) });
    const readyz = async () => {
      const res = await fetch(`${server!.url}/readyz`);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ok', store: 'postgres' } });

    pg.stop('fast');
    expect(await readyz()).toEqual({ status: 503, body: { status: 'error', message: 'the store is not reachable' } });
    // Still alive: only readiness depends on the store.
    expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
    // Readiness failing is an answer, not a server error.
    expect(errors).toEqual([]);

    pg.start();
    await expect.poll(async () => (await readyz()).status, { timeout: 30_000 }).toBe(200);
  }, 180_000);
});
