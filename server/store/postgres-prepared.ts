import type pg from 'pg';

/**
 * Error codes of a named statement that a connection cannot run as prepared: its cached plan
 * would change its result type (a column added since, by another node's migration: 0A000),
 * it does not exist or exists already on the server's side of the connection (26000, 42P05:
 * a pooler such as PgBouncer in transaction mode, a DISCARD ALL).
 */
const UNPREPARABLE = new Set(['0A000', '26000', '42P05']);

/**
 * Runs the given statement texts as named prepared statements on this connection: PostgreSQL
 * parses and plans each once per connection instead of on every call (`names`: text → name).
 * Every other query, and every call with a callback, goes through untouched. Only statements
 * that run outside transactions may be named: when a connection cannot run one prepared
 * (UNPREPARABLE), the call is run again unnamed and the connection names nothing from then on.
 */
export function prepareOnUse(client: pg.ClientBase, names: ReadonlyMap<string, string>): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  let naming = true;
  const named = async (name: string, text: string, values: unknown[]): Promise<pg.QueryResult> => {
    try {
      return await query({ name, text, values });
    } catch (err) {
      if (!UNPREPARABLE.has((err as { code?: unknown }).code as string)) throw err;
      naming = false;
      return query(text, values);
    }
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = naming && args.length <= 2 && typeof text === 'string' && (values === undefined || Array.isArray(values)) ? names.get(text) : undefined;
    return name ? named(name, text as string, (values as unknown[] | undefined) ?? []) : query(...args);
  };
}
