import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../server/lib/config.js';
import type { RunningServer } from '../../server/server.js';
import type { TestDatabase } from './databases.js';
import { startTestServer } from './server.js';
import { testVisitor, type TestVisitor, type TestVisitorOptions } from './visitor-client.js';

/**
 * A real server on one of the test databases (with `overrides` of its configuration, read when
 * it starts), for the describe block that calls this: started
 * before its tests; after them its visitors are closed, the server too, and the database dropped.
 */
export function serverOnDatabase(database: TestDatabase, overrides: () => Partial<Config> = () => ({})) {
  let server: RunningServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  let where: { databaseUrl: string | undefined; dataDir: string } | undefined;
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    const db = await database.create();
    drop = db.drop;
    where = { databaseUrl: db.databaseUrl, dataDir: db.dataDir };
    server = await startTestServer({ ...overrides(), databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await server?.close();
    await drop?.();
  });

  return {
    get server(): RunningServer {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    /** Where the server keeps its data, as the server's environment says it (DATA_DIR, DATABASE_URL): for tools run beside it. */
    get env(): Record<string, string> {
      if (!where) throw new Error('the server starts in beforeAll');
      return { DATA_DIR: where.dataDir, ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}) };
    },
    /** A new visitor, or with `identity` the same one in another tab or after a reconnect. */
    async visitor(options: TestVisitorOptions = {}): Promise<TestVisitor> {
      const v = await testVisitor(this.server, options);
      visitors.push(v);
      return v;
    },
  };
}
