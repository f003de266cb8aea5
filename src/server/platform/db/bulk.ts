import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Column, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

/** A value of COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

type CopyTarget =
  | { kind: 'postgres'; client: pg.Client }
  | { kind: 'pglite'; client: { query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown> } };

/**
 * Where COPY can stream rows: the connection of a PostgreSQL transaction (node-postgres), or PGlite (in or out of
 * a transaction: one connection either way, rows given as a blob); null for the pool outside a transaction (COPY
 * needs one connection throughout).
 */
function copyTarget(db: Db): CopyTarget | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client) return { kind: 'postgres', client };
  if (client instanceof pg.Pool || !client) return null;
  const c = client as { query?: unknown; exec?: unknown };
  return typeof c.query === 'function' && typeof c.exec === 'function' ? { kind: 'pglite', client: client as Extract<CopyTarget, { kind: 'pglite' }>['client'] } : null;
}

interface CopyColumn {
  key: string;
  col: PgColumn;
  type: string;
  isArray: boolean;
  isJson: boolean;
  /** the column gives the driver its values as they are (text, uuid, integers, enums, …): a value is only made text */
  asIs: boolean;
}

/** The table's columns that any of the rows gives (the others get their defaults). */
function columnsOf<T extends PgTable>(table: T, rows: Array<T['$inferInsert']>): CopyColumn[] {
  return Object.entries(getTableColumns(table) as Record<string, PgColumn>)
    .filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined))
    .map(([key, col]) => {
      const type = col.getSQLType();
      const isArray = type.endsWith('[]');
      const isJson = type === 'jsonb' || type === 'json';
      return { key, col, type, isArray, isJson, asIs: !isArray && !isJson && col.mapToDriverValue === Column.prototype.mapToDriverValue };
    });
}

/**
 * Rows as the lines of COPY's text format. The cells of a row are joined once and the lines once (each join makes one
 * flat string): adding them one by one made a rope of two pieces per cell, which was most of what a large import's
 * preparing thread allocated, and which had to be flattened again before being encoded.
 */
function copyLines(columns: CopyColumn[], rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '';
  const cells = new Array<string>(columns.length);
  const lines = new Array<string>(rows.length + 1);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      const v = r[c.key];
      // the common cells made text at once; the rest as cellText makes them
      cells[k] = c.asIs && typeof v === 'string' ? copyField(v) : c.asIs && typeof v === 'number' ? String(v) : copyField(cellText(v, c.col, c.isArray, c.isJson));
    }
    lines[i] = cells.join('\t');
  }
  lines[rows.length] = ''; // the last line ends with a newline too
  return lines.join('\n');
}

/** COPY of rows given as text, or as that text encoded (UTF-8). */
async function copyInto(target: CopyTarget, tableName: string, columnList: string, text: string | Uint8Array): Promise<void> {
  if (target.kind === 'postgres') {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    await pipeline(Readable.from([bytes]), target.client.query(copyFrom(`copy ${tableName} (${columnList}) from stdin`)));
  } else await target.client.query(`copy ${tableName} (${columnList}) from '/dev/blob'`, [], { blob: new Blob([text as BlobPart]) });
}

/**
 * Rows of a table made ready for copyPrepared: the column list and COPY's text (one statement's worth; no database
 * needed, so another thread can build it while this one writes).
 */
export interface PreparedCopy {
  columns: string;
  text: string;
}
export function prepareCopy<T extends PgTable>(table: T, rows: Array<T['$inferInsert']>): PreparedCopy {
  const columns = columnsOf(table, rows);
  return { columns: columns.map((c) => quote(c.col.name)).join(', '), text: copyLines(columns, rows as Array<Record<string, unknown>>) };
}

/** Whether COPY can stream on this handle (copyPrepared needs it): see copyTarget. */
export function canCopy(db: Db): boolean {
  return copyTarget(db) !== null;
}

/**
 * Writes rows made ready by prepareCopy with COPY, where canCopy (an error elsewhere); the text may come encoded
 * (UTF-8 bytes, as another thread hands it over).
 */
export async function copyPrepared(db: Db, table: PgTable, p: PreparedCopy | { columns: string; bytes: Uint8Array }): Promise<void> {
  const target = copyTarget(db);
  if (!target) throw new Error('COPY needs one connection: a transaction on PostgreSQL, or PGlite');
  const text = 'text' in p ? p.text : p.bytes;
  if (text.length) await copyInto(target, quote(getTableName(table)), p.columns, text);
}

/**
 * Inserts many rows of a Drizzle table. With COPY (text format, a statement per 5,000 rows: about three times
 * cheaper for the server than the alternative) inside a PostgreSQL transaction and always on PGlite; otherwise
 * (the PostgreSQL pool outside a transaction) with one text-array
 * parameter per column: `insert into t (a, b) select a::uuid, b from unnest($1::text[], $2::text[]) as u(a, b)`,
 * far cheaper than a multi-row VALUES list with a parameter per cell, on both drivers. Either way every cell
 * travels as text and is read by its column's type (enums and arrays alike), and a constraint violation throws
 * the same database error.
 * Columns are those given in any row; columns no row gives get their defaults.
 */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: Array<T['$inferInsert']>): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnsOf(table, rows);
  const columnList = columns.map((c) => quote(c.col.name)).join(', ');
  const tableName = quote(getTableName(table));
  const target = copyTarget(db);
  if (target) {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await copyInto(target, tableName, columnList, copyLines(columns, rows.slice(i, i + ROWS_PER_STATEMENT) as Array<Record<string, unknown>>));
    }
    return;
  }
  const names = sql.raw(columnList);
  const aliases = columns.map((_, i) => `c${i}`);
  const select = sql.raw(columns.map((c, i) => (c.type === 'text' ? aliases[i] : `${aliases[i]}::${c.type}`)).join(', '));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT) as Array<Record<string, unknown>>;
    const arrays: SQL[] = columns.map((c) => sql`${sql.param(arrayLiteral(chunk.map((r) => cellText(r[c.key], c.col, c.isArray, c.isJson))))}::text[]`);
    await db.execute(sql`insert into ${sql.raw(tableName)} (${names}) select ${select} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(aliases.join(', '))})`);
  }
}
