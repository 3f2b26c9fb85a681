import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The databases a suite runs against: SQLite always; PostgreSQL when TEST_DATABASE_URL
 * names a server (.ci/run starts one). Each `create()` gives a fresh, empty database.
 */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ databaseUrl: string | undefined; dataDir: string; drop(): Promise<void> }>;
}

export function tempDir(prefix = 'confab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dataDir = tempDir();
    return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

function postgres(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const name = `confab_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const dataDir = tempDir();
      return {
        databaseUrl: url.toString(),
        dataDir,
        async drop() {
          rmSync(dataDir, { recursive: true, force: true });
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

export const testDatabases: TestDatabase[] = process.env.TEST_DATABASE_URL
  ? [sqlite, postgres(process.env.TEST_DATABASE_URL)]
  : [sqlite];

/** CI must not silently skip PostgreSQL. */
if (process.env.CI && !process.env.TEST_DATABASE_URL) {
  throw new Error('CI is set but TEST_DATABASE_URL is not: the PostgreSQL suite would be skipped');
}
