import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { type AwardStatus, type RecoveryDto, type RecoveryStatus, type recoveriesQuery, type recoverySummaryDto, REVOKE_CAUSE_LABELS, RECOVERY_STATUS_LABELS, type REVOKE_CAUSES } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { nextSequence } from '../../platform/db/sequence';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { MESSAGES } from '../../platform/http/i18n';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { formatYuan } from '../../platform/money';
import { maskName } from '../../platform/pii/mask';
import { reverseEntry } from '../ledger/ledger.service';
import { aidObligations } from '../oversight/obligation.table';
import { fileSummaries } from '../registry/household-oversight.service';
import { getOrgById } from '../orgs/org.service';
import { AID_SOURCES, bankAccount, businessDate, fundAccount, postMove, receivableAccount } from './aid-ledger';
import { type AidAwardRow, aidAwards } from './award.table';
import { aidBatches, aidPayments } from './disbursement.table';
import { type AidProgramRow, aidPrograms } from './program.table';
import { type AidRecoveryEventRow, type AidRecoveryRow, aidRecoveries, aidRecoveryEvents } from './recovery.table';
import { type RecoveryAmounts, type Refusal, applyInstallment, checkWriteOffRequest, decideWriteOff as decideWriteOffRule, outstandingOf, pendingWriteOff, planRevoke } from './recovery.rules';

registerEntityName('aid_award', '救助申请', 'Aid award');
registerEntityName('aid_recovery', '追回记录', 'Recovery');
MESSAGES.SEPARATION_OF_DUTIES = { zh: '职责分离：{reason}', en: 'Separation of duties: {reason}' };

export type RevokeCause = (typeof REVOKE_CAUSES)[number];
export interface RevokeInput {
  reason: string;
  causeType: RevokeCause;
  causeId?: string | null;
}

export interface RevokeResult {
  awardId: string;
  awardNo: string;
  status: 'revoked';
  previousStatus: AwardStatus;
  /** What went back to the program's budget (0 when nothing had been committed, or the award was paid). */
  releasedFen: number;
  releaseEntryId: string | null;
  cancelledPaymentId: string | null;
  recovery: RecoveryDto | null;
}

function refused(r: Refusal): AppError {
  return conflict(r.zh, r.en, { reason: r.code });
}

// ─────────────── scope ───────────────

/** An award is the actor's to act on when the actor keeps its program (funding org subtree) or the household is in scope. */
function awardVisible(actor: Actor, a: Pick<AidAwardRow, 'orgPath' | 'regionCode'>, p: Pick<AidProgramRow, 'orgPath'>): boolean {
  return p.orgPath.startsWith(actor.orgPath) || inScope(actor, { orgPath: a.orgPath, regionCode: a.regionCode });
}

/** Recoveries the actor sees: collected by an org in scope (funding org path), or owed by a household in scope. */
export function recoveryScope(actor: Actor): SQL {
  return sql`(${aidRecoveries.orgPath} like ${likePrefix(actor.orgPath)} or ${scopeWhere(actor, { orgPath: aidRecoveries.householdOrgPath, regionCode: aidAwards.regionCode })})`;
}

function recoveryVisible(actor: Actor, r: Pick<AidRecoveryRow, 'orgPath' | 'householdOrgPath'>, regionCode: string): boolean {
  return r.orgPath.startsWith(actor.orgPath) || inScope(actor, { orgPath: r.householdOrgPath, regionCode });
}

async function programRow(db: Db, id: string): Promise<AidProgramRow> {
  const [p] = await db.select().from(aidPrograms).where(eq(aidPrograms.id, id));
  if (!p) throw notFound('aid_program');
  return p;
}

// ─────────────── DTOs ───────────────

function eventDto(e: AidRecoveryEventRow): RecoveryDto['events'][number] {
  return { id: e.id, kind: e.kind as RecoveryDto['events'][number]['kind'], amountFen: Number(e.amountFen), note: e.note, byName: e.byName, at: new Date(e.at).toISOString(), entryId: e.entryId };
}

const amountsOf = (r: AidRecoveryRow): RecoveryAmounts => ({ amountDueFen: Number(r.amountDueFen), receivedFen: Number(r.receivedFen), writtenOffFen: Number(r.writtenOffFen), status: r.status as RecoveryStatus });

export async function recoveryDtos(db: Db, actor: Actor, rows: AidRecoveryRow[]): Promise<RecoveryDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const events = await db.select().from(aidRecoveryEvents).where(inArray(aidRecoveryEvents.recoveryId, ids)).orderBy(asc(aidRecoveryEvents.at), asc(aidRecoveryEvents.id));
  const awards = await db.select({ id: aidAwards.id, awardNo: aidAwards.awardNo, orgId: aidAwards.orgId }).from(aidAwards).where(inArray(aidAwards.id, rows.map((r) => r.awardId)));
  const programs = await db.select({ id: aidPrograms.id, name: aidPrograms.name }).from(aidPrograms).where(inArray(aidPrograms.id, [...new Set(rows.map((r) => r.programId))]));
  const files = await fileSummaries(db, [...new Set(rows.map((r) => r.householdId))]);
  const orgNames = new Map<string, string>();
  for (const a of awards) if (!orgNames.has(a.orgId)) orgNames.set(a.orgId, (await getOrgById(db, a.orgId))?.name ?? '');
  const reveal = actor.permissions.has(Permission.PiiReveal);
  return rows.map((r) => {
    const mine = events.filter((e) => e.recoveryId === r.id);
    const award = awards.find((a) => a.id === r.awardId);
    const name = files.get(r.householdId)?.workerName ?? '';
    const pending = pendingWriteOff(mine.map((e) => ({ kind: e.kind, amountFen: Number(e.amountFen), byUserId: e.byUserId })));
    const amounts = amountsOf(r);
    return {
      id: r.id,
      recoveryNo: r.recoveryNo,
      awardId: r.awardId,
      awardNo: award?.awardNo ?? '',
      programId: r.programId,
      programName: programs.find((p) => p.id === r.programId)?.name ?? '',
      householdId: r.householdId,
      workerName: reveal ? name : (maskName(name) ?? ''),
      orgName: award ? (orgNames.get(award.orgId) ?? '') : '',
      amountDueFen: amounts.amountDueFen,
      receivedFen: amounts.receivedFen,
      writtenOffFen: amounts.writtenOffFen,
      outstandingFen: outstandingOf(amounts),
      pendingWriteOffFen: pending?.amountFen ?? null,
      status: amounts.status,
      causeType: r.causeType,
      causeId: r.causeId,
      reason: r.reason,
      openedByName: r.openedByName,
      openedAt: new Date(r.openedAt).toISOString(),
      closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
      version: r.version,
      events: mine.map(eventDto),
    };
  });
}

// ─────────────── revoking ───────────────

/**
 * 撤销: revokes an award in the caller's transaction (the award row is locked). Before payment the commitment is
 * released (the commit entry is reversed, the budget goes back up); a pending payment of a draft batch is cancelled;
 * in an exported batch it waits for the bank; a paid award opens a recovery for the amount paid (receivable posted).
 * `internal`: called by another service that already checked access (a spot-check finding).
 */
export async function revokeAward(tx: Tx, deps: Deps, actor: Actor, awardId: string, input: RevokeInput, opts: { internal?: boolean } = {}): Promise<RevokeResult> {
  const reason = input.reason?.trim();
  if (!reason || reason.length < 2) throw validation('reason', '请填写撤销原因', 'a reason is required');
  const [seen] = await tx.select().from(aidAwards).where(eq(aidAwards.id, awardId));
  if (!seen) throw notFound('aid_award');
  const program = await programRow(tx, seen.programId);
  if (!opts.internal && !awardVisible(actor, seen, program)) throw notFound('aid_award');

  const livePayment = () =>
    tx
      .select({ payment: aidPayments, batchStatus: aidBatches.status })
      .from(aidPayments)
      .innerJoin(aidBatches, eq(aidBatches.id, aidPayments.batchId))
      .where(and(eq(aidPayments.awardId, awardId), inArray(aidPayments.status, ['pending', 'paid'])));
  // locks in the disbursement's order, batch before award: an export or a bank result cannot slip in between this
  // check and the change, and the two never wait on each other
  const [pendingIn] = await livePayment();
  if (pendingIn?.payment.status === 'pending') await tx.select({ id: aidBatches.id }).from(aidBatches).where(eq(aidBatches.id, pendingIn.payment.batchId)).for('update');
  const [award] = await tx.select().from(aidAwards).where(eq(aidAwards.id, awardId)).for('update');
  const [live] = await livePayment();
  if (live?.payment.status === 'pending' && live.payment.batchId !== pendingIn?.payment.batchId) throw conflict('发放批次刚刚发生变化，请重试', 'the disbursement batch changed meanwhile; please retry');
  const batchStatus = live?.batchStatus ?? '';
  const plan = planRevoke(award.status as AwardStatus, !!award.commitEntryId, live ? { status: live.payment.status as 'pending' | 'paid', amountFen: Number(live.payment.amountFen), batchStatus } : null);
  if (!plan.ok) throw refused(plan.refusal);

  const now = deps.clock.now();
  let cancelledPaymentId: string | null = null;
  if (plan.cancelPayment && live) {
    cancelledPaymentId = live.payment.id;
    await tx
      .update(aidPayments)
      .set({ status: 'cancelled', failReason: `撤销 / revoked: ${reason}`, resultBy: actor.userId, resultAt: now })
      .where(and(eq(aidPayments.id, live.payment.id), eq(aidPayments.status, 'pending')));
    // the draft batch no longer carries the transfer: its count and total drop; with nothing left it is cancelled
    await tx
      .update(aidBatches)
      .set({
        itemCount: sql`${aidBatches.itemCount} - 1`,
        totalFen: sql`${aidBatches.totalFen} - ${Number(live.payment.amountFen)}`,
        status: sql`case when ${aidBatches.itemCount} - 1 = 0 then 'cancelled' else ${aidBatches.status} end`,
      })
      .where(eq(aidBatches.id, live.payment.batchId));
    await recordAudit(tx, actor, deps.clock, {
      action: 'aid.payment.cancel',
      entityType: 'aid_payment',
      entityId: live.payment.id,
      orgPath: program.orgPath,
      before: { status: 'pending' },
      after: { status: 'cancelled', failReason: '撤销', awardId: award.id, batchId: live.payment.batchId },
    });
  }
  let releasedFen = 0;
  let releaseEntryId: string | null = null;
  if (plan.release && award.commitEntryId) {
    const rev = await reverseEntry(tx, deps, actor, award.commitEntryId, `撤销救助 ${award.awardNo} / award revoked`);
    releaseEntryId = rev.entry.id;
    releasedFen = rev.lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amountFen, 0);
  }
  let recovery: AidRecoveryRow | null = null;
  if (plan.recoverFen !== null) recovery = await openRecovery(tx, deps, actor, award, program, plan.recoverFen, { ...input, reason });

  const [after] = await tx
    .update(aidAwards)
    .set({ status: 'revoked', revokedBy: actor.userId, revokedAt: now, revokeReason: reason, revokeCauseType: input.causeType, revokeCauseId: input.causeId ?? null, updatedAt: now, version: sql`${aidAwards.version} + 1` })
    .where(eq(aidAwards.id, award.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'aid.award.revoke',
    entityType: 'aid_award',
    entityId: award.id,
    orgPath: award.orgPath,
    regionCode: award.regionCode,
    before: { status: award.status, version: award.version },
    after: { status: 'revoked', version: after.version, reason, causeType: input.causeType, cause: REVOKE_CAUSE_LABELS[input.causeType].zh, causeId: input.causeId ?? null, releasedFen, releaseEntryId, cancelledPaymentId, recoveryId: recovery?.id ?? null, recoveryFen: plan.recoverFen },
  });
  return {
    awardId: award.id,
    awardNo: award.awardNo,
    status: 'revoked',
    previousStatus: award.status as AwardStatus,
    releasedFen,
    releaseEntryId,
    cancelledPaymentId,
    recovery: recovery ? (await recoveryDtos(tx, actor, [recovery]))[0] : null,
  };
}

/** Opens the recovery of a paid award and posts the receivable (Dr receivable, Cr fund). */
async function openRecovery(tx: Tx, deps: Deps, actor: Actor, award: AidAwardRow, program: AidProgramRow, amountFen: number, input: RevokeInput): Promise<AidRecoveryRow> {
  const now = deps.clock.now();
  const year = businessDate(now).slice(0, 4);
  const seq = await nextSequence(tx, `aid_recovery:${year}`);
  const row: AidRecoveryRow = {
    id: uuidv7(),
    recoveryNo: `AR-${year}-${String(seq).padStart(6, '0')}`,
    awardId: award.id,
    householdId: award.householdId,
    programId: program.id,
    orgPath: program.orgPath,
    householdOrgPath: award.orgPath,
    amountDueFen: amountFen,
    receivedFen: 0,
    writtenOffFen: 0,
    status: 'open',
    causeType: input.causeType,
    causeId: input.causeId ?? null,
    reason: input.reason,
    openedBy: actor.userId,
    openedByName: actor.displayName || actor.username,
    openedAt: now,
    closedAt: null,
    version: 1,
  };
  await tx.insert(aidRecoveries).values(row);
  const receivable = await receivableAccount(tx, deps, actor, program.fundingOrgId);
  const fund = await fundAccount(tx, deps, actor, program.fundingOrgId);
  const posted = await postMove(tx, deps, actor, { debit: receivable.id, credit: fund.id, amountFen, memo: `追回 ${row.recoveryNo}（${award.awardNo}）/ recovery of ${award.awardNo}`, source: { type: AID_SOURCES.recover, id: row.id } });
  await recordAudit(tx, actor, deps.clock, { action: 'aid.recovery.open', entityType: 'aid_recovery', entityId: row.id, orgPath: program.orgPath, regionCode: award.regionCode, after: { ...row, entryId: posted.entry.id } });
  return row;
}

// ─────────────── installments and write-offs ───────────────

async function lockRecovery(tx: Tx, actor: Actor, id: string): Promise<{ r: AidRecoveryRow; program: AidProgramRow; events: AidRecoveryEventRow[]; regionCode: string }> {
  const [r] = await tx.select().from(aidRecoveries).where(eq(aidRecoveries.id, id)).for('update');
  if (!r) throw notFound('aid_recovery');
  const [award] = await tx.select({ regionCode: aidAwards.regionCode }).from(aidAwards).where(eq(aidAwards.id, r.awardId));
  if (!recoveryVisible(actor, r, award.regionCode)) throw notFound('aid_recovery');
  const events = await tx.select().from(aidRecoveryEvents).where(eq(aidRecoveryEvents.recoveryId, id)).orderBy(asc(aidRecoveryEvents.at), asc(aidRecoveryEvents.id));
  return { r, program: await programRow(tx, r.programId), events, regionCode: award.regionCode };
}

async function saveAmounts(tx: Tx, deps: Deps, r: AidRecoveryRow, next: RecoveryAmounts): Promise<void> {
  await tx
    .update(aidRecoveries)
    .set({ receivedFen: next.receivedFen, writtenOffFen: next.writtenOffFen, status: next.status, closedAt: next.status === 'open' ? null : deps.clock.now(), version: sql`${aidRecoveries.version} + 1` })
    .where(eq(aidRecoveries.id, r.id));
}

async function reloadDto(tx: Tx, actor: Actor, id: string): Promise<RecoveryDto> {
  const [r] = await tx.select().from(aidRecoveries).where(eq(aidRecoveries.id, id));
  return (await recoveryDtos(tx, actor, [r]))[0];
}

/** 分期还款: money received back (Dr bank, Cr receivable), at most what is outstanding. */
export async function recordInstallment(tx: Tx, deps: Deps, actor: Actor, id: string, input: { amountFen: number; note?: string }): Promise<RecoveryDto> {
  const { r, program, regionCode } = await lockRecovery(tx, actor, id);
  const res = applyInstallment(amountsOf(r), input.amountFen);
  if (!res.ok) throw refused(res.refusal);
  const eventId = uuidv7();
  const bank = await bankAccount(tx, deps, actor, program.fundingOrgId);
  const receivable = await receivableAccount(tx, deps, actor, program.fundingOrgId);
  const posted = await postMove(tx, deps, actor, { debit: bank.id, credit: receivable.id, amountFen: input.amountFen, memo: `追回 ${r.recoveryNo} 收到还款 / installment received`, source: { type: AID_SOURCES.installment, id: eventId } });
  await tx.insert(aidRecoveryEvents).values({ id: eventId, recoveryId: r.id, kind: 'installment', amountFen: input.amountFen, note: input.note ?? null, byUserId: actor.userId, byName: actor.displayName || actor.username, at: deps.clock.now(), entryId: posted.entry.id });
  await saveAmounts(tx, deps, r, res.next);
  await recordAudit(tx, actor, deps.clock, {
    action: 'aid.recovery.installment',
    entityType: 'aid_recovery',
    entityId: r.id,
    orgPath: r.orgPath,
    regionCode,
    before: { receivedFen: Number(r.receivedFen), status: r.status },
    after: { receivedFen: res.next.receivedFen, status: res.next.status, amountFen: input.amountFen, note: input.note ?? null, entryId: posted.entry.id },
  });
  return reloadDto(tx, actor, r.id);
}

/** 核销申请: asks to write off part or all of what is outstanding; another person decides. */
export async function requestWriteOff(tx: Tx, deps: Deps, actor: Actor, id: string, input: { amountFen: number; note: string }): Promise<RecoveryDto> {
  const { r, events, regionCode } = await lockRecovery(tx, actor, id);
  const pending = pendingWriteOff(events.map((e) => ({ kind: e.kind, amountFen: Number(e.amountFen), byUserId: e.byUserId })));
  const problem = checkWriteOffRequest(amountsOf(r), input.amountFen, pending?.amountFen ?? null);
  if (problem) throw refused(problem);
  const ev = { id: uuidv7(), recoveryId: r.id, kind: 'write_off_request', amountFen: input.amountFen, note: input.note, byUserId: actor.userId, byName: actor.displayName || actor.username, at: deps.clock.now(), entryId: null };
  await tx.insert(aidRecoveryEvents).values(ev);
  await tx.update(aidRecoveries).set({ version: sql`${aidRecoveries.version} + 1` }).where(eq(aidRecoveries.id, r.id));
  await recordAudit(tx, actor, deps.clock, { action: 'aid.recovery.write_off_request', entityType: 'aid_recovery', entityId: r.id, orgPath: r.orgPath, regionCode, after: { amountFen: input.amountFen, note: input.note, outstandingFen: outstandingOf(amountsOf(r)) } });
  return reloadDto(tx, actor, r.id);
}

/** 核销审批: approve (Dr fund, Cr receivable) or reject the waiting write-off; its requester cannot decide it. */
export async function decideWriteOff(tx: Tx, deps: Deps, actor: Actor, id: string, input: { approve: boolean; note?: string }): Promise<RecoveryDto> {
  const { r, program, events, regionCode } = await lockRecovery(tx, actor, id);
  const pending = pendingWriteOff(events.map((e) => ({ kind: e.kind, amountFen: Number(e.amountFen), byUserId: e.byUserId })));
  const res = decideWriteOffRule(amountsOf(r), pending, actor.userId, input.approve);
  if (!res.ok) {
    if (res.refusal.code === 'same_person') throw new AppError(403, 'SEPARATION_OF_DUTIES', { reason: res.refusal.zh, reasonEn: res.refusal.en });
    throw refused(res.refusal);
  }
  const amountFen = pending!.amountFen;
  const eventId = uuidv7();
  let entryId: string | null = null;
  if (input.approve) {
    const fund = await fundAccount(tx, deps, actor, program.fundingOrgId);
    const receivable = await receivableAccount(tx, deps, actor, program.fundingOrgId);
    const posted = await postMove(tx, deps, actor, { debit: fund.id, credit: receivable.id, amountFen, memo: `追回 ${r.recoveryNo} 核销 / write-off`, source: { type: AID_SOURCES.writeOff, id: eventId } });
    entryId = posted.entry.id;
  }
  await tx.insert(aidRecoveryEvents).values({ id: eventId, recoveryId: r.id, kind: input.approve ? 'write_off_approved' : 'write_off_rejected', amountFen, note: input.note ?? null, byUserId: actor.userId, byName: actor.displayName || actor.username, at: deps.clock.now(), entryId });
  if (input.approve) await saveAmounts(tx, deps, r, res.next);
  else await tx.update(aidRecoveries).set({ version: sql`${aidRecoveries.version} + 1` }).where(eq(aidRecoveries.id, r.id));
  await recordAudit(tx, actor, deps.clock, {
    action: input.approve ? 'aid.recovery.write_off_approve' : 'aid.recovery.write_off_reject',
    entityType: 'aid_recovery',
    entityId: r.id,
    orgPath: r.orgPath,
    regionCode,
    before: { writtenOffFen: Number(r.writtenOffFen), status: r.status },
    after: { writtenOffFen: res.next.writtenOffFen, status: res.next.status, amountFen, note: input.note ?? null, entryId },
  });
  return reloadDto(tx, actor, r.id);
}

// ─────────────── reading ───────────────

type RecoveriesQuery = z.output<typeof recoveriesQuery>;

function listFilters(actor: Actor, q: Omit<RecoveriesQuery, 'cursor' | 'limit'>): SQL[] {
  const conds: SQL[] = [recoveryScope(actor)];
  if (q.status) conds.push(eq(aidRecoveries.status, q.status));
  if (q.programId) conds.push(eq(aidRecoveries.programId, q.programId));
  if (q.householdId) conds.push(eq(aidRecoveries.householdId, q.householdId));
  return conds;
}

/** Recoveries in scope, newest first (keyset pages). */
export async function listRecoveries(db: Db, actor: Actor, q: RecoveriesQuery): Promise<{ items: RecoveryDto[]; nextCursor: string | null }> {
  const conds = listFilters(actor, q);
  const c = decodeCursor<{ at: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.at))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${aidRecoveries.openedAt}, ${aidRecoveries.id}) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select({ r: aidRecoveries })
    .from(aidRecoveries)
    .innerJoin(aidAwards, eq(aidAwards.id, aidRecoveries.awardId))
    .where(and(...conds))
    .orderBy(desc(aidRecoveries.openedAt), desc(aidRecoveries.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map((x) => x.r);
  const last = page[page.length - 1];
  return { items: await recoveryDtos(db, actor, page), nextCursor: more && last ? encodeCursor({ at: new Date(last.openedAt).toISOString(), id: last.id }) : null };
}

/** Every recovery in scope matching the filters (the export), oldest first. */
export async function allRecoveries(db: Db, actor: Actor, q: Omit<RecoveriesQuery, 'cursor' | 'limit'>): Promise<RecoveryDto[]> {
  const rows = await db
    .select({ r: aidRecoveries })
    .from(aidRecoveries)
    .innerJoin(aidAwards, eq(aidAwards.id, aidRecoveries.awardId))
    .where(and(...listFilters(actor, q)))
    .orderBy(asc(aidRecoveries.openedAt), asc(aidRecoveries.id));
  return recoveryDtos(db, actor, rows.map((x) => x.r));
}

export async function getRecovery(db: Db, actor: Actor, id: string): Promise<RecoveryDto> {
  const [row] = await db
    .select({ r: aidRecoveries })
    .from(aidRecoveries)
    .innerJoin(aidAwards, eq(aidAwards.id, aidRecoveries.awardId))
    .where(and(eq(aidRecoveries.id, id), recoveryScope(actor)));
  if (!row) throw notFound('aid_recovery');
  return (await recoveryDtos(db, actor, [row.r]))[0];
}

/** What is still owed in scope: the total and per household union (open recoveries). */
export async function recoverySummary(db: Db, actor: Actor): Promise<z.infer<typeof recoverySummaryDto>> {
  const rows = await db
    .select({
      orgId: aidAwards.orgId,
      n: sql<number>`count(*)::int`,
      fen: sql<string>`coalesce(sum(${aidRecoveries.amountDueFen} - ${aidRecoveries.receivedFen} - ${aidRecoveries.writtenOffFen}), 0)::text`,
    })
    .from(aidRecoveries)
    .innerJoin(aidAwards, eq(aidAwards.id, aidRecoveries.awardId))
    .where(and(recoveryScope(actor), eq(aidRecoveries.status, 'open')))
    .groupBy(aidAwards.orgId);
  const byOrg = [];
  for (const r of rows) byOrg.push({ orgId: r.orgId, orgName: (await getOrgById(db, r.orgId))?.name ?? '', openCount: Number(r.n), outstandingFen: Number(r.fen) });
  byOrg.sort((a, b) => b.outstandingFen - a.outstandingFen || a.orgName.localeCompare(b.orgName));
  return { totalOutstandingFen: byOrg.reduce((s, o) => s + o.outstandingFen, 0), openCount: byOrg.reduce((s, o) => s + o.openCount, 0), byOrg };
}

export const recoveryStatusLabel = (s: string) => RECOVERY_STATUS_LABELS[s as RecoveryStatus] ?? { zh: s, en: s };

// ─────────────── a spot-check finding ───────────────

export interface FindingResult {
  revoked: Array<{ awardId: string; amountFen: number }>;
  recovered: Array<{ awardId: string; recoveryId: string; amountFen: number }>;
  /** Awards in a batch already with the bank: left for after the bank's result. */
  waiting: string[];
}

/**
 * What a 不符合 finding obliges the aid module to do, in the finding's transaction: every live award of the household
 * is revoked (pending ones release their commitment; paid ones open a recovery, cause 'finding'), and the finding's
 * obligations record the amounts (done; revoking stays open while an award waits for the bank's result).
 * A household that never had an award leaves its obligations as recorded: there is nothing for the aid module to do.
 */
export async function applyFindingObligations(tx: Tx, deps: Deps, actor: Actor, input: { householdId: string; findingItemId: string }): Promise<FindingResult> {
  const out: FindingResult = { revoked: [], recovered: [], waiting: [] };
  const awards = await tx
    .select({ id: aidAwards.id, status: aidAwards.status, amountFen: aidAwards.amountFen })
    .from(aidAwards)
    .where(and(eq(aidAwards.householdId, input.householdId), notInArray(aidAwards.status, ['rejected', 'withdrawn'])))
    .orderBy(asc(aidAwards.appliedAt), asc(aidAwards.id));
  if (awards.length === 0) return out;
  for (const a of awards) {
    if (a.status === 'revoked') continue;
    try {
      const res = await revokeAward(tx, deps, actor, a.id, { reason: '抽查不符合，撤销救助 / spot-check finding: not eligible', causeType: 'finding', causeId: input.findingItemId }, { internal: true });
      if (res.recovery) out.recovered.push({ awardId: a.id, recoveryId: res.recovery.id, amountFen: res.recovery.amountDueFen });
      else out.revoked.push({ awardId: a.id, amountFen: Number(a.amountFen) });
    } catch (e) {
      // refused before anything was written (the rules answer before any change): wait for the bank
      if (e instanceof AppError && (e.details as { reason?: string } | undefined)?.reason === 'wait_bank') out.waiting.push(a.id);
      else throw e;
    }
  }
  const fill = async (kind: 'revoke_pending_aid' | 'recover_paid_aid', amountFen: number, status: 'open' | 'done') => {
    const updated = await tx
      .update(aidObligations)
      .set({ amountFen, status })
      .where(and(eq(aidObligations.itemId, input.findingItemId), eq(aidObligations.householdId, input.householdId), eq(aidObligations.kind, kind)))
      .returning();
    for (const ob of updated) {
      await recordAudit(tx, actor, deps.clock, { action: 'aid.obligation.fulfil', entityType: 'aid_obligation', entityId: ob.id, orgPath: ob.orgPath, regionCode: ob.regionCode, before: { status: 'open', amountFen: null }, after: { status, amountFen, kind, ...(kind === 'revoke_pending_aid' ? { awards: out.revoked, waiting: out.waiting } : { recoveries: out.recovered }) } });
    }
  };
  await fill('revoke_pending_aid', out.revoked.reduce((s, x) => s + x.amountFen, 0), out.waiting.length ? 'open' : 'done');
  await fill('recover_paid_aid', out.recovered.reduce((s, x) => s + x.amountFen, 0), 'done');
  return out;
}


// ─────────────── export ───────────────

/** The recoveries in scope as an Excel sheet, with the totals row (integer fen sums). Audited. */
export async function exportRecoveries(deps: Deps, actor: Actor, q: Omit<RecoveriesQuery, 'cursor' | 'limit'>): Promise<{ buffer: Buffer; filename: string }> {
  const items = await allRecoveries(deps.db, actor, q);
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: 'aid.recovery.export', entityType: 'aid_recovery_list', orgPath: actor.orgPath, after: { filters: q, rows: items.length } }));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('追回记录');
  const money = (key: string, zh: string) => [
    { header: `${zh}（元）`, key: `${key}Yuan`, width: 14 },
    { header: `${zh}（分）`, key, width: 12 },
  ];
  ws.columns = [
    { header: '追回编号 No.', key: 'recoveryNo', width: 18 },
    { header: '救助编号 Award', key: 'awardNo', width: 18 },
    { header: '项目 Program', key: 'programName', width: 24 },
    { header: '职工 Worker', key: 'workerName', width: 10 },
    { header: '工会 Union', key: 'orgName', width: 24 },
    ...money('amountDueFen', '应追回'),
    ...money('receivedFen', '已追回'),
    ...money('writtenOffFen', '已核销'),
    ...money('outstandingFen', '未追回'),
    { header: '状态 Status', key: 'status', width: 12 },
    { header: '原因 Cause', key: 'cause', width: 14 },
    { header: '说明 Reason', key: 'reason', width: 30 },
    { header: '立案 Opened', key: 'openedAt', width: 22 },
  ];
  const totals = { amountDueFen: 0, receivedFen: 0, writtenOffFen: 0, outstandingFen: 0 };
  const cells = (o: typeof totals) => Object.fromEntries(Object.entries(o).flatMap(([k, v]) => [[k, v], [`${k}Yuan`, formatYuan(v)]]));
  for (const r of items) {
    const m = { amountDueFen: r.amountDueFen, receivedFen: r.receivedFen, writtenOffFen: r.writtenOffFen, outstandingFen: r.outstandingFen };
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += m[k];
    ws.addRow({
      recoveryNo: r.recoveryNo,
      awardNo: r.awardNo,
      programName: r.programName,
      workerName: r.workerName,
      orgName: r.orgName,
      ...cells(m),
      status: recoveryStatusLabel(r.status).zh,
      cause: REVOKE_CAUSE_LABELS[r.causeType as RevokeCause]?.zh ?? r.causeType,
      reason: r.reason,
      openedAt: r.openedAt,
    });
  }
  ws.addRow({ recoveryNo: `合计 Total（${items.length}）`, ...cells(totals) });
  ws.getRow(1).font = { bold: true };
  ws.lastRow!.font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `recoveries-${businessDate(deps.clock.now())}.xlsx` };
}
