import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Error codes of a named statement that a connection cannot run as prepared: its cached plan
 * would change its result type (a column added since, by another node's migration: 0A000),
 * it does not exist or exists already on the server's side of the connection (26000, 42P05:
 * a pooler such as PgBouncer in transaction mode, a DISCARD ALL). All three come at Parse or
 * Bind, before anything runs, so the call is run again as it would have been.
 */
const UNPREPARABLE = new Set(['0A000', '26000', '42P05']);

/** A statement's name: from its text, so that two versions of a text never share one (several nodes behind one pooler). */
export function statementName(text: string): string {
  return `confab_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}

/**
 * Runs the given statement texts as named prepared statements on this connection (`names`:
 * text → statementName(text)):
 * PostgreSQL parses each once per connection, and keeps its plan as its plan cache decides,
 * instead of parsing and planning it on every call. Only while the connection is in no
 * transaction; every other query, and every call with a callback, goes through untouched.
 * When the connection cannot run one prepared (UNPREPARABLE), the call is run again unnamed
 * and the connection names nothing from then on (`log` hears why, once).
 */
export function prepareOnUse(client: pg.ClientBase & { getTransactionStatus?(): string | null }, names: ReadonlyMap<string, string>, log: (message: string) => void = console.warn): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  let naming = true;
  const named = async (name: string, text: string, values: unknown[]): Promise<pg.QueryResult> => {
    try {
      return await query({ name, text, values });
    } catch (err) {
      const { code, message } = err as { code?: unknown; message?: unknown };
      if (typeof code !== 'string' || !UNPREPARABLE.has(code)) throw err;
      naming = false;
      log(`postgres: a connection runs the message path's statements unprepared from now on (${code}: ${String(message)})`);
      return query(text, values);
    }
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name =
      naming &&
      args.length <= 2 &&
      typeof text === 'string' &&
      (values === undefined || Array.isArray(values)) &&
      // 'I': idle, in no transaction (null: before the connection's first ReadyForQuery).
      (client.getTransactionStatus?.() ?? 'I') === 'I'
        ? names.get(text)
        : undefined;
    return name ? named(name, text as string, (values as unknown[] | undefined) ?? []) : query(...args);
  };
}
