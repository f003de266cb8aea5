import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client';

/** Rows per statement: one JSON parameter each, so the limit is the size of the text, not PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 5000;

const quote = (name: string) => '"' + name.replace(/"/g, '""') + '"';

function plain(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * Inserts many rows of a Drizzle table with one parameter per statement: the rows travel as a JSON array and
 * PostgreSQL turns them into records (`json_populate_recordset`). Far cheaper than a multi-row VALUES list with a
 * parameter per cell, on both drivers. Columns are those given in any row; columns no row gives get their
 * defaults. Values go through as JSON: Dates as ISO instants, arrays and objects as themselves.
 */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: Array<T['$inferInsert']>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const names = columns.map(([, c]) => quote(c.name)).join(', ');
  const tableName = quote(getTableName(table));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(
      rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => {
        const o: Record<string, unknown> = {};
        for (const [key, c] of columns) o[c.name] = plain((r as Record<string, unknown>)[key]) ?? null;
        return o;
      }),
    );
    await db.execute(sql`insert into ${sql.raw(tableName)} (${sql.raw(names)}) select ${sql.raw(names)} from json_populate_recordset(null::${sql.raw(tableName)}, ${json}::json)`);
  }
}
