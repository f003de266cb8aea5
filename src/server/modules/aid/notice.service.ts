import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { AWARD_STATUS_LABELS, type AwardDto, type AwardStatus, type NoticeDto, type ObjectionDto } from '../../../contracts/aid';
import { CATEGORY_LABELS, LEVEL_LABELS, SCHOOLING_LABELS, type Category, type Level, type SchoolingStage } from '../../../contracts/registry';
import { Permission } from '../../../contracts/auth';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, forbidden, notFound, registerEntityName } from '../../platform/http/errors';
import { addDays } from '../../platform/dates';
import { uuidv7 } from '../../platform/ids';
import { formatYuan } from '../../platform/money';
import { maskName } from '../../platform/pii/mask';
import { reverseEntry } from '../ledger/ledger.service';
import { orgs } from '../orgs/org.table';
import { shanghaiDate } from '../registry/household.rules';
import { households } from '../registry/household.table';
import { type AidAwardRow, aidAwards } from './award.table';
import { awardDto, loadAward } from './award.service';
import { type AidNoticeRow, type AidObjectionRow, aidNotices, aidObjections } from './notice.table';
import { keepsProgram, loadProgram, programVisible } from './program.service';
import { aidPrograms } from './program.table';

registerEntityName('aid_notice', '公示', 'Public notice');
registerEntityName('aid_objection', '异议', 'Objection');

/** The notice runs startsOn … endsOn inclusive (at least one day); it has ended once endsOn is past. */
export function noticeEnd(startsOn: string, noticeDays: number): string {
  return addDays(startsOn, Math.max(1, noticeDays) - 1);
}

async function loadNotice(db: Db | Tx, actor: Actor, id: string): Promise<AidNoticeRow> {
  const [n] = await db.select().from(aidNotices).where(eq(aidNotices.id, id));
  if (!n) throw notFound('aid_notice');
  await loadProgram(db, actor, n.programId); // visible program, or 404
  return n;
}

async function noticeDto(db: Db | Tx, deps: Deps, n: AidNoticeRow): Promise<NoticeDto> {
  const [p] = await db.select({ name: aidPrograms.name, fundingOrgId: aidPrograms.fundingOrgId }).from(aidPrograms).where(eq(aidPrograms.id, n.programId));
  const [funder] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, p.fundingOrgId));
  const rows = await db
    .select({ a: aidAwards, workerName: households.workerName, orgName: orgs.name })
    .from(aidAwards)
    .innerJoin(households, eq(households.id, aidAwards.householdId))
    .innerJoin(orgs, eq(orgs.id, aidAwards.orgId))
    .where(eq(aidAwards.noticeId, n.id))
    .orderBy(asc(aidAwards.awardNo));
  const open = await db
    .select({ awardId: aidObjections.awardId, n: sql<number>`count(*)::int` })
    .from(aidObjections)
    .where(and(eq(aidObjections.noticeId, n.id), eq(aidObjections.status, 'open')))
    .groupBy(aidObjections.awardId);
  const items = rows.map((r) => ({
    awardId: r.a.id,
    awardNo: r.a.awardNo,
    maskedName: maskName(r.workerName) ?? '',
    orgName: r.orgName,
    category: r.a.category,
    level: r.a.level,
    studentStage: r.a.studentStage,
    amountFen: Number(r.a.amountFen),
    status: r.a.status as AwardStatus,
    openObjections: open.find((o) => o.awardId === r.a.id)?.n ?? 0,
  }));
  return {
    id: n.id,
    noticeNo: n.noticeNo,
    programId: n.programId,
    programName: p.name,
    fundingOrgName: funder?.name ?? '',
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    status: n.status as NoticeDto['status'],
    ended: shanghaiDate(deps.clock.now()) > n.endsOn,
    publishedByName: n.publishedByName,
    publishedAt: new Date(n.publishedAt).toISOString(),
    // awards revoked during the notice stay listed (marked) but no longer count
    totalFen: items.filter((i) => i.status !== 'revoked').reduce((s, i) => s + i.amountFen, 0),
    items,
  };
}

/** 公示: every approved award of the program goes on one notice with masked names, for the program's noticeDays. */
export async function publishNotice(tx: Tx, deps: Deps, actor: Actor, programId: string, input: { startsOn?: string }): Promise<NoticeDto> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const program = await loadProgram(tx, actor, programId, { lock: true });
  if (!keepsProgram(actor, program)) throw forbidden();
  const today = shanghaiDate(deps.clock.now());
  const startsOn = input.startsOn ?? today;
  if (startsOn < today) throw conflict('公示开始日期不能早于今天', 'the notice cannot start in the past');
  const approved = await tx.select({ id: aidAwards.id }).from(aidAwards).where(and(eq(aidAwards.programId, program.id), eq(aidAwards.status, 'approved'))).for('update');
  if (approved.length === 0) throw conflict('没有审核通过待公示的申请', 'no approved awards to publish');
  const seq = await nextSequence(tx, `aid_notice:${program.year}`);
  const now = deps.clock.now();
  const row: AidNoticeRow = {
    id: uuidv7(),
    noticeNo: `GS-${program.year}-${String(seq).padStart(4, '0')}`,
    programId: program.id,
    orgPath: program.orgPath,
    startsOn,
    endsOn: noticeEnd(startsOn, program.noticeDays),
    status: 'open',
    publishedBy: actor.userId,
    publishedByName: actor.displayName || actor.username,
    publishedAt: now,
    closedAt: null,
  };
  await tx.insert(aidNotices).values(row);
  await tx
    .update(aidAwards)
    .set({ status: 'in_notice', noticeId: row.id, updatedAt: now, version: sql`${aidAwards.version} + 1` })
    .where(inArray(aidAwards.id, approved.map((a) => a.id)));
  await recordAudit(tx, actor, deps.clock, { action: 'aid.notice.publish', entityType: 'aid_notice', entityId: row.id, orgPath: program.orgPath, after: { noticeNo: row.noticeNo, programId: program.id, startsOn, endsOn: row.endsOn, awards: approved.length } });
  return noticeDto(tx, deps, row);
}

export async function getNotice(db: Db, deps: Deps, actor: Actor, id: string): Promise<NoticeDto> {
  return noticeDto(db, deps, await loadNotice(db, actor, id));
}

/** The public view of a notice (no sign-in): masked names, orgs and amounts only — what is posted on the wall. */
export async function publicNotice(db: Db, deps: Deps, id: string): Promise<NoticeDto> {
  const [n] = await db.select().from(aidNotices).where(eq(aidNotices.id, id));
  if (!n) throw notFound('aid_notice');
  const dto = await noticeDto(db, deps, n);
  return { ...dto, publishedByName: '' };
}

/** A program's notices, newest first; without a program, the latest notices of every program the actor sees. */
export async function listNotices(db: Db, deps: Deps, actor: Actor, programId?: string): Promise<NoticeDto[]> {
  if (programId) await loadProgram(db, actor, programId);
  const rows = await db
    .select({ n: aidNotices })
    .from(aidNotices)
    .innerJoin(aidPrograms, eq(aidPrograms.id, aidNotices.programId))
    .where(programId ? eq(aidNotices.programId, programId) : programVisible(actor))
    .orderBy(desc(aidNotices.publishedAt))
    .limit(100);
  const out: NoticeDto[] = [];
  for (const r of rows) out.push(await noticeDto(db, deps, r.n));
  return out;
}

/** The notice as an .xlsx to print and post: masked names, orgs, amounts in yuan, the period and the total. */
export async function noticeWorkbook(db: Db, deps: Deps, actor: Actor, id: string): Promise<{ filename: string; buffer: Buffer }> {
  const n = await getNotice(db, deps, actor, id);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('公示名单');
  ws.addRow([`${n.fundingOrgName}「${n.programName}」拟资助名单公示（${n.noticeNo}）`]);
  ws.addRow([`公示期：${n.startsOn} 至 ${n.endsOn}。如有异议，请在公示期内向工会反映。`]);
  ws.addRow(['序号', '申请编号', '姓名', '所在工会', '类别', '困难程度', '学段', '金额（元）', '状态']);
  n.items.forEach((i, k) =>
    ws.addRow([
      k + 1,
      i.awardNo,
      i.maskedName,
      i.orgName,
      i.category ? (CATEGORY_LABELS[i.category as Category]?.zh ?? i.category) : '',
      i.level ? (LEVEL_LABELS[i.level as Level]?.zh ?? i.level) : '',
      i.studentStage ? (SCHOOLING_LABELS[i.studentStage as SchoolingStage]?.zh ?? i.studentStage) : '',
      formatYuan(i.amountFen),
      AWARD_STATUS_LABELS[i.status].zh,
    ]),
  );
  ws.addRow(['合计', '', '', '', '', '', '', formatYuan(n.totalFen), '']);
  ws.columns.forEach((c, k) => (c.width = [6, 18, 10, 28, 12, 10, 10, 14, 14][k] ?? 12));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${n.noticeNo}.xlsx`, buffer };
}

function objectionDto(o: AidObjectionRow, awardNo: string): ObjectionDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { id: o.id, awardId: o.awardId, awardNo, noticeId: o.noticeId, raisedBy: o.raisedBy, text: o.text, receivedByName: o.receivedByName, receivedAt: new Date(o.receivedAt).toISOString(), status: o.status as ObjectionDto['status'], resolution: o.resolution, resolvedByName: o.resolvedByName, resolvedAt: iso(o.resolvedAt) };
}

/** 异议: recorded against an award on an open notice; the award is paused (objected) until every objection is resolved. */
export async function raiseObjection(tx: Tx, deps: Deps, actor: Actor, awardId: string, input: { raisedBy?: string; text: string }): Promise<ObjectionDto> {
  if (!actor.permissions.has(Permission.AidApply) && !actor.permissions.has(Permission.AidReview)) throw forbidden();
  const award = await loadAward(tx, actor, awardId, { lock: true });
  if (!award.noticeId || !['in_notice', 'objected'].includes(award.status)) throw conflict('只能对公示中的名单提出异议', 'objections are for awards on public notice');
  const [notice] = await tx.select().from(aidNotices).where(eq(aidNotices.id, award.noticeId));
  if (shanghaiDate(deps.clock.now()) > notice.endsOn) throw conflict(`公示期已于 ${notice.endsOn} 结束`, `the notice ended on ${notice.endsOn}`);
  const now = deps.clock.now();
  const row: AidObjectionRow = { id: uuidv7(), awardId: award.id, noticeId: notice.id, raisedBy: input.raisedBy ?? null, text: input.text, receivedBy: actor.userId, receivedByName: actor.displayName || actor.username, receivedAt: now, status: 'open', resolution: null, resolvedBy: null, resolvedByName: null, resolvedAt: null };
  await tx.insert(aidObjections).values(row);
  await tx.update(aidAwards).set({ status: 'objected', updatedAt: now, version: award.version + 1 }).where(eq(aidAwards.id, award.id));
  await recordAudit(tx, actor, deps.clock, { action: 'aid.objection.raise', entityType: 'aid_objection', entityId: row.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo, raisedBy: row.raisedBy, text: row.text } });
  return objectionDto(row, award.awardNo);
}

export async function listObjections(db: Db, actor: Actor, awardId: string): Promise<ObjectionDto[]> {
  const award = await loadAward(db, actor, awardId);
  const rows = await db.select().from(aidObjections).where(eq(aidObjections.awardId, award.id)).orderBy(asc(aidObjections.receivedAt));
  return rows.map((o) => objectionDto(o, award.awardNo));
}

/** Releases an award's commitment (reversal of the approval entry) and marks it revoked. For awards not paid. */
export async function releaseAward(tx: Tx, deps: Deps, actor: Actor, award: AidAwardRow, cause: { type: string; id: string | null; reason: string }): Promise<AidAwardRow> {
  if (award.commitEntryId) await reverseEntry(tx, deps, actor, award.commitEntryId, `${award.awardNo} 撤销 / revoked: ${cause.reason}`);
  const now = deps.clock.now();
  const [row] = await tx
    .update(aidAwards)
    .set({ status: 'revoked', revokedBy: actor.userId, revokedAt: now, revokeReason: cause.reason, revokeCauseType: cause.type, revokeCauseId: cause.id, updatedAt: now, version: award.version + 1 })
    .where(eq(aidAwards.id, award.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.revoke', entityType: 'aid_award', entityId: award.id, orgPath: award.orgPath, regionCode: award.regionCode, before: { status: award.status }, after: { awardNo: award.awardNo, causeType: cause.type, causeId: cause.id, reason: cause.reason, releasedFen: award.commitEntryId ? Number(award.amountFen) : 0 } });
  return row;
}

/**
 * A reviewer of the program resolves an objection: upheld revokes the award (its amount goes back to the budget);
 * dismissed lets it go on — back on notice, or confirmed if the notice was already confirmed — once no other is open.
 */
export async function resolveObjection(tx: Tx, deps: Deps, actor: Actor, objectionId: string, input: { outcome: 'upheld' | 'dismissed'; resolution: string }): Promise<ObjectionDto> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const [o] = await tx.select().from(aidObjections).where(eq(aidObjections.id, objectionId)).for('update');
  if (!o) throw notFound('aid_objection');
  const award = await loadAward(tx, actor, o.awardId, { lock: true });
  const [program] = await tx.select().from(aidPrograms).where(eq(aidPrograms.id, award.programId));
  if (!keepsProgram(actor, program)) throw forbidden();
  if (o.status !== 'open') throw conflict('该异议已处理', 'the objection has already been resolved');
  const now = deps.clock.now();
  const [row] = await tx
    .update(aidObjections)
    .set({ status: input.outcome, resolution: input.resolution, resolvedBy: actor.userId, resolvedByName: actor.displayName || actor.username, resolvedAt: now })
    .where(eq(aidObjections.id, o.id))
    .returning();
  if (input.outcome === 'upheld') {
    if (award.status !== 'revoked') await releaseAward(tx, deps, actor, award, { type: 'objection', id: o.id, reason: `公示异议成立 / objection upheld: ${input.resolution}` });
  } else {
    const [others] = await tx.select({ n: sql<number>`count(*)::int` }).from(aidObjections).where(and(eq(aidObjections.awardId, award.id), eq(aidObjections.status, 'open')));
    if (others.n === 0 && award.status === 'objected') {
      const [notice] = await tx.select().from(aidNotices).where(eq(aidNotices.id, award.noticeId!));
      await tx.update(aidAwards).set({ status: notice.status === 'closed' ? 'confirmed' : 'in_notice', confirmedBy: notice.status === 'closed' ? actor.userId : null, confirmedAt: notice.status === 'closed' ? now : null, updatedAt: now, version: award.version + 1 }).where(eq(aidAwards.id, award.id));
    }
  }
  await recordAudit(tx, actor, deps.clock, { action: 'aid.objection.resolve', entityType: 'aid_objection', entityId: o.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo, outcome: input.outcome, resolution: input.resolution } });
  return objectionDto(row, award.awardNo);
}

/** After the notice period: every award on it without an open objection is confirmed; the notice closes. */
export async function confirmNotice(tx: Tx, deps: Deps, actor: Actor, noticeId: string): Promise<{ confirmed: number; stillObjected: number }> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const n = await loadNotice(tx, actor, noticeId);
  const [program] = await tx.select().from(aidPrograms).where(eq(aidPrograms.id, n.programId));
  if (!keepsProgram(actor, program)) throw forbidden();
  const today = shanghaiDate(deps.clock.now());
  if (today <= n.endsOn) throw conflict(`公示期至 ${n.endsOn}，期满后方可确认`, `the notice runs until ${n.endsOn}; confirm after it`);
  const [locked] = await tx.select().from(aidNotices).where(eq(aidNotices.id, n.id)).for('update');
  if (locked.status === 'closed') throw conflict('该公示已确认', 'the notice has already been confirmed');
  const now = deps.clock.now();
  const confirmed = await tx
    .update(aidAwards)
    .set({ status: 'confirmed', confirmedBy: actor.userId, confirmedAt: now, updatedAt: now, version: sql`${aidAwards.version} + 1` })
    .where(and(eq(aidAwards.noticeId, n.id), eq(aidAwards.status, 'in_notice')))
    .returning({ id: aidAwards.id });
  const [objected] = await tx.select({ n: sql<number>`count(*)::int` }).from(aidAwards).where(and(eq(aidAwards.noticeId, n.id), eq(aidAwards.status, 'objected')));
  await tx.update(aidNotices).set({ status: 'closed', closedAt: now }).where(eq(aidNotices.id, n.id));
  await recordAudit(tx, actor, deps.clock, { action: 'aid.notice.confirm', entityType: 'aid_notice', entityId: n.id, orgPath: n.orgPath, after: { noticeNo: n.noticeNo, confirmed: confirmed.length, stillObjected: objected.n } });
  return { confirmed: confirmed.length, stillObjected: objected.n };
}

/** Confirms one award on a notice whose period has ended (e.g. after its objection was dismissed). */
export async function confirmAward(tx: Tx, deps: Deps, actor: Actor, awardId: string): Promise<AwardDto> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const award = await loadAward(tx, actor, awardId, { lock: true });
  const [program] = await tx.select().from(aidPrograms).where(eq(aidPrograms.id, award.programId));
  if (!keepsProgram(actor, program)) throw forbidden();
  if (award.status === 'objected') throw conflict('有未处理的异议，处理后方可确认', 'an objection is open; resolve it first');
  if (award.status !== 'in_notice' || !award.noticeId) throw conflict('只有公示中的申请可以确认', 'only an award on notice can be confirmed');
  const [notice] = await tx.select().from(aidNotices).where(eq(aidNotices.id, award.noticeId));
  if (shanghaiDate(deps.clock.now()) <= notice.endsOn) throw conflict(`公示期至 ${notice.endsOn}，期满后方可确认`, `the notice runs until ${notice.endsOn}; confirm after it`);
  const now = deps.clock.now();
  const [row] = await tx.update(aidAwards).set({ status: 'confirmed', confirmedBy: actor.userId, confirmedAt: now, updatedAt: now, version: award.version + 1 }).where(eq(aidAwards.id, award.id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.confirm', entityType: 'aid_award', entityId: award.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo } });
  return awardDto(tx, deps, actor, row);
}
