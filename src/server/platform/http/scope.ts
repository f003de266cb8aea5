import { type SQL, type AnyColumn, sql } from 'drizzle-orm';
import type { Actor } from './actor';

/**
 * The one helper that limits every query to the actor's scope:
 * the actor's org subtree, and — for a federation — every record whose region lies inside its division
 * (unions are managed by territory and by industry at once).
 * Records outside scope are treated as not existing (404).
 */
export interface ScopeColumns {
  /** Column holding the owning org's id. */
  orgId?: AnyColumn | SQL;
  /** Column holding the owning org's materialised path (when the table has it). */
  orgPath?: AnyColumn | SQL;
  /** Column holding the GB/T 2260 region code of the record. */
  regionCode?: AnyColumn | SQL;
}

export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export function scopeWhere(actor: Actor, cols: ScopeColumns, opts: { includeRegion?: boolean } = {}): SQL {
  const parts: SQL[] = [];
  const prefix = likePrefix(actor.orgPath);
  // the region test first: it is a cheap comparison, and when it holds the org list below is never needed (PostgreSQL
  // evaluates an OR left to right and computes the `array(select …)` only when a row first asks for it)
  if ((opts.includeRegion ?? true) && cols.regionCode && actor.divisionCode) {
    parts.push(sql`${cols.regionCode} like ${likePrefix(actor.divisionCode)}`);
  }
  if (cols.orgPath) parts.push(sql`${cols.orgPath} like ${prefix}`);
  // `= any(array(...))` rather than `in (select ...)`: the same rows, but an index on the org column can serve it
  // (a bitmap OR with the region index), where a hashed subplan forces a scan of the whole table
  if (cols.orgId) parts.push(sql`${cols.orgId} = any(array(select o.id from orgs o where o.path like ${prefix}))`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Pure check for a record already loaded. */
export function inScope(
  actor: Actor,
  rec: { orgPath?: string | null; regionCode?: string | null },
  opts: { includeRegion?: boolean } = {},
): boolean {
  if (rec.orgPath && rec.orgPath.startsWith(actor.orgPath)) return true;
  if ((opts.includeRegion ?? true) && actor.divisionCode && rec.regionCode?.startsWith(actor.divisionCode)) return true;
  return false;
}
