import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import {
  ACCOUNTABILITY_ACTION_LABELS,
  ACCOUNTABILITY_STATUS_LABELS,
  type AccountabilityDto,
  type accountabilityQuery,
  FINDING_CAUSE_LABELS,
  SIGNER_ROLE_LABELS,
  type AccountabilityAction,
  type FindingCause,
  type SignerRole,
} from '../../../contracts/oversight';
import type { WorklistSection } from '../../../contracts/worklist';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { addTableSheet } from '../../platform/xlsx';
import { fileSummaries } from '../registry/household-oversight.service';
import { shanghaiDate } from '../registry/household.rules';
import { isAccountabilityOverdue } from './accountability.rules';
import { type AccountabilityRow, accountabilityRecords } from './accountability.table';
import { aidObligations } from './obligation.table';

registerEntityName('accountability_record', '追责记录', 'Accountability record');

type Query = z.output<typeof accountabilityQuery>;

/** Accountability records the actor may see: those on files in the actor's scope. */
const recordScope = (actor: Actor) => scopeWhere(actor, { orgPath: accountabilityRecords.orgPath, regionCode: accountabilityRecords.regionCode });

export async function accountabilityDtos(db: Db, deps: Deps, rows: AccountabilityRow[]): Promise<AccountabilityDto[]> {
  const files = await fileSummaries(db, [...new Set(rows.map((r) => r.householdId))]);
  const today = shanghaiDate(deps.clock.now());
  return rows.map((r) => ({
    id: r.id,
    itemId: r.itemId,
    spotCheckId: r.spotCheckId,
    householdId: r.householdId,
    archiveNo: files.get(r.householdId)?.archiveNo ?? null,
    workerName: files.get(r.householdId)?.workerName ?? '',
    subjectUserId: r.subjectUserId,
    subjectName: r.subjectName,
    signerRole: r.signerRole as SignerRole,
    cause: r.cause as FindingCause,
    action: r.action as AccountabilityAction,
    deadline: r.deadline,
    status: r.status as AccountabilityDto['status'],
    overdue: isAccountabilityOverdue(r, today),
    closingNote: r.closingNote,
    closedByName: r.closedByName,
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  }));
}

function filters(deps: Deps, actor: Actor, f: Omit<Query, 'cursor' | 'limit'>): SQL[] {
  const conds: SQL[] = [recordScope(actor)];
  if (f.status) conds.push(eq(accountabilityRecords.status, f.status));
  if (f.action) conds.push(eq(accountabilityRecords.action, f.action));
  if (f.cause) conds.push(eq(accountabilityRecords.cause, f.cause));
  if (f.spotCheckId) conds.push(eq(accountabilityRecords.spotCheckId, f.spotCheckId));
  const today = shanghaiDate(deps.clock.now());
  if (f.overdue === 'true') conds.push(and(eq(accountabilityRecords.status, 'open'), lt(accountabilityRecords.deadline, today))!);
  if (f.overdue === 'false') conds.push(sql`not (${accountabilityRecords.status} = 'open' and ${accountabilityRecords.deadline} < ${today})`);
  if (f.q) conds.push(sql`${accountabilityRecords.subjectName} like ${likePrefix(f.q)}`);
  return conds;
}

export async function listAccountability(db: Db, deps: Deps, actor: Actor, q: Query) {
  const conds = filters(deps, actor, q);
  const c = decodeCursor<{ at: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.at))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${accountabilityRecords.createdAt}, ${accountabilityRecords.id}) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(accountabilityRecords)
    .where(and(...conds))
    .orderBy(desc(accountabilityRecords.createdAt), desc(accountabilityRecords.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: await accountabilityDtos(db, deps, page), nextCursor: more && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

/** 办结: closes an open accountability record with a note (who, when). */
export async function closeAccountability(tx: Tx, deps: Deps, actor: Actor, id: string, closingNote: string): Promise<AccountabilityDto> {
  const [before] = await tx
    .select()
    .from(accountabilityRecords)
    .where(and(eq(accountabilityRecords.id, id), recordScope(actor)))
    .for('update');
  if (!before) throw notFound('accountability_record');
  if (before.status !== 'open') throw conflict('该追责记录已办结', 'this accountability record is already closed', { closedBy: before.closedByName });
  const now = deps.clock.now();
  const [after] = await tx
    .update(accountabilityRecords)
    .set({ status: 'closed', closingNote, closedBy: actor.userId, closedByName: actor.displayName, closedAt: now })
    .where(eq(accountabilityRecords.id, id))
    .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'oversight.accountability.close',
    entityType: 'accountability_record',
    entityId: id,
    orgPath: before.orgPath,
    regionCode: before.regionCode,
    before: { status: before.status },
    after: { status: after.status, closingNote },
  });
  return (await accountabilityDtos(tx, deps, [after]))[0];
}

const MAX_EXPORT = 50_000;

/** The filtered list as .xlsx (names of the people held to account; no other personal data). The export is audited. */
export async function exportAccountability(deps: Deps, actor: Actor, f: Omit<Query, 'cursor' | 'limit'>): Promise<{ buffer: Buffer; filename: string }> {
  const rows = await deps.db
    .select()
    .from(accountabilityRecords)
    .where(and(...filters(deps, actor, f)))
    .orderBy(desc(accountabilityRecords.createdAt), desc(accountabilityRecords.id))
    .limit(MAX_EXPORT);
  const dtos = await accountabilityDtos(deps.db, deps, rows);
  await withTx(deps.db, (tx) =>
    recordAudit(tx, actor, deps.clock, { action: 'oversight.accountability.export', entityType: 'accountability_list', orgPath: actor.orgPath, after: { filters: f, rows: dtos.length } }),
  );
  const wb = new ExcelJS.Workbook();
  const ws = addTableSheet(wb, '追责记录', [
    { header: '档案编号', key: 'archiveNo', width: 22 },
    { header: '户主姓名', key: 'workerName', width: 12 },
    { header: '被追责人', key: 'subjectName', width: 14 },
    { header: '签字角色', key: 'role', width: 12 },
    { header: '不符合原因', key: 'cause', width: 14 },
    { header: '追责方式', key: 'action', width: 12 },
    { header: '整改期限', key: 'deadline', width: 12 },
    { header: '状态', key: 'status', width: 10 },
    { header: '是否逾期', key: 'overdue', width: 10 },
    { header: '办结说明', key: 'closingNote', width: 30 },
    { header: '办结人', key: 'closedByName', width: 12 },
    { header: '开具人', key: 'createdByName', width: 12 },
    { header: '开具时间', key: 'createdAt', width: 20 },
  ]);
  for (const d of dtos) {
    ws.addRow({
      archiveNo: d.archiveNo ?? '',
      workerName: d.workerName,
      subjectName: d.subjectName,
      role: SIGNER_ROLE_LABELS[d.signerRole].zh,
      cause: FINDING_CAUSE_LABELS[d.cause].zh,
      action: ACCOUNTABILITY_ACTION_LABELS[d.action].zh,
      deadline: d.deadline,
      status: ACCOUNTABILITY_STATUS_LABELS[d.status].zh,
      overdue: d.overdue ? '是' : '否',
      closingNote: d.closingNote ?? '',
      closedByName: d.closedByName ?? '',
      createdByName: d.createdByName,
      createdAt: d.createdAt.replace('T', ' ').slice(0, 19),
    });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `accountability-${shanghaiDate(deps.clock.now())}.xlsx` };
}

/** Obligations recorded for the aid module (revoke pending aid, recover aid paid), in the actor's scope. */
export async function listObligations(db: Db, actor: Actor, f: { householdId?: string; status?: string; limit: number }) {
  const conds: SQL[] = [scopeWhere(actor, { orgPath: aidObligations.orgPath, regionCode: aidObligations.regionCode })];
  if (f.householdId) conds.push(eq(aidObligations.householdId, f.householdId));
  if (f.status) conds.push(eq(aidObligations.status, f.status));
  const rows = await db
    .select()
    .from(aidObligations)
    .where(and(...conds))
    .orderBy(desc(aidObligations.createdAt), desc(aidObligations.id))
    .limit(f.limit);
  return rows.map((o) => ({ id: o.id, householdId: o.householdId, itemId: o.itemId, kind: o.kind as 'revoke_pending_aid' | 'recover_paid_aid', status: o.status, amountFen: o.amountFen, createdAt: o.createdAt.toISOString() }));
}

export async function overdueAccountabilitySection(db: Db, deps: Deps, actor: Actor): Promise<WorklistSection> {
  const today = shanghaiDate(deps.clock.now());
  const conds = and(recordScope(actor), eq(accountabilityRecords.status, 'open'), lt(accountabilityRecords.deadline, today));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(accountabilityRecords).where(conds);
  const rows = await db.select().from(accountabilityRecords).where(conds).orderBy(accountabilityRecords.deadline, accountabilityRecords.id).limit(10);
  const dtos = await accountabilityDtos(db, deps, rows);
  return {
    key: 'oversight.overdue_accountability',
    titleZh: '逾期未办结的追责',
    titleEn: 'Accountability records past their deadline',
    total: Number(n),
    overdue: Number(n),
    href: '/oversight/accountability?overdue=true',
    items: dtos.map((d) => ({
      kind: 'accountability_record',
      id: d.id,
      title: `${d.subjectName} · ${ACCOUNTABILITY_ACTION_LABELS[d.action].zh} ${ACCOUNTABILITY_ACTION_LABELS[d.action].en}`,
      subtitle: `${d.archiveNo ?? ''} ${d.workerName}`.trim(),
      dueDate: d.deadline,
      overdue: true,
      href: `/oversight/findings/${d.itemId}`,
    })),
  };
}
