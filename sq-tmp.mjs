import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { rmSync, openSync, writeSync, closeSync } from 'node:fs';
const dir = process.argv[2];
const sqlite = new SQLite(dir + '/t.sqlite'); sqlite.pragma('journal_mode = WAL');
const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
sqlite.exec('create table t (x text)');
const ins = () => db.transaction().execute(async (trx) => { await trx.updateTable('t').set({x: 'y'}).where('x','=','zz').execute(); await trx.insertInto('t').values({ x: 'x'.repeat(100) }).execute(); });
await ins();
const fd = openSync(dir + '/filler', 'w'); const buf = Buffer.alloc(64*1024);
try { for(;;) writeSync(fd, buf); } catch (e) { console.log('filled', e.code); } closeSync(fd);
for (let i=0;i<3;i++) try { await ins(); console.log('full ok?'); } catch (e) { console.log('full', e.code, e.message, 'inTx', sqlite.inTransaction); }
rmSync(dir + '/filler');
for (let i=0;i<3;i++) try { await ins(); console.log('free ok'); } catch (e) { console.log('free', e.code, e.message, 'inTx', sqlite.inTransaction); }
