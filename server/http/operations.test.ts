import { describe, expect, it } from 'vitest';
import { createStore } from '../store/index.js';
import { tempDir } from '../../test/helpers/databases.js';
import { operationsApi, type NodeState } from './operations.js';

describe('/readyz', () => {
  it('answers 503 in the envelope while starting, while stopping and when the store does not answer; 200 otherwise', async () => {
    const store = await createStore({ dataDir: tempDir() });
    let state: NodeState = 'starting';
    const app = operationsApi({ store, state: () => state });
    const readyz = async () => {
      const res = await app.request('/readyz');
      return { status: res.status, body: await res.json() };
    };
    expect(await readyz()).toEqual({ status: 503, body: { status: 'error', message: 'starting' } });
    state = 'ready';
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ok', store: 'sqlite' } });
    state = 'stopping';
    expect(await readyz()).toEqual({ status: 503, body: { status: 'error', message: 'shutting down' } });
    state = 'ready';
    // A store that is gone (closed here; a stopped PostgreSQL in test/integration) is not ready.
    await store.close();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'error', message: 'the store is not reachable' } });
  });

  it('checks every readiness check it is given (Redis, later) and names the one that fails', async () => {
    const store = await createStore({ dataDir: tempDir() });
    const app = operationsApi({ store, checks: [{ name: 'store', check: () => store.ping() }, { name: 'Redis server', check: () => Promise.reject(new Error('ECONNREFUSED')) }] });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'error', message: 'the Redis server is not reachable' });
    await store.close();
  });

  it('has no /metrics when the server has no metrics or serves them on METRICS_PORT', async () => {
    const store = await createStore({ dataDir: tempDir() });
    const res = await operationsApi({ store }).request('/metrics');
    expect(res.status).toBe(404);
    await store.close();
  });
});
