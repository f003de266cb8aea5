import { and, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { DynamicListItem, DynamicListQuery } from '../../../contracts/dynamic';
import { CATEGORY_LABELS, LEVEL_LABELS } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import { type Db, rowsOf } from '../../platform/db/client';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix } from '../../platform/http/scope';
import { addTableSheet } from '../../platform/xlsx';
import { divisionName } from '../orgs/division';
import { householdScope } from '../registry/household.service';
import { householdOrgFilter } from './exit.service';

export type DynamicListKind = 'untouched' | 'never_assisted';

/**
 * When a file was last touched: its own edits and transitions, lifecycle events, four-looks assessments, measure
 * changes, verification visits, annual reviews, follow-up calls and income records — the latest of them.
 */
const LAST_TOUCHED = sql`greatest(
  households.updated_at,
  (select max(e.at) from household_events e where e.household_id = households.id),
  (select max(f.assessed_at) from four_looks_assessments f where f.household_id = households.id),
  (select max(m.updated_at) from household_measures m where m.household_id = households.id),
  (select max(v.created_at) from verification_visits v where v.household_id = households.id),
  (select max(i.reviewed_at) from annual_review_items i where i.household_id = households.id),
  (select max(c.created_at) from follow_up_calls c where c.household_id = households.id),
  (select max(r.recorded_at) from household_income_records r where r.household_id = households.id),
  (select max(a.updated_at) from aid_awards a where a.household_id = households.id)
)`;

/** Assistance received: completed measures and paid aid transfers. */
const COMPLETED_MEASURES = sql`((select count(*)::int from household_measures m where m.household_id = households.id and m.status = 'done')
  + (select count(*)::int from aid_payments p where p.household_id = households.id and p.status = 'paid'))`;

interface Row {
  id: string;
  archive_no: string | null;
  worker_name: string;
  org_name: string | null;
  region_code: string;
  category: string | null;
  level: string | null;
  approved_on: string | null;
  last_touched: string;
  completed: number;
  sort_key: string;
}

async function filters(db: Db, deps: Deps, actor: Actor, kind: DynamicListKind, f: Omit<DynamicListQuery, 'cursor' | 'limit'>) {
  const conds: SQL[] = [householdScope(actor), sql`households.status = 'approved'`];
  const of = await householdOrgFilter(db, actor, f.orgId);
  if (of) conds.push(of);
  if (f.regionCode) conds.push(sql`households.region_code like ${likePrefix(f.regionCode)}`);
  if (f.category) conds.push(sql`households.category = ${f.category}`);
  const yearAgo = new Date(deps.clock.now().getTime() - 365 * 86_400_000).toISOString();
  const outer = kind === 'untouched' ? sql`d.last_touched < ${yearAgo}::timestamptz` : sql`d.completed = 0`;
  return { where: and(...conds)!, outer };
}

function sortKey(kind: DynamicListKind) {
  // untouched: the longest untouched first; never assisted: the oldest approval first
  return kind === 'untouched' ? sql`to_char(d.last_touched at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')` : sql`coalesce(d.approved_on, '0000-00-00')`;
}

async function query(db: Db, deps: Deps, actor: Actor, kind: DynamicListKind, f: Omit<DynamicListQuery, 'cursor' | 'limit'>, after: { k: string; id: string } | null, limit: number): Promise<Row[]> {
  const { where, outer } = await filters(db, deps, actor, kind, f);
  const key = sortKey(kind);
  return rowsOf<Row>(
    await db.execute(sql`
      select d.*, ${key} as sort_key from (
        select households.id, households.archive_no, households.worker_name, households.region_code,
               households.category::text as category, households.level::text as level,
               to_char(households.approved_on, 'YYYY-MM-DD') as approved_on,
               (select o.name from orgs o where o.id = households.org_id) as org_name,
               ${LAST_TOUCHED} as last_touched,
               ${COMPLETED_MEASURES} as completed
        from households
        where ${where}
      ) d
      where ${outer} ${after ? sql`and (${key}, d.id) > (${after.k}, ${after.id}::uuid)` : sql``}
      order by ${key}, d.id
      limit ${limit}`),
  );
}

function toItem(r: Row): DynamicListItem {
  return {
    householdId: r.id,
    archiveNo: r.archive_no,
    workerName: r.worker_name,
    orgName: r.org_name ?? '',
    regionCode: r.region_code,
    regionName: divisionName(r.region_code),
    category: r.category,
    level: r.level,
    approvedOn: r.approved_on,
    lastTouchedAt: new Date(r.last_touched).toISOString(),
    completedMeasures: Number(r.completed),
  };
}

/** 一年未动 (untouched for a year) and 从未帮扶 (never assisted): approved files in scope, keyset pages. */
export async function dynamicList(db: Db, deps: Deps, actor: Actor, kind: DynamicListKind, q: DynamicListQuery): Promise<{ items: DynamicListItem[]; nextCursor: string | null }> {
  const c = decodeCursor<{ k: string; id: string }>(q.cursor);
  if (c && (typeof c.k !== 'string' || c.k.length > 40 || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
  const { cursor: _c, limit, ...f } = q;
  const rows = await query(db, deps, actor, kind, f, c, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toItem), nextCursor: more && last ? encodeCursor({ k: last.sort_key, id: last.id }) : null };
}

const TITLES: Record<DynamicListKind, { sheet: string; file: string }> = {
  untouched: { sheet: '一年未动档案', file: 'untouched' },
  never_assisted: { sheet: '从未帮扶档案', file: 'never-assisted' },
};
const MAX_EXPORT = 50_000;

/** The list as .xlsx (no personal data beyond the worker's name, as in the list); the export is an audit event. */
export async function exportDynamicList(deps: Deps, actor: Actor, kind: DynamicListKind, f: Omit<DynamicListQuery, 'cursor' | 'limit'>): Promise<{ buffer: Buffer; filename: string; rows: number }> {
  const rows: Row[] = [];
  let after: { k: string; id: string } | null = null;
  while (rows.length < MAX_EXPORT) {
    const batch = await query(deps.db, deps, actor, kind, f, after, 2000);
    rows.push(...batch);
    if (batch.length < 2000) break;
    const last = batch[batch.length - 1];
    after = { k: last.sort_key, id: last.id };
  }
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: `dynamic.list.export`, entityType: 'household_list', orgPath: actor.orgPath, after: { list: kind, filters: f, rows: rows.length } }));
  const wb = new ExcelJS.Workbook();
  const ws = addTableSheet(wb, TITLES[kind].sheet, [
    { header: '档案编号', key: 'archiveNo', width: 22 },
    { header: '户主姓名', key: 'workerName', width: 12 },
    { header: '所属工会', key: 'orgName', width: 24 },
    { header: '县(区)', key: 'region', width: 14 },
    { header: '类别', key: 'category', width: 12 },
    { header: '困难程度', key: 'level', width: 10 },
    { header: '建档日期', key: 'approvedOn', width: 12 },
    { header: '最近一次处理', key: 'lastTouched', width: 20 },
    { header: '已完成措施', key: 'completed', width: 10 },
  ]);
  for (const r of rows.map(toItem)) {
    ws.addRow({
      archiveNo: r.archiveNo ?? '',
      workerName: r.workerName,
      orgName: r.orgName,
      region: r.regionName ?? r.regionCode,
      category: r.category ? (CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS]?.zh ?? r.category) : '',
      level: r.level ? (LEVEL_LABELS[r.level as keyof typeof LEVEL_LABELS]?.zh ?? r.level) : '',
      approvedOn: r.approvedOn ?? '',
      lastTouched: r.lastTouchedAt.slice(0, 10),
      completed: r.completedMeasures,
    });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `${TITLES[kind].file}-${deps.clock.now().toISOString().slice(0, 10)}.xlsx`, rows: rows.length };
}
