import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from './client';
import { textArray } from './bulk';

/** An index dropped for a bulk load, with the statement that makes it again. */
export interface DeferredIndex {
  name: string;
  table: string;
  definition: string;
}

/**
 * Drops the plain (non-unique) indexes of the given tables inside the caller's transaction and returns how to make
 * them again. Partial indexes stay: they hold the few rows their condition picks (a cause, a pending state), so
 * keeping them up costs the load little and building each one again would read the whole table once more. Unique
 * indexes and primary keys stay too: they are the checks a bulk load relies on — except those named in
 * `alsoUnique`, for a caller that has made sure nothing it writes can break them (building such an index again checks
 * every row, and a clash then fails the transaction). Dropping is transactional: if the transaction is rolled back,
 * the indexes are back as they were.
 *
 * Meant for a large load into tables that are small beside it on the embedded database, where every row otherwise
 * goes into each index at a random place and the index pages are read and written again and again (its buffers are
 * small); building an index afterwards sorts once and writes each page once.
 */
export async function dropIndexesForLoad(tx: Db, tables: readonly string[], alsoUnique: readonly string[] = []): Promise<DeferredIndex[]> {
  const found = rowsOf<{ name: string; table: string; definition: string }>(
    await tx.execute(sql`
      select ic.relname as name, t.relname as "table", pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = any(${textArray([...tables])})
        and ((not i.indisunique and not i.indisprimary and i.indpred is null) or ic.relname = any(${textArray([...alsoUnique])}))
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by t.relname, ic.relname`),
  );
  for (const ix of found) await tx.execute(sql`drop index ${sql.identifier(ix.name)}`);
  return found;
}

/** Makes the indexes dropped by dropIndexesForLoad again, in the same transaction. */
export async function restoreIndexes(tx: Db, indexes: readonly DeferredIndex[]): Promise<void> {
  for (const ix of indexes) await tx.execute(sql.raw(ix.definition));
}
