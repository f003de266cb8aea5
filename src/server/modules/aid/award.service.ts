import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AmountRule, ApplyInput, AwardDto, AwardStatus, EligibilityResult, EligibilityRules, ProgramType, awardsQuery } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import type { Category, Cause, Level, SchoolingStage } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound, registerEntityName } from '../../platform/http/errors';
import { MESSAGES } from '../../platform/http/i18n';
import { decodeCursor, page } from '../../platform/http/pagination';
import { inScope, likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { maskBankAccount } from '../../platform/pii/mask';
import { isFederation } from '../orgs/org.rules';
import { orgs } from '../orgs/org.table';
import { householdInScope } from '../registry/household.service';
import { shanghaiDate } from '../registry/household.rules';
import { type HouseholdRow, households } from '../registry/household.table';
import { members } from '../registry/member.table';
import { AID_SOURCES, budgetAccount, payableAccount, postMove } from './aid-ledger';
import { type AidAwardRow, aidAwards } from './award.table';
import { aidObjections } from './notice.table';
import { currentRules, keepsProgram, loadProgram } from './program.service';
import { type HouseholdFacts, evaluate } from './program.rules';
import { type AidProgramRow, aidProgramVersions, aidPrograms } from './program.table';

registerEntityName('aid_award', '救助申请', 'Aid award');
MESSAGES.NOT_ELIGIBLE = { zh: '不符合申请条件：{reasons}', en: 'Not eligible: {reasons}' };

/**
 * Awards an actor sees: those of households in the actor's scope (the household's union path or region), and those
 * of programs the actor keeps (funded by an org in the actor's subtree).
 */
export function awardVisible(actor: Actor): SQL {
  return sql`(${scopeWhere(actor, { orgPath: aidAwards.orgPath, regionCode: aidAwards.regionCode })} or exists (select 1 from aid_programs p where p.id = ${aidAwards.programId} and p.org_path like ${likePrefix(actor.orgPath)}))`;
}

export async function loadAward(db: Db | Tx, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<AidAwardRow> {
  const q = db.select().from(aidAwards).where(and(eq(aidAwards.id, id), awardVisible(actor)));
  const [a] = opts.lock ? await q.for('update') : await q;
  if (!a) throw notFound('aid_award');
  return a;
}

/** Whether the household lies within the reach of the program's funding org (its subtree, or its division). */
async function withinFunder(db: Db | Tx, p: AidProgramRow, h: { orgPath: string; regionCode: string }): Promise<boolean> {
  const [funder] = await db.select().from(orgs).where(eq(orgs.id, p.fundingOrgId));
  const divisionCode = funder && isFederation(funder.kind) ? funder.regionCode : null;
  return inScope({ orgPath: p.orgPath, divisionCode } as Actor, h);
}

async function householdFacts(db: Db | Tx, h: HouseholdRow): Promise<HouseholdFacts> {
  const ms = await db.select({ id: members.id, name: members.name, schoolingStage: members.schoolingStage }).from(members).where(eq(members.householdId, h.id)).orderBy(asc(members.position));
  return {
    status: h.status,
    category: h.category as Category | null,
    level: h.level as Level | null,
    primaryCause: h.primaryCause as Cause,
    secondaryCauses: h.secondaryCauses as Cause[],
    unionMember: h.unionMember,
    members: ms.map((m) => ({ ...m, schoolingStage: m.schoolingStage as SchoolingStage })),
  };
}

async function liveAwardNo(db: Db | Tx, p: AidProgramRow, householdId: string, exceptId?: string): Promise<string | null> {
  const [a] = await db
    .select({ id: aidAwards.id, awardNo: aidAwards.awardNo })
    .from(aidAwards)
    .where(and(eq(aidAwards.programId, p.id), eq(aidAwards.householdId, householdId), eq(aidAwards.year, p.year), sql`${aidAwards.status} not in ('rejected', 'withdrawn')`));
  return a && a.id !== exceptId ? a.awardNo : null;
}

interface Assessed {
  program: AidProgramRow;
  household: HouseholdRow & { orgPath: string };
  result: EligibilityResult;
  student: { id: string; name: string; schoolingStage: SchoolingStage } | null;
}

async function assess(db: Db | Tx, deps: Deps, actor: Actor, programId: string, input: { householdId: string; studentMemberId?: string }): Promise<Assessed> {
  const program = await loadProgram(db, actor, programId);
  const household = await householdInScope(db, actor, input.householdId);
  if (!(await withinFunder(db, program, household))) {
    throw new AppError(422, 'NOT_ELIGIBLE', { reasons: '该户不在项目资助范围内（资助单位辖区以外）', reasonsEn: 'the household is outside the funding org’s reach' });
  }
  const rules = await currentRules(db, program);
  const v = evaluate(
    { type: program.type as ProgramType, status: program.status as 'open' | 'closed', windowStart: program.windowStart, windowEnd: program.windowEnd, eligibility: rules.eligibility as EligibilityRules, amount: rules.amount as AmountRule },
    await householdFacts(db, household),
    { today: shanghaiDate(deps.clock.now()), existingAwardNo: await liveAwardNo(db, program, household.id), studentMemberId: input.studentMemberId ?? null },
  );
  return { program, household, student: v.student, result: { eligible: v.eligible, checks: v.checks, amountFen: v.amountFen, amountExplain: v.amountExplain, studentMemberId: v.student?.id ?? null, rulesVersion: rules.version } };
}

/** The eligibility check as the cadre sees it before applying: every rule with its reason, and the amount. */
export async function checkEligibility(db: Db, deps: Deps, actor: Actor, programId: string, input: { householdId: string; studentMemberId?: string }): Promise<EligibilityResult> {
  return (await assess(db, deps, actor, programId, input)).result;
}

function notEligible(result: EligibilityResult): AppError {
  const failed = result.checks.filter((c) => !c.ok);
  return new AppError(422, 'NOT_ELIGIBLE', { reasons: failed.map((c) => c.zh).join('；'), reasonsEn: failed.map((c) => c.en).join('; ') }, { checks: result.checks });
}

/** A cadre applies on the household's behalf; an ineligible household is refused with every failed rule named. */
export async function applyForAward(tx: Tx, deps: Deps, actor: Actor, programId: string, input: ApplyInput): Promise<AwardDto> {
  if (!actor.permissions.has(Permission.AidApply)) throw forbidden();
  const { program, household, result, student } = await assess(tx, deps, actor, programId, input);
  if (!result.eligible) throw notEligible(result);
  const now = deps.clock.now();
  const seq = await nextSequence(tx, `aid_award:${program.year}`);
  const row: AidAwardRow = {
    id: uuidv7(),
    awardNo: `AA-${program.year}-${String(seq).padStart(6, '0')}`,
    programId: program.id,
    programVersion: result.rulesVersion,
    year: program.year,
    householdId: household.id,
    orgId: household.orgId,
    orgPath: household.orgPath,
    regionCode: household.regionCode,
    category: household.category,
    level: household.level,
    studentMemberId: student?.id ?? null,
    studentName: student?.name ?? null,
    studentStage: student?.schoolingStage ?? null,
    amountFen: result.amountFen,
    explanation: { checks: result.checks, amountExplain: result.amountExplain },
    payeeName: input.payeeName ?? household.workerName,
    payeeBankName: input.payeeBankName ?? household.bankName,
    payeeAccountEnc: input.payeeAccount ? deps.cipher.encrypt(input.payeeAccount) : household.bankAccountEnc,
    status: 'submitted',
    appliedBy: actor.userId,
    appliedByName: actor.displayName || actor.username,
    appliedAt: now,
    reviewedBy: null,
    reviewedByName: null,
    reviewedAt: null,
    reviewNote: input.note ?? null,
    commitEntryId: null,
    noticeId: null,
    confirmedBy: null,
    confirmedAt: null,
    paidAt: null,
    revokedBy: null,
    revokedAt: null,
    revokeReason: null,
    revokeCauseType: null,
    revokeCauseId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    // checked above; two cadres applying at once meet the unique index, and the loser's transaction rolls back
    await tx.insert(aidAwards).values(row);
  } catch (e) {
    if (violatedConstraint(e) === 'aid_awards_once_uq') throw conflict('该户本年度已申请或享受本项目，每户每年限一次', 'the household already has this program this year (once a year)');
    throw e;
  }
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.apply', entityType: 'aid_award', entityId: row.id, orgPath: row.orgPath, regionCode: row.regionCode, after: { awardNo: row.awardNo, programId: program.id, programVersion: row.programVersion, householdId: household.id, amountFen: row.amountFen, studentMemberId: row.studentMemberId } });
  return awardDto(tx, deps, actor, row);
}

async function reviewable(tx: Tx, actor: Actor, id: string, version: number, statuses: AwardStatus[]): Promise<{ award: AidAwardRow; program: AidProgramRow }> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const award = await loadAward(tx, actor, id, { lock: true });
  const [program] = await tx.select().from(aidPrograms).where(eq(aidPrograms.id, award.programId));
  if (!keepsProgram(actor, program)) throw forbidden();
  if (award.version !== version) throw conflict('申请已被他人处理，请刷新后重试', 'the application was changed by someone else; reload and retry');
  if (!statuses.includes(award.status as AwardStatus)) throw conflict(`当前状态（${award.status}）不能执行此操作`, `not allowed in status ${award.status}`);
  return { award, program };
}

/**
 * Approval commits the amount against the budget (Dr budget, Cr payable) in the same transaction. The budget account
 * is locked by the posting, so racing approvals are serialised and the floor refuses the one that would overspend
 * (409 BUDGET_EXHAUSTED). The household is re-checked against the rules version it applied under.
 */
export async function approveAward(tx: Tx, deps: Deps, actor: Actor, id: string, input: { version: number; note?: string }): Promise<AwardDto> {
  const { award, program } = await reviewable(tx, actor, id, input.version, ['submitted']);
  if (award.appliedBy === actor.userId) throw conflict('申请人不能审核自己提交的申请', 'the applicant cannot approve their own application');
  const [rules] = await tx.select().from(aidProgramVersions).where(and(eq(aidProgramVersions.programId, program.id), eq(aidProgramVersions.version, award.programVersion)));
  const [h] = await tx.select().from(households).where(eq(households.id, award.householdId));
  const v = evaluate(
    { type: program.type as ProgramType, status: program.status as 'open' | 'closed', windowStart: program.windowStart, windowEnd: program.windowEnd, eligibility: rules.eligibility as EligibilityRules, amount: rules.amount as AmountRule },
    await householdFacts(tx, h),
    // the window is the application's: checked when it was made
    { today: program.windowStart, existingAwardNo: await liveAwardNo(tx, program, h.id, award.id), studentMemberId: award.studentMemberId },
  );
  if (!v.eligible) throw notEligible({ eligible: false, checks: v.checks, amountFen: 0, amountExplain: v.amountExplain, studentMemberId: null, rulesVersion: award.programVersion });
  const budget = await budgetAccount(tx, deps, actor, program);
  const payable = await payableAccount(tx, deps, actor, program);
  const posted = await postMove(tx, deps, actor, { debit: budget.id, credit: payable.id, amountFen: Number(award.amountFen), memo: `${program.name}：${award.awardNo} 审核通过 / approved`, source: { type: AID_SOURCES.commit, id: award.id } });
  const now = deps.clock.now();
  const [row] = await tx
    .update(aidAwards)
    .set({ status: 'approved', reviewedBy: actor.userId, reviewedByName: actor.displayName || actor.username, reviewedAt: now, reviewNote: input.note ?? award.reviewNote, commitEntryId: posted.entry.id, updatedAt: now, version: award.version + 1 })
    .where(eq(aidAwards.id, award.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.approve', entityType: 'aid_award', entityId: award.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo, amountFen: Number(award.amountFen), entryNo: posted.entry.entryNo } });
  return awardDto(tx, deps, actor, row);
}

export async function rejectAward(tx: Tx, deps: Deps, actor: Actor, id: string, input: { version: number; reason: string }): Promise<AwardDto> {
  const { award } = await reviewable(tx, actor, id, input.version, ['submitted']);
  const now = deps.clock.now();
  const [row] = await tx
    .update(aidAwards)
    .set({ status: 'rejected', reviewedBy: actor.userId, reviewedByName: actor.displayName || actor.username, reviewedAt: now, reviewNote: input.reason, updatedAt: now, version: award.version + 1 })
    .where(eq(aidAwards.id, award.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.reject', entityType: 'aid_award', entityId: award.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo, reason: input.reason } });
  return awardDto(tx, deps, actor, row);
}

/** The applicant (or another cadre of the household's union) withdraws an application not yet reviewed. */
export async function withdrawAward(tx: Tx, deps: Deps, actor: Actor, id: string): Promise<AwardDto> {
  if (!actor.permissions.has(Permission.AidApply)) throw forbidden();
  const award = await loadAward(tx, actor, id, { lock: true });
  if (award.status !== 'submitted') throw conflict('只能撤回待审核的申请', 'only an application awaiting review can be withdrawn');
  const [row] = await tx.update(aidAwards).set({ status: 'withdrawn', updatedAt: deps.clock.now(), version: award.version + 1 }).where(eq(aidAwards.id, award.id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.award.withdraw', entityType: 'aid_award', entityId: award.id, orgPath: award.orgPath, regionCode: award.regionCode, after: { awardNo: award.awardNo } });
  return awardDto(tx, deps, actor, row);
}

// ───── reads ─────

export async function awardDtos(db: Db | Tx, deps: Deps, _actor: Actor, rows: AidAwardRow[]): Promise<AwardDto[]> {
  if (rows.length === 0) return [];
  const programIds = [...new Set(rows.map((r) => r.programId))];
  const progs = await db.select({ id: aidPrograms.id, name: aidPrograms.name, type: aidPrograms.type }).from(aidPrograms).where(inArray(aidPrograms.id, programIds));
  const hs = await db.select({ id: households.id, archiveNo: households.archiveNo, workerName: households.workerName }).from(households).where(inArray(households.id, [...new Set(rows.map((r) => r.householdId))]));
  const os = await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...new Set(rows.map((r) => r.orgId))]));
  const objections = await db
    .select({ awardId: aidObjections.awardId, n: sql<number>`count(*)::int` })
    .from(aidObjections)
    .where(and(inArray(aidObjections.awardId, rows.map((r) => r.id)), eq(aidObjections.status, 'open')))
    .groupBy(aidObjections.awardId);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((a) => {
    const p = progs.find((x) => x.id === a.programId)!;
    const h = hs.find((x) => x.id === a.householdId);
    const explanation = a.explanation as AwardDto['explanation'];
    return {
      id: a.id,
      awardNo: a.awardNo,
      programId: a.programId,
      programName: p.name,
      programType: p.type as ProgramType,
      programVersion: a.programVersion,
      year: a.year,
      householdId: a.householdId,
      archiveNo: h?.archiveNo ?? null,
      workerName: h?.workerName ?? '',
      orgId: a.orgId,
      orgName: os.find((o) => o.id === a.orgId)?.name ?? '',
      regionCode: a.regionCode,
      category: a.category,
      level: a.level,
      studentMemberId: a.studentMemberId,
      studentName: a.studentName,
      studentStage: a.studentStage,
      amountFen: Number(a.amountFen),
      explanation,
      payeeName: a.payeeName,
      payeeBankName: a.payeeBankName,
      payeeAccount: a.payeeAccountEnc ? maskBankAccount(deps.cipher.decrypt(a.payeeAccountEnc)) : null,
      status: a.status as AwardStatus,
      appliedByName: a.appliedByName,
      appliedAt: new Date(a.appliedAt).toISOString(),
      reviewedByName: a.reviewedByName,
      reviewedAt: iso(a.reviewedAt),
      reviewNote: a.reviewNote,
      noticeId: a.noticeId,
      confirmedAt: iso(a.confirmedAt),
      paidAt: iso(a.paidAt),
      revokedAt: iso(a.revokedAt),
      revokeReason: a.revokeReason,
      revokeCauseType: a.revokeCauseType,
      revokeCauseId: a.revokeCauseId,
      commitEntryId: a.commitEntryId,
      openObjections: objections.find((o) => o.awardId === a.id)?.n ?? 0,
      version: a.version,
    };
  });
}

export async function awardDto(db: Db | Tx, deps: Deps, actor: Actor, row: AidAwardRow): Promise<AwardDto> {
  return (await awardDtos(db, deps, actor, [row]))[0];
}

export async function getAward(db: Db, deps: Deps, actor: Actor, id: string): Promise<AwardDto> {
  return awardDto(db, deps, actor, await loadAward(db, actor, id));
}

export async function listAwards(db: Db, deps: Deps, actor: Actor, q: z.output<typeof awardsQuery>) {
  const after = decodeCursor<{ c: string; id: string }>(q.cursor);
  const term = q.q?.trim();
  const rows = await db
    .select()
    .from(aidAwards)
    .where(
      and(
        awardVisible(actor),
        q.programId ? eq(aidAwards.programId, q.programId) : undefined,
        q.householdId ? eq(aidAwards.householdId, q.householdId) : undefined,
        q.status ? eq(aidAwards.status, q.status) : undefined,
        term ? sql`(${aidAwards.awardNo} = ${term} or ${aidAwards.payeeName} like ${likePrefix(term)} or exists (select 1 from households h where h.id = ${aidAwards.householdId} and h.worker_name like ${likePrefix(term)}))` : undefined,
        after ? or(lt(aidAwards.createdAt, new Date(String(after.c))), and(eq(aidAwards.createdAt, new Date(String(after.c))), lt(aidAwards.id, String(after.id)))) : undefined,
      ),
    )
    .orderBy(desc(aidAwards.createdAt), desc(aidAwards.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (last) => ({ c: new Date(last.createdAt).toISOString(), id: last.id }));
  return { items: await awardDtos(db, deps, actor, p.items), nextCursor: p.nextCursor };
}
