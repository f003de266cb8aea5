import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { MemberStatus, Reason, Scheme, TraceStepDto } from '../../../contracts/mutual-aid';
import type {
  ClaimDetailDto,
  ClaimDocumentKind,
  ClaimDto,
  ClaimIntakeInput,
  ClaimMemberOption,
  ClaimStatus,
  ClaimsExportQuery,
  ClaimsQuery,
  MemberAccumulatorsDto,
  OverrideInput,
} from '../../../contracts/mutual-aid-claims';
import { recordAudit } from '../../platform/audit/audit.service';
import { shanghaiDate } from '../../platform/dates';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { MESSAGES } from '../../platform/http/i18n';
import { decodeCursor, page } from '../../platform/http/pagination';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { maskIdNumber } from '../../platform/pii/mask';
import { reverseEntry } from '../ledger/ledger.service';
import {
  type ClaimAction,
  type ClaimContribution,
  COUNTED_STATUSES,
  accumulatorsOf,
  actionFrom,
  billKey,
  claimNumber,
  contributionOf,
  engineClaim,
  hospitalDaysBetween,
  missingFacts,
  nextStatus,
  overriddenContribution,
  snapshot,
} from './claim.rules';
import { type MutualAidClaimRow, mutualAidClaimDocuments, mutualAidClaims as claims } from './claim.table';
import { hardshipStatusOn, memberCoverage } from './coverage.service';
import { type CompiledPlan, evaluateClaims, periodOf } from './evaluate.rules';
import { type MutualAidMemberRow, mutualAidEnrolments, mutualAidMembers as members } from './member.table';
import { MA_SOURCES, postMove, schemeAccounts } from './mutual-aid-ledger';
import { publishedVersions, versionInForce } from './scheme.service';
import type { MutualAidSchemeVersionRow } from './scheme.table';
import { compiledPlan } from './simulate.service';
import { mutualAidUnits as units } from './unit.table';

registerEntityName('mutual_aid_claim', '互助申请', 'Mutual-aid claim');
registerEntityName('mutual_aid_member', '互助会员', 'Mutual-aid member');
MESSAGES.DUPLICATE_BILL = { zh: '同一票据已申请过（申请编号 {claimNo}）', en: 'This bill was already claimed (claim {claimNo})' };

/**
 * 互助申请 Claims: intake with the bill and immediate adjudication by the engine under the scheme version in force on
 * the event date (trace, payout, reason and the claim's accumulator contribution stored with the version), review
 * (approve as computed, override with a reason, reject), payment and reversal through the scheme's ledger accounts.
 *
 * Accumulators are the sums of the contributions of the member's claims that count (adjudicated, approved, paid), so
 * a rejection or a reversal takes a claim out and they stay right. Intakes of one member are serialised by locking the
 * member's row. Scope: the claim's (unit's) org path; out of scope is 404.
 */

const ENTITY = 'mutual_aid_claim';

export const claimVisible = (actor: Actor): SQL => scopeWhere(actor, { orgPath: claims.orgPath });
const memberVisible = (actor: Actor): SQL => scopeWhere(actor, { orgPath: members.orgPath });
const by = (actor: Actor) => actor.displayName || actor.username;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const need = (actor: Actor, p: Permission) => {
  if (!actor.permissions.has(p)) throw forbidden();
};

export async function loadClaim(db: Db | Tx, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<MutualAidClaimRow> {
  const q = db.select().from(claims).where(and(eq(claims.id, id), claimVisible(actor)));
  const [c] = opts.lock ? await q.for('update') : await q;
  if (!c) throw notFound(ENTITY);
  return c;
}

async function memberInScope(db: Db | Tx, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<MutualAidMemberRow> {
  const q = db.select().from(members).where(and(eq(members.id, id), memberVisible(actor)));
  const [m] = opts.lock ? await q.for('update') : await q;
  if (!m) throw notFound('mutual_aid_member');
  return m;
}

/** The contribution columns of a stored claim. */
export const contributionColumns = {
  accPeriod: claims.accPeriod,
  accBaseFen: claims.accBaseFen,
  accCountedFen: claims.accCountedFen,
  accPaidDays: claims.accPaidDays,
  accClaims: claims.accClaims,
  accDiagnosisCode: claims.accDiagnosisCode,
  payoutFen: claims.payoutFen,
};

/** The contributions of a member's claims of one plan that count now (optionally leaving one claim out). */
async function countedContributions(db: Db | Tx, memberId: string, planCode: string, exceptId?: string): Promise<ClaimContribution[]> {
  const rows = await db
    .select(contributionColumns)
    .from(claims)
    .where(and(eq(claims.memberId, memberId), eq(claims.planCode, planCode), inArray(claims.status, [...COUNTED_STATUSES]), exceptId ? ne(claims.id, exceptId) : undefined));
  return rows.map((r) => ({ ...r, accBaseFen: Number(r.accBaseFen), accCountedFen: Number(r.accCountedFen), payoutFen: r.payoutFen === null ? null : Number(r.payoutFen) }));
}

const shown = (code: string) => (/^[A-Za-z0-9_-]{1,32}$/.test(code) ? code : '');

/** The version in force on the event date and its compiled plan; 400 naming the field otherwise. */
async function versionAndPlan(db: Db | Tx, schemeCode: string, planCode: string, eventDate: string): Promise<{ version: MutualAidSchemeVersionRow; cp: CompiledPlan }> {
  const version = await versionInForce(db, schemeCode, eventDate);
  if (!version) throw validation('eventDate', `${eventDate} 没有施行中的方案 ${schemeCode} 版本`, `no version of scheme ${schemeCode} is in force on ${eventDate}`);
  const cp = compiledPlan(version, planCode);
  if (!cp) throw validation('planCode', `方案 ${schemeCode} 第 ${version.version} 版没有计划 ${shown(planCode)}`, `version ${version.version} of scheme ${schemeCode} has no plan ${shown(planCode)}`);
  return { version, cp };
}

/** What adjudication writes on a claim. */
export interface Adjudication {
  status: 'adjudicated';
  memberStatus: MemberStatus;
  schemeVersionId: string;
  schemeVersion: number;
  enginePayoutFen: number;
  payoutFen: number;
  reason: Reason | null;
  finalBurdenFen: number | null;
  trace: TraceStepDto[];
  accPeriod: number;
  accBaseFen: number;
  accCountedFen: number;
  accPaidDays: number;
  accClaims: number;
  accDiagnosisCode: string | null;
}

/**
 * Evaluates one claim of a member: the accumulators from the member's counted claims of the plan, the covered periods,
 * the member status on the event date from the registry; the one claim with its trace. Pure reads; the caller writes.
 */
export async function adjudicate(
  db: Db | Tx,
  member: Pick<MutualAidMemberRow, 'id' | 'idNumberBidx'>,
  claim: Pick<MutualAidClaimRow, 'id' | 'planCode' | 'eventDate' | 'diagnosis' | 'diagnosisIcd10' | 'totalCostFen' | 'insurancePaidFen' | 'hospitalDays'>,
  version: MutualAidSchemeVersionRow,
  cp: CompiledPlan,
): Promise<Adjudication> {
  const acc = accumulatorsOf(await countedContributions(db, member.id, claim.planCode, claim.id));
  const status = await hardshipStatusOn(db, member.idNumberBidx, claim.eventDate);
  const enrolments = await memberCoverage(db, member.id, claim.planCode);
  const period = periodOf(cp, claim.eventDate);
  const before = snapshot(acc, period);
  const [r] = evaluateClaims(cp, { status, enrolments }, [engineClaim(claim)], { accumulators: acc, trace: true });
  const c = contributionOf(before, acc, period, r!.payoutFen);
  return {
    status: 'adjudicated',
    memberStatus: status,
    schemeVersionId: version.id,
    schemeVersion: version.version,
    enginePayoutFen: r!.payoutFen,
    payoutFen: r!.payoutFen,
    reason: r!.reason ?? null,
    finalBurdenFen: r!.finalBurdenFen ?? null,
    trace: r!.trace,
    accPeriod: period,
    accBaseFen: c.accBaseFen,
    accCountedFen: c.accCountedFen,
    accPaidDays: c.accPaidDays,
    accClaims: c.accClaims,
    accDiagnosisCode: c.accDiagnosisCode,
  };
}

function duplicateBill(claimNo: string): AppError {
  return new AppError(409, 'DUPLICATE_BILL', { claimNo }, { claimNo });
}

async function claimOfBill(db: Db | Tx, key: string): Promise<string | null> {
  const [d] = await db
    .select({ claimNo: claims.claimNo })
    .from(claims)
    .where(and(eq(claims.billKey, key), sql`${claims.status} not in ('rejected', 'reversed')`))
    .limit(1);
  return d?.claimNo ?? null;
}

/**
 * 受理 A claim taken in with its bill and adjudicated at once, in the caller's transaction. The member's row is locked,
 * so two intakes of one member are evaluated one after the other against each other's accumulators. Refused with
 * nothing written: a member out of scope (404), no version in force on the event date or a plan not in it, missing
 * facts the plan needs (400), the same bill claimed before (409 DUPLICATE_BILL naming the earlier claim).
 */
export async function intakeClaim(tx: Tx, deps: Deps, actor: Actor, input: ClaimIntakeInput): Promise<ClaimDetailDto> {
  need(actor, Permission.MutualAidEnrol);
  const member = await memberInScope(tx, actor, input.memberId, { lock: true });
  const eventDate = input.eventDate ?? input.admissionDate!;
  const { version, cp } = await versionAndPlan(tx, member.schemeCode, input.planCode, eventDate);
  const hospitalDays = input.hospitalDays ?? (input.admissionDate && input.dischargeDate ? hospitalDaysBetween(input.admissionDate, input.dischargeDate) : undefined);
  const plan = cp.plan;
  const missing = missingFacts(plan.kind === 'ratio' ? { kind: 'ratio', base: plan.base } : { kind: plan.kind }, { ...input, hospitalDays });
  if (missing.length) {
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      { fields: missing.map((m) => `${m.field}（${m.zh}）`).join('；'), fieldsEn: missing.map((m) => `${m.field} (${m.en})`).join('; ') },
      missing.map((m) => ({ path: m.field, message: m.en, messageZh: m.zh })),
    );
  }
  const key = billKey(input.hospital, input.billNumber);
  if (key) {
    const earlier = await claimOfBill(tx, key);
    if (earlier) throw duplicateBill(earlier);
  }

  const now = deps.clock.now();
  const id = uuidv7();
  const facts = {
    id,
    planCode: plan.code,
    eventDate,
    diagnosis: input.diagnosis ?? null,
    diagnosisIcd10: input.diagnosisIcd10 ?? null,
    totalCostFen: input.totalCostFen ?? null,
    insurancePaidFen: input.insurancePaidFen ?? null,
    hospitalDays: hospitalDays ?? null,
  };
  const a = await adjudicate(tx, member, facts, version, cp);
  const year = shanghaiDate(now).slice(0, 4);
  const row: MutualAidClaimRow = {
    ...facts,
    claimNo: claimNumber(year, await nextSequence(tx, `mutual_aid_claim:${year}`)),
    schemeCode: member.schemeCode,
    memberId: member.id,
    unitId: member.unitId,
    orgPath: member.orgPath,
    hospital: input.hospital ?? null,
    admissionDate: input.admissionDate ?? null,
    dischargeDate: input.dischargeDate ?? null,
    billNumber: input.billNumber ?? null,
    billKey: key,
    ...a,
    adjudicatedAt: now,
    overrideReason: null,
    reviewedBy: null,
    reviewedByName: null,
    reviewedAt: null,
    rejectReason: null,
    approveEntryId: null,
    paymentEntryId: null,
    paidBy: null,
    paidAt: null,
    reversedBy: null,
    reversedAt: null,
    reversalReason: null,
    reversalEntryId: null,
    createdBy: actor.userId,
    createdByName: by(actor),
    createdAt: now,
    updatedAt: now,
  };
  try {
    // a savepoint: a bill claimed by someone else at the same moment meets the unique index, and is named
    await tx.transaction(async (sp) => {
      await sp.insert(claims).values(row);
    });
  } catch (e) {
    if (key && violatedConstraint(e) === 'mutual_aid_claims_bill_uq') throw duplicateBill((await claimOfBill(tx, key)) ?? '');
    throw e;
  }
  const bill = { eventDate, hospital: row.hospital, admissionDate: row.admissionDate, dischargeDate: row.dischargeDate, hospitalDays: row.hospitalDays, diagnosis: row.diagnosis, diagnosisIcd10: row.diagnosisIcd10, totalCostFen: row.totalCostFen, insurancePaidFen: row.insurancePaidFen, billNumber: row.billNumber };
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.intake', entityType: ENTITY, entityId: id, orgPath: row.orgPath, after: { claimNo: row.claimNo, memberId: member.id, schemeCode: row.schemeCode, planCode: row.planCode, ...bill } });
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.adjudicate', entityType: ENTITY, entityId: id, orgPath: row.orgPath, after: adjudicationAudit(row) });
  return claimDetail(tx, deps, row);
}

export const adjudicationAudit = (r: Pick<MutualAidClaimRow, 'claimNo' | 'schemeVersion' | 'memberStatus' | 'enginePayoutFen' | 'reason' | 'finalBurdenFen' | 'accPeriod'>) => ({
  claimNo: r.claimNo,
  schemeVersion: r.schemeVersion,
  memberStatus: r.memberStatus,
  enginePayoutFen: r.enginePayoutFen,
  reason: r.reason,
  finalBurdenFen: r.finalBurdenFen,
  accPeriod: r.accPeriod,
});

// ---- review, payment, reversal -----------------------------------------------------------------

const STATUS_ZH: Record<ClaimStatus, string> = { received: '已受理', adjudicated: '已核算', approved: '已审核', paid: '已支付', rejected: '已驳回', reversed: '已冲销' };

/** Actions that change what a claim adds to its member's accumulators: they lock the member as intake does. */
const CHANGES_ACCUMULATORS: readonly ClaimAction[] = ['override', 'reject', 'reverse'];

async function forAction(tx: Tx, actor: Actor, id: string, action: ClaimAction): Promise<{ claim: MutualAidClaimRow; next: ClaimStatus }> {
  if (CHANGES_ACCUMULATORS.includes(action)) {
    // member first, then the claim: the order intake and batch adjudication take their locks in
    const seen = await loadClaim(tx, actor, id);
    await tx.select({ id: members.id }).from(members).where(eq(members.id, seen.memberId)).for('update');
  }
  const claim = await loadClaim(tx, actor, id, { lock: true });
  const status = claim.status as ClaimStatus;
  const next = nextStatus(status, action);
  if (!next) {
    const from = actionFrom(action);
    throw conflict(
      `申请 ${claim.claimNo} 当前为${STATUS_ZH[status]}，只有${from.map((s) => STATUS_ZH[s]).join('或')}的申请可以这样处理`,
      `claim ${claim.claimNo} is ${status}; only a claim that is ${from.join(' or ')} can be handled this way`,
      { status },
    );
  }
  return { claim, next };
}

function notOwnIntake(actor: Actor, claim: MutualAidClaimRow): void {
  if (claim.createdBy === actor.userId) throw conflict('受理人不能审核自己受理的申请', 'whoever took the claim in cannot review it');
}

async function approveWith(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  id: string,
  action: 'approve' | 'override',
  payout: (c: MutualAidClaimRow) => { payoutFen: number; reason: string | null; note?: string },
): Promise<ClaimDetailDto> {
  need(actor, Permission.MutualAidReview);
  const { claim, next } = await forAction(tx, actor, id, action);
  notOwnIntake(actor, claim);
  const { payoutFen, reason, note } = payout(claim);
  let entry: { id: string; entryNo: string } | null = null;
  if (payoutFen > 0) {
    const acc = await schemeAccounts(tx, deps, actor, claim.schemeCode);
    // the pool's floor refuses an approval the pool cannot cover (409 BUDGET_EXHAUSTED); the account row is locked
    const posted = await postMove(tx, deps, actor, { debit: acc.pool, credit: acc.payable, amountFen: payoutFen, memo: `互助申请 ${claim.claimNo} 审核通过 / claim approved`, source: { type: MA_SOURCES.approve, id: claim.id } });
    entry = { id: posted.entry.id, entryNo: posted.entry.entryNo };
  }
  const now = deps.clock.now();
  const contribution = action === 'override' ? overriddenContribution(contributionOfRow(claim), payoutFen) : contributionOfRow(claim);
  const [row] = await tx
    .update(claims)
    .set({
      status: next,
      payoutFen,
      accClaims: contribution.accClaims,
      accPaidDays: contribution.accPaidDays,
      accDiagnosisCode: contribution.accDiagnosisCode,
      overrideReason: reason,
      reviewedBy: actor.userId,
      reviewedByName: by(actor),
      reviewedAt: now,
      approveEntryId: entry?.id ?? null,
      updatedAt: now,
    })
    .where(eq(claims.id, claim.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: `mutual_aid.claim.${action}`,
    entityType: ENTITY,
    entityId: claim.id,
    orgPath: claim.orgPath,
    before: { status: claim.status, payoutFen: claim.payoutFen, enginePayoutFen: claim.enginePayoutFen },
    after: { status: next, payoutFen, ...(reason ? { reason } : {}), ...(note ? { note } : {}), entryNo: entry?.entryNo ?? null },
  });
  return claimDetail(tx, deps, row!);
}

const contributionOfRow = (c: MutualAidClaimRow): ClaimContribution => ({
  accPeriod: c.accPeriod,
  accBaseFen: Number(c.accBaseFen),
  accCountedFen: Number(c.accCountedFen),
  accPaidDays: c.accPaidDays,
  accClaims: c.accClaims,
  accDiagnosisCode: c.accDiagnosisCode,
  payoutFen: c.payoutFen === null ? null : Number(c.payoutFen),
});

/** 审核通过 as computed: the engine's payout is committed from the pool (Dr ma-pool, Cr ma-payable). */
export function approveClaim(tx: Tx, deps: Deps, actor: Actor, id: string, input: { note?: string } | null | undefined): Promise<ClaimDetailDto> {
  return approveWith(tx, deps, actor, id, 'approve', (c) => ({ payoutFen: Number(c.enginePayoutFen ?? 0), reason: null, note: input?.note?.trim() || undefined }));
}

/** 调整后通过: the reviewer's amount instead of the engine's, with a reason (the audit event keeps both amounts). */
export function overrideClaim(tx: Tx, deps: Deps, actor: Actor, id: string, input: OverrideInput): Promise<ClaimDetailDto> {
  return approveWith(tx, deps, actor, id, 'override', () => ({ payoutFen: input.payoutFen, reason: input.reason.trim() }));
}

/** 驳回: the claim no longer counts in the accumulators; its bill may be claimed again. */
export async function rejectClaim(tx: Tx, deps: Deps, actor: Actor, id: string, input: { reason: string }): Promise<ClaimDetailDto> {
  need(actor, Permission.MutualAidReview);
  const { claim, next } = await forAction(tx, actor, id, 'reject');
  const now = deps.clock.now();
  const [row] = await tx
    .update(claims)
    .set({ status: next, rejectReason: input.reason.trim(), reviewedBy: actor.userId, reviewedByName: by(actor), reviewedAt: now, updatedAt: now })
    .where(eq(claims.id, claim.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.reject', entityType: ENTITY, entityId: claim.id, orgPath: claim.orgPath, before: { status: claim.status }, after: { status: next, reason: input.reason.trim() } });
  return claimDetail(tx, deps, row!);
}

/** 支付 (finance): Dr ma-payable, Cr ma-bank, once — a paid claim is refused, a repeated Idempotency-Key replays. */
export async function payClaim(tx: Tx, deps: Deps, actor: Actor, id: string): Promise<ClaimDetailDto> {
  need(actor, Permission.MutualAidFinance);
  const { claim, next } = await forAction(tx, actor, id, 'pay');
  const amount = Number(claim.payoutFen ?? 0);
  if (amount <= 0) throw conflict(`申请 ${claim.claimNo} 给付为 0，无需支付`, `claim ${claim.claimNo} pays nothing`);
  const acc = await schemeAccounts(tx, deps, actor, claim.schemeCode);
  const posted = await postMove(tx, deps, actor, { debit: acc.payable, credit: acc.bank, amountFen: amount, memo: `互助申请 ${claim.claimNo} 支付 / claim paid`, source: { type: MA_SOURCES.pay, id: claim.id } });
  const now = deps.clock.now();
  const [row] = await tx.update(claims).set({ status: next, paymentEntryId: posted.entry.id, paidBy: actor.userId, paidAt: now, updatedAt: now }).where(eq(claims.id, claim.id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.pay', entityType: ENTITY, entityId: claim.id, orgPath: claim.orgPath, before: { status: claim.status }, after: { status: next, amountFen: amount, entryNo: posted.entry.entryNo } });
  return claimDetail(tx, deps, row!);
}

/**
 * 冲销 (reviewer, with a reason): an approved claim's commitment is reversed (the approval entry's mirror); a paid
 * claim is owed back (Dr ma-receivable, Cr ma-pool). Either way the pool gets the amount back and the claim leaves the
 * accumulators.
 */
export async function reverseClaim(tx: Tx, deps: Deps, actor: Actor, id: string, input: { reason: string }): Promise<ClaimDetailDto> {
  need(actor, Permission.MutualAidReview);
  const { claim, next } = await forAction(tx, actor, id, 'reverse');
  const reason = input.reason.trim();
  const amount = Number(claim.payoutFen ?? 0);
  let entry: { id: string; entryNo: string } | null = null;
  if (claim.status === 'approved' && claim.approveEntryId) {
    const posted = await reverseEntry(tx, deps, actor, claim.approveEntryId, `互助申请 ${claim.claimNo} 冲销 / claim reversed: ${reason}`);
    entry = { id: posted.entry.id, entryNo: posted.entry.entryNo };
  } else if (claim.status === 'paid' && amount > 0) {
    const acc = await schemeAccounts(tx, deps, actor, claim.schemeCode);
    const posted = await postMove(tx, deps, actor, { debit: acc.receivable, credit: acc.pool, amountFen: amount, memo: `互助申请 ${claim.claimNo} 冲销，应收追回 / paid claim reversed, owed back: ${reason}`, source: { type: MA_SOURCES.reverse, id: claim.id } });
    entry = { id: posted.entry.id, entryNo: posted.entry.entryNo };
  }
  const now = deps.clock.now();
  const [row] = await tx
    .update(claims)
    .set({ status: next, reversedBy: actor.userId, reversedAt: now, reversalReason: reason, reversalEntryId: entry?.id ?? null, updatedAt: now })
    .where(eq(claims.id, claim.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.reverse', entityType: ENTITY, entityId: claim.id, orgPath: claim.orgPath, before: { status: claim.status, payoutFen: amount }, after: { status: next, reason, entryNo: entry?.entryNo ?? null } });
  return claimDetail(tx, deps, row!);
}

// ---- reads -------------------------------------------------------------------------------------

type PlanNames = Map<string, { zh: string; en: string }>;

/** Plan names of the schemes involved: from the claim's version, else the latest published one. */
async function planNames(db: Db | Tx, rows: readonly MutualAidClaimRow[]): Promise<{ byVersion: Map<string, PlanNames>; latest: Map<string, PlanNames> }> {
  const byVersion = new Map<string, PlanNames>();
  const latest = new Map<string, PlanNames>();
  for (const code of new Set(rows.map((r) => r.schemeCode))) {
    const vs = await publishedVersions(db, code);
    for (const v of vs) byVersion.set(v.id, new Map((v.scheme as Scheme).plans.map((p) => [p.code, p.name])));
    const last = vs.at(-1);
    if (last) latest.set(code, byVersion.get(last.id)!);
  }
  return { byVersion, latest };
}

export async function claimDtos(db: Db | Tx, deps: Pick<Deps, 'cipher'>, rows: readonly MutualAidClaimRow[]): Promise<ClaimDto[]> {
  if (rows.length === 0) return [];
  const ms = await db
    .select({ id: members.id, name: members.name, idNumberEnc: members.idNumberEnc })
    .from(members)
    .where(inArray(members.id, [...new Set(rows.map((r) => r.memberId))]));
  const us = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.id, [...new Set(rows.map((r) => r.unitId))]));
  const mById = new Map(ms.map((m) => [m.id, m]));
  const uById = new Map(us.map((u) => [u.id, u.name]));
  const names = await planNames(db, rows);
  const idCache = new Map<string, string | null>();
  const maskedId = (enc: string) => {
    let v = idCache.get(enc);
    if (v === undefined) idCache.set(enc, (v = maskIdNumber(deps.cipher.decrypt(enc))));
    return v;
  };
  const num = (v: number | null) => (v === null ? null : Number(v));
  return rows.map((r) => {
    const m = mById.get(r.memberId);
    const planName = (r.schemeVersionId ? names.byVersion.get(r.schemeVersionId) : undefined)?.get(r.planCode) ?? names.latest.get(r.schemeCode)?.get(r.planCode) ?? null;
    const total = num(r.totalCostFen);
    return {
      id: r.id,
      claimNo: r.claimNo,
      schemeCode: r.schemeCode,
      planCode: r.planCode,
      planName,
      memberId: r.memberId,
      memberName: m?.name ?? '',
      memberIdNumber: m ? maskedId(m.idNumberEnc) : null,
      unitId: r.unitId,
      unitName: uById.get(r.unitId) ?? '',
      eventDate: r.eventDate,
      hospital: r.hospital,
      admissionDate: r.admissionDate,
      dischargeDate: r.dischargeDate,
      hospitalDays: r.hospitalDays,
      diagnosis: r.diagnosis,
      diagnosisIcd10: r.diagnosisIcd10,
      totalCostFen: total,
      insurancePaidFen: num(r.insurancePaidFen),
      outOfPocketFen: total === null ? null : total - (num(r.insurancePaidFen) ?? 0),
      billNumber: r.billNumber,
      status: r.status as ClaimStatus,
      memberStatus: r.memberStatus as MemberStatus | null,
      schemeVersion: r.schemeVersion,
      schemeVersionId: r.schemeVersionId,
      enginePayoutFen: num(r.enginePayoutFen),
      reason: r.reason as Reason | null,
      payoutFen: num(r.payoutFen),
      finalBurdenFen: num(r.finalBurdenFen),
      overrideReason: r.overrideReason,
      rejectReason: r.rejectReason,
      reversalReason: r.reversalReason,
      accPeriod: r.accPeriod,
      createdByName: r.createdByName,
      createdAt: iso(r.createdAt)!,
      adjudicatedAt: iso(r.adjudicatedAt),
      reviewedByName: r.reviewedByName,
      reviewedAt: iso(r.reviewedAt),
      paidAt: iso(r.paidAt),
      reversedAt: iso(r.reversedAt),
    };
  });
}

export async function claimDetail(db: Db | Tx, deps: Pick<Deps, 'cipher'>, row: MutualAidClaimRow): Promise<ClaimDetailDto> {
  const [dto] = await claimDtos(db, deps, [row]);
  const docs = await db.select().from(mutualAidClaimDocuments).where(eq(mutualAidClaimDocuments.claimId, row.id)).orderBy(asc(mutualAidClaimDocuments.uploadedAt), asc(mutualAidClaimDocuments.id));
  return {
    ...dto!,
    trace: (row.trace as TraceStepDto[] | null) ?? [],
    documents: docs.map((d) => ({ id: d.id, kind: d.kind as ClaimDocumentKind, name: d.name, mime: d.mime, size: Number(d.size), sha256: d.sha256, uploadedAt: iso(d.uploadedAt)! })),
    approveEntryId: row.approveEntryId,
    paymentEntryId: row.paymentEntryId,
    reversalEntryId: row.reversalEntryId,
    contribution: { period: row.accPeriod, baseFen: Number(row.accBaseFen), countedFen: Number(row.accCountedFen), paidDays: row.accPaidDays, claims: row.accClaims, diagnosisCode: row.accDiagnosisCode },
  };
}

export async function getClaim(db: Db, deps: Deps, actor: Actor, id: string): Promise<ClaimDetailDto> {
  return claimDetail(db, deps, await loadClaim(db, actor, id));
}

/** The filters of the list and the export, within the actor's scope. */
export function claimsWhere(actor: Actor, q: ClaimsExportQuery): SQL {
  const term = q.q?.trim();
  return and(
    claimVisible(actor),
    q.status ? eq(claims.status, q.status) : undefined,
    q.schemeCode ? eq(claims.schemeCode, q.schemeCode) : undefined,
    q.planCode ? eq(claims.planCode, q.planCode) : undefined,
    q.unitId ? eq(claims.unitId, q.unitId) : undefined,
    q.memberId ? eq(claims.memberId, q.memberId) : undefined,
    q.period !== undefined ? sql`coalesce(${claims.accPeriod}, extract(year from ${claims.eventDate})::int) = ${q.period}` : undefined,
    term ? sql`(${claims.claimNo} = ${term.toUpperCase()} or exists (select 1 from mutual_aid_members m where m.id = ${claims.memberId} and m.name like ${likePrefix(term)}))` : undefined,
  )!;
}

/** 申请列表: newest first, keyset pages. */
export async function listClaims(db: Db, deps: Deps, actor: Actor, q: ClaimsQuery): Promise<{ items: ClaimDto[]; nextCursor: string | null }> {
  const after = decodeCursor<{ id: string }>(q.cursor);
  const rows = await db
    .select()
    .from(claims)
    .where(and(claimsWhere(actor, q), after ? lt(claims.id, String(after.id)) : undefined))
    .orderBy(desc(claims.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (last) => ({ id: last.id }));
  return { items: await claimDtos(db, deps, p.items), nextCursor: p.nextCursor };
}

/** 累计: per plan and period what the member's counted claims add up to, recomputed from the claims. */
export async function memberAccumulators(db: Db, actor: Actor, memberId: string): Promise<MemberAccumulatorsDto> {
  const member = await memberInScope(db, actor, memberId);
  const rows = await db
    .select({ schemeCode: claims.schemeCode, planCode: claims.planCode, ...contributionColumns })
    .from(claims)
    .where(and(eq(claims.memberId, member.id), inArray(claims.status, [...COUNTED_STATUSES])))
    .orderBy(asc(claims.planCode));
  const byPlan = new Map<string, { schemeCode: string; planCode: string; rows: ClaimContribution[] }>();
  for (const r of rows) {
    const k = `${r.schemeCode}|${r.planCode}`;
    let g = byPlan.get(k);
    if (!g) byPlan.set(k, (g = { schemeCode: r.schemeCode, planCode: r.planCode, rows: [] }));
    g.rows.push({ ...r, accBaseFen: Number(r.accBaseFen), accCountedFen: Number(r.accCountedFen), payoutFen: r.payoutFen === null ? null : Number(r.payoutFen) });
  }
  return {
    memberId: member.id,
    plans: [...byPlan.values()].map((g) => {
      const acc = accumulatorsOf(g.rows);
      return {
        schemeCode: g.schemeCode,
        planCode: g.planCode,
        periods: [...acc.periods.entries()].sort((a, b) => a[0] - b[0]).map(([period, p]) => ({ period, ...p })),
        lifetime: { paidFen: acc.lifetimePaidFen, paidDays: acc.lifetimePaidDays, claims: acc.lifetimeClaims },
        diagnosed: [...acc.diagnosed].sort(),
      };
    }),
  };
}

// ---- intake pickers ----------------------------------------------------------------------------

/** Active member units in scope (for the intake page), by name. */
export async function claimUnitOptions(db: Db, actor: Actor, q: string | undefined) {
  return db
    .select({ id: units.id, name: units.name, schemeCode: units.schemeCode })
    .from(units)
    .where(and(scopeWhere(actor, { orgPath: units.orgPath }), eq(units.status, 'active'), q ? sql`${units.name} like ${'%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined))
    .orderBy(asc(units.name))
    .limit(50);
}

/** Members of a unit in scope with their opt-ins (paid or not), masked. */
export async function claimMemberOptions(db: Db, deps: Deps, actor: Actor, unitId: string, q: string | undefined): Promise<ClaimMemberOption[]> {
  const ms = await db
    .select()
    .from(members)
    .where(and(eq(members.unitId, unitId), memberVisible(actor), q ? sql`${members.name} like ${likePrefix(q)}` : undefined))
    .orderBy(asc(members.name), asc(members.id))
    .limit(100);
  if (ms.length === 0) return [];
  const es = await db
    .select()
    .from(mutualAidEnrolments)
    .where(and(inArray(mutualAidEnrolments.memberId, ms.map((m) => m.id)), eq(mutualAidEnrolments.status, 'active')))
    .orderBy(asc(mutualAidEnrolments.period), asc(mutualAidEnrolments.planCode));
  return ms.map((m) => ({
    id: m.id,
    name: m.name,
    idNumber: maskIdNumber(deps.cipher.decrypt(m.idNumberEnc)),
    schemeCode: m.schemeCode,
    unitId: m.unitId,
    plans: es.filter((e) => e.memberId === m.id).map((e) => ({ planCode: e.planCode, period: e.period, validFrom: e.validFrom, validTo: e.validTo, paid: e.paidAt !== null })),
  }));
}

