// The message path's statements as named prepared statements (server/store/postgres-prepared.ts),
// on a real PostgreSQL: prepared once per connection, and still answered when a connection
// cannot run one prepared (a column added by another node's migration, a pooler or DISCARD ALL
// that dropped it on the server's side, a name taken there already).
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { migrateToLatest } from '../../server/store/migrations.js';
import { HOT_STATEMENTS } from '../../server/store/postgres-hot-path.js';
import { prepareOnUse, statementName } from '../../server/store/postgres-prepared.js';
import { testDatabases } from '../helpers/databases.js';

const postgres = testDatabases.find((d) => d.name === 'postgres');
const FIND = 'select * from "things" where "id" = $1::integer';
const NAME = statementName(FIND);

describe.runIf(postgres)('named prepared statements on PostgreSQL', () => {
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  const logged: string[] = [];

  beforeAll(async () => {
    const db = await postgres!.create();
    drop = db.drop;
    pool = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
    pool.on('connect', (client) => prepareOnUse(client, new Map([[FIND, NAME]]), (m) => void logged.push(m)));
    await pool.query('create table "things" ("id" integer primary key, "a" text)');
    await pool.query(`insert into "things" values (1, 'one'), (2, 'two')`);
  });

  afterAll(async () => {
    await pool?.end();
    await drop?.();
  });

  /** A connection of its own, so that what it has prepared is what pg_prepared_statements shows it. */
  async function withClient<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await run(client);
    } finally {
      client.release(true);
    }
  }
  /** The connection's prepared statements, and how often each ran prepared (custom and generic plans). */
  const prepared = async (client: pg.PoolClient) =>
    (await client.query('select "name", "statement", "custom_plans" + "generic_plans" as "runs" from pg_prepared_statements order by "name"')).rows.map((r) => ({ ...r, runs: Number(r.runs) }));

  it('prepares a named text once per connection and runs every other query as before', async () => {
    await withClient(async (client) => {
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect((await client.query(FIND, [2])).rows).toEqual([{ id: 2, a: 'two' }]);
      expect((await client.query('select "a" from "things" where "id" = $1', [1])).rows).toEqual([{ a: 'one' }]);
      expect(await prepared(client)).toEqual([{ name: NAME, statement: FIND, runs: 2 }]);
    });
  });

  it('passes on the errors that are not about preparing, and goes on naming', async () => {
    await withClient(async (client) => {
      await expect(client.query(FIND, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect(await prepared(client)).toEqual([{ name: NAME, statement: FIND, runs: 1 }]);
    });
  });

  it('names nothing inside a transaction', async () => {
    await withClient(async (client) => {
      await client.query('begin');
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      await client.query('commit');
      expect(await prepared(client)).toEqual([]);
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect(await prepared(client)).toEqual([{ name: NAME, statement: FIND, runs: 1 }]);
    });
  });

  it('runs it unnamed once a column was added since (its cached plan would change its result type), and from then on', async () => {
    logged.length = 0;
    await withClient(async (client) => {
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      await pool.query(`alter table "things" add column "b" text not null default 'x'`);
      try {
        expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one', b: 'x' }]);
        expect((await client.query(FIND, [2])).rows).toEqual([{ id: 2, a: 'two', b: 'x' }]);
        expect(await prepared(client)).toEqual([{ name: NAME, statement: FIND, runs: 1 }]);
      } finally {
        await pool.query('alter table "things" drop column "b"');
      }
    });
    expect(logged).toEqual([expect.stringContaining('0A000')]);
  });

  it('runs it unnamed when the server side of the connection no longer has it (DISCARD ALL, a pooler), and from then on', async () => {
    await withClient(async (client) => {
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      await client.query('deallocate all');
      expect((await client.query(FIND, [2])).rows).toEqual([{ id: 2, a: 'two' }]);
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect(await prepared(client)).toEqual([]);
    });
  });

  it('runs it unnamed when the server side has the name already (another client behind a pooler)', async () => {
    await withClient(async (client) => {
      await client.query(`prepare ${NAME} as select 1`);
      expect((await client.query(FIND, [2])).rows).toEqual([{ id: 2, a: 'two' }]);
      expect((await client.query(FIND, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect(await prepared(client)).toEqual([{ name: NAME, statement: `prepare ${NAME} as select 1`, runs: 0 }]);
    });
  });

  it("is how the store's connections run the message path's statements", async () => {
    const db = await postgres!.create();
    const store = openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    try {
      await migrateToLatest(store.db, 'postgres');
      const [find] = HOT_STATEMENTS.keys();
      const names = await store.db.connection().execute(async (connection) => {
        await connection.executeQuery(CompiledQuery.raw(find!, ['no such conversation']));
        return (await sql<{ name: string }>`select "name" from pg_prepared_statements`.execute(connection)).rows.map((r) => r.name);
      });
      expect(names).toEqual([statementName(find!)]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
