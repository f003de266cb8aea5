import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from './client';
import { rowsOf } from './client';

/**
 * Hot read statements (the household list) as named prepared statements on PostgreSQL: each pooled connection parses a
 * statement once and PostgreSQL may reuse its plan (after five executions, when the generic plan is estimated no worse
 * than planning each time — PostgreSQL's default `plan_cache_mode`). On the list, planning had cost as much as running
 * the statement. The statement's name is a hash of its text, and the text depends only on the query's shape (which
 * filters, which order), never on the values, which are parameters; so the number of names stays small. Past
 * MAX_SHAPES distinct shapes in a process, further shapes run unnamed, so neither this process nor the server's
 * per-connection caches can grow without bound. Inside a transaction, and on PGlite, statements run as usual.
 *
 * The caller says whether a query may run this way (`reusablePlan`): only when one plan is right for every value —
 * its index follows from its shape, not from how common the values are (e.g. a prefix search carries its range as two
 * comparisons, which an index can use with parameters). Otherwise it runs unnamed and is planned for its values.
 */
const MAX_SHAPES = 200;
const named = new Set<string>();
const dialect = new PgDialect();

export async function preparedRows<T>(db: Db, query: SQL, opts: { reusablePlan: boolean }): Promise<T[]> {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (!opts.reusablePlan || !(pool instanceof pg.Pool)) return rowsOf<T>(await db.execute(query));
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = 'pa_' + createHash('sha1').update(text).digest('base64url').slice(0, 24);
  if (!named.has(name)) {
    if (named.size >= MAX_SHAPES) return (await pool.query<T & pg.QueryResultRow>({ text, values: params })).rows;
    named.add(name);
  }
  return (await pool.query<T & pg.QueryResultRow>({ name, text, values: params })).rows;
}
