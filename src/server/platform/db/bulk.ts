import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client';

/** Rows per statement: one array parameter per column, so the limit is the size of the arrays, not the 65,535 parameters. */
const ROWS_PER_STATEMENT = 5000;

const quote = (name: string) => '"' + name.replace(/"/g, '""') + '"';

const BARE = /^[0-9A-Za-z_.:+-]+$/;

/**
 * A PostgreSQL array literal of text elements, {a,"b \"c\"",NULL}: elements that need no quotes (ids, hashes,
 * numbers, instants) go bare, which is most of them — cheaper than the driver's quoting of every element.
 */
function arrayLiteral(items: Array<string | null | undefined>): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const x = items[i];
    if (x === null || x === undefined) out += 'NULL';
    else if (BARE.test(x) && (x.length !== 4 || x.toUpperCase() !== 'NULL')) out += x; // a bare NULL would read as null
    else out += '"' + x.replace(/[\\"]/g, '\\$&') + '"';
  }
  return out + '}';
}

/**
 * A list of values as one array parameter cast to `type`, for `col = any(${textArray(ids, 'uuid')})`: one parameter
 * however long the list, where `in (…)` takes a parameter per value (each one built, sent and planned).
 */
export function textArray(values: readonly string[], type = 'text'): SQL {
  return sql`${sql.param(arrayLiteral(values as string[]))}::${sql.raw(type)}[]`;
}

/** Every cell travels as text and is cast to its column's type in the SELECT (enums and arrays alike, on both drivers). */
function cellText(v: unknown, col: PgColumn, isArray: boolean, isJson: boolean): string | null {
  if (v === undefined || v === null) return null;
  if (isArray) return arrayLiteral((v as unknown[]).map((x) => (x === null || x === undefined ? null : String(x))));
  if (isJson) return JSON.stringify(v);
  if (v instanceof Date) return v.toISOString();
  const d = col.mapToDriverValue(v);
  return d === null || d === undefined ? null : d instanceof Date ? d.toISOString() : String(d);
}

/**
 * Inserts many rows of a Drizzle table with one text-array parameter per column:
 * `insert into t (a, b) select a::uuid, b from unnest($1::text[], $2::text[]) as u(a, b)`. Far cheaper than a
 * multi-row VALUES list with a parameter per cell, on both drivers.
 * Columns are those given in any row; columns no row gives get their defaults.
 */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: Array<T['$inferInsert']>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>)
    .filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined))
    .map(([key, col]) => {
      const type = col.getSQLType();
      const isArray = type.endsWith('[]');
      return { key, col, type, isArray, isJson: type === 'jsonb' || type === 'json' };
    });
  const names = sql.raw(columns.map((c) => quote(c.col.name)).join(', '));
  const aliases = columns.map((_, i) => `c${i}`);
  const select = sql.raw(columns.map((c, i) => (c.type === 'text' ? aliases[i] : `${aliases[i]}::${c.type}`)).join(', '));
  const tableName = sql.raw(quote(getTableName(table)));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT) as Array<Record<string, unknown>>;
    const arrays: SQL[] = columns.map((c) => sql`${sql.param(arrayLiteral(chunk.map((r) => cellText(r[c.key], c.col, c.isArray, c.isJson))))}::text[]`);
    await db.execute(sql`insert into ${tableName} (${names}) select ${select} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(aliases.join(', '))})`);
  }
}
