import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { Permission } from '../../../contracts/auth';
import type {
  Category,
  HouseholdDto,
  HouseholdInput,
  HouseholdListItem,
  HouseholdStatus,
  HouseholdUpdateInput,
  Level,
  TransitionBody,
} from '../../../contracts/registry';
import { auditTrailOf, recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName } from '../../platform/http/errors';
import { inScope, scopeWhere } from '../../platform/http/scope';
import { humanNumber, uuidv7 } from '../../platform/ids';
import { validateIdNumber } from '../../platform/pii/idcard';
import { maskBankAccount, maskIdNumber, maskName, maskPhone } from '../../platform/pii/mask';
import { findActiveUser, userNames } from '../auth/user.service';
import { division, divisionName } from '../orgs/division';
import { getOrgById } from '../orgs/org.service';
import { currentMonth, upsertIncome } from '../dynamic/income.service';
import { afterHouseholdTransition, assignedHouseholdScope, hasOpenVerificationTask, verificationGate } from '../verification/task.service';
import { lineFor } from './dibao-line.service';
import type { DibaoLineRow } from './dibao-line.table';
import { fourLooksAssessments } from './four-looks.table';
import { householdEvents } from './household-event.table';
import {
  MEMBER_MESSAGES,
  TRANSITION_MESSAGES,
  ageOn,
  checkTransition,
  derive,
  isOpen,
  memberProblems,
  shanghaiDate,
  transitionsFrom,
} from './household.rules';
import { type HouseholdRow, households } from './household.table';
import { identificationRecord, identificationView, judge } from './identification.rules';
import { type MemberRow, members } from './member.table';
import { plans } from './plan.table';

registerEntityName('household', '困难职工家庭档案', 'Household file');
registerEntityName('member', '家庭成员', 'Household member');

/** Households the actor may see and act on: org subtree, and for a federation its whole division. */
export const householdScope = (actor: Actor) => {
  const own = scopeWhere(actor, { orgId: households.orgId, regionCode: households.regionCode });
  // an investigator also reads the households assigned to them for a visit (only while assigned)
  const assigned = assignedHouseholdScope(actor, households.id);
  return assigned ? sql`(${own} or ${assigned})` : own;
};

export function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

function bad(field: string, zh: string, en: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', { fields: `${field}（${zh}）`, fieldsEn: `${field} (${en})` }, [{ path: field, message: en, messageZh: zh }]);
}

async function loadInScope(db: Db, actor: Actor, id: string, lock = false): Promise<HouseholdRow> {
  const q = db
    .select()
    .from(households)
    .where(and(eq(households.id, id), householdScope(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('household');
  return row;
}

// ─────────────── identification ───────────────

/** The dibao line in force for a county in a year; bulk writers (the Excel import) pass a cached lookup. */
export type LineLookup = (regionCode: string, year: number) => Promise<DibaoLineRow | null>;

async function identification(lineOf: LineLookup, regionCode: string, at: Date, input: { receivesDibao: boolean; size: number; annualIncomeFen: number; rigidSpendingFen: number }) {
  const year = Number(shanghaiDate(at).slice(0, 4));
  const line = await lineOf(regionCode, year);
  if (!line) return { category: null as Category | null, level: null as Level | null, identification: null };
  const r = judge(
    { receivesDibao: input.receivesDibao, size: input.size, annualIncomeFen: input.annualIncomeFen, annualRigidSpendingFen: input.rigidSpendingFen },
    { dibaoLineFen: line.dibaoLineFen, nearDibaoMultiplierBp: line.nearDibaoMultiplierBp, rigidSpendingShareBp: line.rigidSpendingShareBp },
  );
  return {
    category: r.category,
    level: r.level,
    identification: identificationRecord(year, line, r),
  };
}

// ─────────────── de-duplication ───────────────

function maskArchiveNo(no: string | null): string {
  if (!no) return '（未建档 draft）';
  return no.slice(0, 4) + '**-****-**' + no.slice(-4);
}

/**
 * An ID number may be in at most one open file province-wide. Names the other file: in scope its archive number
 * and org; out of scope both masked, and never any personal data.
 */
export async function findOpenDuplicates(db: Db, actor: Actor, bidxs: string[], exceptHouseholdId?: string) {
  if (bidxs.length === 0) return [];
  const rows = await db
    .select({ bidx: members.idNumberBidx, householdId: households.id, archiveNo: households.archiveNo, orgId: households.orgId, regionCode: households.regionCode })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(inArray(members.idNumberBidx, bidxs), eq(members.open, true), exceptHouseholdId ? ne(households.id, exceptHouseholdId) : undefined));
  const out = [];
  for (const r of rows) {
    const org = await getOrgById(db, r.orgId);
    const visible = !!org && inScope(actor, { orgPath: org.path, regionCode: r.regionCode });
    out.push({
      bidx: r.bidx,
      householdId: visible ? r.householdId : null,
      archiveNo: visible ? (r.archiveNo ?? '（未建档 draft）') : maskArchiveNo(r.archiveNo),
      orgName: visible ? (org?.name ?? '') : (maskName(org?.name) ?? ''),
    });
  }
  return out;
}

async function assertNoDuplicates(db: Db, actor: Actor, memberBidx: Array<{ index: number; bidx: string }>, exceptHouseholdId?: string) {
  const dups = await findOpenDuplicates(
    db,
    actor,
    memberBidx.map((m) => m.bidx),
    exceptHouseholdId,
  );
  if (dups.length === 0) return;
  const d = dups[0];
  const index = memberBidx.find((m) => m.bidx === d.bidx)?.index ?? 0;
  throw conflict(`成员身份证号已在另一有效档案中（档案号 ${d.archiveNo}，${d.orgName}）`, `a member's ID number is already in another open file (${d.archiveNo}, ${d.orgName})`, {
    field: `members.${index}.idNumber`,
    duplicates: dups.map(({ bidx: _b, ...rest }) => rest),
  });
}

/** Turns a database unique violation on the one-open-file index into the same named conflict. */
export async function explainOpenFileConflict(e: unknown, db: Db, actor: Actor, input: { members: Array<{ idNumber: string }> }, cipher: Deps['cipher'], exceptHouseholdId?: string): Promise<never> {
  if (violatedConstraint(e) === 'members_open_person_uq') {
    const bidx = input.members.map((m, index) => ({ index, bidx: cipher.blindIndex('id', m.idNumber.trim().toUpperCase()) }));
    await assertNoDuplicates(db, actor, bidx, exceptHouseholdId);
  }
  throw e;
}

// ─────────────── writing ───────────────

export function validateInput(input: HouseholdInput): void {
  const problems = memberProblems(input.members);
  if (problems.length) {
    const p = problems[0];
    const path = p.index === null ? 'members' : `members.${p.index}.${p.code === 'invalid_id' || p.code === 'duplicate_id' ? 'idNumber' : 'disabilityGrade'}`;
    const m = MEMBER_MESSAGES[p.code];
    throw new AppError(400, 'VALIDATION_FAILED', { fields: `${path}（${m.zh}）`, fieldsEn: `${path} (${m.en})` }, problems.map((q) => ({ path: q.index === null ? 'members' : `members.${q.index}`, code: q.code, message: MEMBER_MESSAGES[q.code].en, messageZh: MEMBER_MESSAGES[q.code].zh })));
  }
  const d = division(input.regionCode);
  if (!d || d.level !== 'county') throw bad('regionCode', '须为县(区)级行政区划代码', 'must be a county-level division code');
  if (input.secondaryCauses.includes(input.primaryCause)) throw bad('secondaryCauses', '次要原因不应包含主要原因', 'secondary causes must not repeat the primary cause');
  if (input.archiveNo && !input.archiveNo.startsWith(input.regionCode + '-')) throw bad('archiveNo', '档案号须以本县区划代码开头', 'the archive number must start with the county code');
}

async function owningOrg(db: Db, actor: Actor, orgId: string, regionCode: string) {
  const org = await getOrgById(db, orgId);
  if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
  if (org.kind !== 'grassroots') throw bad('orgId', '档案须归属基层工会', 'a file belongs to a grassroots union');
  if (org.regionCode && !regionCode.startsWith(org.regionCode)) {
    throw bad('regionCode', '家庭所在县区须在该基层工会服务地区内', 'the household must live in the region the union serves');
  }
  return org;
}

export function memberRows(deps: Deps, householdId: string, input: HouseholdInput, open: boolean): Array<typeof members.$inferInsert> {
  return input.members.map((m, position) => {
    const v = validateIdNumber(m.idNumber);
    if (!v.ok) throw bad(`members.${position}.idNumber`, '身份证号码无效', 'invalid ID number');
    return {
      id: m.id ?? uuidv7(),
      householdId,
      position,
      name: m.name,
      relation: m.relation,
      idNumberEnc: deps.cipher.encrypt(v.info.normalized),
      idNumberBidx: deps.cipher.blindIndex('id', v.info.normalized),
      phoneEnc: m.phone ? deps.cipher.encrypt(m.phone) : null,
      phoneBidx: m.phone ? deps.cipher.blindIndex('phone', m.phone) : null,
      sex: v.info.sex,
      birthDate: v.info.birthDate,
      health: m.health,
      disabilityGrade: m.disabilityGrade ?? null,
      schoolingStage: m.schoolingStage,
      employment: m.employment,
      monthlyIncomeFen: m.monthlyIncomeFen,
      open,
    };
  });
}

/** The household columns written for an input and its member rows: derived figures and identification (the rule). */
export async function householdColumns(tx: Tx, deps: Deps, input: HouseholdInput, mrows: Array<typeof members.$inferInsert>, lineOf: LineLookup = (r, y) => lineFor(tx, r, y)) {
  const d = derive(input);
  const worker = mrows[input.members.findIndex((m) => m.relation === 'self')];
  const ident = await identification(lineOf, input.regionCode, deps.clock.now(), { receivesDibao: input.receivesDibao, size: d.size, annualIncomeFen: d.annualIncomeFen, rigidSpendingFen: d.rigidSpendingFen });
  return {
    orgId: input.orgId,
    regionCode: input.regionCode,
    address: input.address,
    workerName: worker.name,
    workerInitials: initialsOf(worker.name),
    workerIdBidx: worker.idNumberBidx,
    workerPhoneBidx: worker.phoneBidx ?? null,
    employer: input.employer ?? null,
    unionMember: input.unionMember,
    housing: input.housing,
    housingArea: input.housingArea ?? null,
    receivesDibao: input.receivesDibao,
    dibaoCertificateNo: input.dibaoCertificateNo ?? null,
    size: d.size,
    annualIncomeFen: d.annualIncomeFen,
    otherAnnualIncomeFen: input.otherAnnualIncomeFen,
    medicalOutOfPocketFen: input.medicalOutOfPocketFen,
    schoolingSpendingFen: input.schoolingSpendingFen,
    disasterLossFen: input.disasterLossFen,
    primaryCause: input.primaryCause,
    secondaryCauses: [...new Set(input.secondaryCauses)],
    flags: [...new Set(input.flags)],
    students: d.students,
    seriousIllness: d.seriousIllness,
    bankName: input.bankName ?? null,
    bankAccountEnc: input.bankAccount ? deps.cipher.encrypt(input.bankAccount) : null,
    bankAccountBidx: input.bankAccount ? deps.cipher.blindIndex('bank', input.bankAccount) : null,
    bankAccountMasked: maskBankAccount(input.bankAccount),
    category: ident.category,
    level: ident.level,
    identification: ident.identification,
  };
}

/** An audit view of a household: plain facts, personal data masked by the audit writer. */
function auditView(h: Partial<HouseholdRow>, input?: HouseholdInput) {
  const { bankAccountEnc: _a, bankAccountBidx: _b, bankAccountMasked: _m, workerIdBidx: _c, workerPhoneBidx: _d, identification: _i, ...rest } = h as HouseholdRow;
  return { ...rest, ...(input ? { members: input.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, health: m.health, schoolingStage: m.schoolingStage, employment: m.employment, monthlyIncomeFen: m.monthlyIncomeFen })), bankAccount: input.bankAccount } : {}) };
}

async function recordEvent(tx: Tx, deps: Deps, actor: Actor, householdId: string, from: HouseholdStatus | null, to: HouseholdStatus, signerRole: string, reason: string, details?: unknown) {
  await tx.insert(householdEvents).values({ id: uuidv7(), householdId, fromStatus: from, toStatus: to, signerRole, actorUserId: actor.userId, actorName: actor.displayName, reason, details: details ?? null, at: deps.clock.now() });
}

/** 摸底: a cadre opens a draft file. Identification is derived, never entered. */
export async function createHousehold(tx: Tx, deps: Deps, actor: Actor, input: HouseholdInput): Promise<HouseholdDto> {
  validateInput(input);
  const org = await owningOrg(tx, actor, input.orgId, input.regionCode);
  const id = uuidv7();
  const mrows = memberRows(deps, id, input, true);
  await assertNoDuplicates(tx, actor, mrows.map((m, index) => ({ index, bidx: m.idNumberBidx })));
  if (input.archiveNo) {
    const [dup] = await tx.select({ id: households.id }).from(households).where(eq(households.archiveNo, input.archiveNo));
    if (dup) throw conflict(`档案号 ${input.archiveNo} 已存在`, `archive number ${input.archiveNo} exists`, { field: 'archiveNo' });
  }
  const now = deps.clock.now();
  const row = { id, archiveNo: input.archiveNo ?? null, status: 'draft' as const, ...(await householdColumns(tx, deps, input, mrows)), registeredBy: actor.userId, registeredAt: now, version: 1, createdAt: now, updatedAt: now };
  await tx.insert(households).values(row);
  await tx.insert(members).values(mrows);
  await recordEvent(tx, deps, actor, id, null, 'draft', 'registered', '摸底建立 / draft created');
  await recordAudit(tx, actor, deps.clock, { action: 'registry.household.create', entityType: 'household', entityId: id, orgPath: org.path, regionCode: input.regionCode, after: auditView(row, input) });
  return getHousehold(tx, deps, actor, id);
}

/**
 * Completes an edit with the stored personal data the client left out (it only ever sees it masked): an existing
 * member without an ID number keeps the stored one; an omitted phone or bank account is kept, null clears it.
 */
async function completeUpdate(tx: Tx, deps: Deps, before: HouseholdRow, input: HouseholdUpdateInput): Promise<HouseholdInput> {
  const stored = new Map((await tx.select().from(members).where(eq(members.householdId, before.id))).map((m) => [m.id, m]));
  const ms = input.members.map((m, i) => {
    const old = m.id ? stored.get(m.id) : undefined;
    if (m.id && !old) throw bad(`members.${i}.id`, '该成员不属于此档案', 'no such member in this file');
    const idNumber = m.idNumber ?? (old ? deps.cipher.decrypt(old.idNumberEnc) : undefined);
    if (!idNumber) throw bad(`members.${i}.idNumber`, '新成员须填写身份证号', 'a new member needs an ID number');
    const phone = m.phone === null ? undefined : (m.phone ?? (old?.phoneEnc ? deps.cipher.decrypt(old.phoneEnc) : undefined));
    return { ...m, idNumber, phone };
  });
  const bankAccount = input.bankAccount === null ? undefined : (input.bankAccount ?? (before.bankAccountEnc ? deps.cipher.decrypt(before.bankAccountEnc) : undefined));
  return { ...input, members: ms, bankAccount };
}

export async function updateHousehold(tx: Tx, deps: Deps, actor: Actor, id: string, update: HouseholdUpdateInput): Promise<HouseholdDto> {
  const before = await loadInScope(tx, actor, id, true);
  if (!isOpen(before.status)) throw conflict('已解困或注销的档案不能修改（先重新打开）', 'an exited or cancelled file cannot be edited (re-open it first)');
  if (before.version !== update.version) throw conflict('档案已被他人修改，请刷新后重试', 'the file was changed by someone else; reload and retry', { field: 'version', current: before.version });
  const input = await completeUpdate(tx, deps, before, update);
  validateInput(input);
  const org = await owningOrg(tx, actor, input.orgId, input.regionCode);
  if (input.archiveNo && input.archiveNo !== before.archiveNo) throw bad('archiveNo', '档案号不能修改', 'the archive number cannot be changed');
  const mrows = memberRows(deps, id, input, true);
  await assertNoDuplicates(tx, actor, mrows.map((m, index) => ({ index, bidx: m.idNumberBidx })), id);
  const cols = await householdColumns(tx, deps, input, mrows);
  const now = deps.clock.now();
  await tx.delete(members).where(eq(members.householdId, id));
  await tx.insert(members).values(mrows);
  const [after] = await tx.update(households).set({ ...cols, version: before.version + 1, updatedAt: now }).where(eq(households.id, id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'registry.household.update', entityType: 'household', entityId: id, orgPath: org.path, regionCode: after.regionCode, before: auditView(before), after: auditView(after, input) });
  // an edit that changes the income is this month's observation for the exit rule (动态管理)
  if (after.annualIncomeFen !== before.annualIncomeFen || after.size !== before.size) {
    const perCapita = (after.identification as { perCapitaMonthlyIncomeFen?: number } | null)?.perCapitaMonthlyIncomeFen;
    if (typeof perCapita === 'number') await upsertIncome(tx, deps, actor, { id, orgPath: org.path, regionCode: after.regionCode }, { month: currentMonth(deps), perCapitaIncomeFen: perCapita, source: 'edit' });
  }
  return getHousehold(tx, deps, actor, id);
}

function canReview(actor: Actor) {
  return actor.permissions.has(Permission.RegistryReview);
}

/** `via: 'visit'`: the verification module verifies a file from the investigator's signed visit. */
export async function transitionHousehold(tx: Tx, deps: Deps, actor: Actor, id: string, body: TransitionBody, opts: { via?: 'visit' } = {}): Promise<HouseholdDto> {
  const before = await loadInScope(tx, actor, id, true);
  if (before.version !== body.version) throw conflict('档案已被他人修改，请刷新后重试', 'the file was changed by someone else; reload and retry', { field: 'version', current: before.version });
  const check = checkTransition({
    from: before.status,
    to: body.to,
    actorUserId: actor.userId,
    canWrite: actor.permissions.has(Permission.RegistryWrite),
    canReview: canReview(actor) || (opts.via === 'visit' && body.to === 'verified' && actor.permissions.has(Permission.VerificationVisit)),
    registeredBy: before.registeredBy,
    investigatedBy: before.investigatedBy,
    category: before.category,
    cancelReason: body.cancelReason,
  });
  if (!check.ok) {
    const m = TRANSITION_MESSAGES[check.problem];
    throw new AppError(check.problem.startsWith('needs_') ? 403 : 400, 'TRANSITION_REFUSED', { reason: m.zh, reasonEn: m.en }, { problem: check.problem, from: before.status, to: body.to });
  }
  await verificationGate(tx, before, body.to, opts.via);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const patch: Partial<typeof households.$inferInsert> = { status: body.to, version: before.version + 1, updatedAt: now };
  let responsibleName: string | undefined;
  switch (body.to) {
    case 'submitted':
      if (before.status === 'verified') Object.assign(patch, { investigatedBy: null, investigatedAt: null });
      break;
    case 'verified':
      Object.assign(patch, { investigatedBy: actor.userId, investigatedAt: now });
      break;
    case 'approved': {
      if (before.status === 'verified') {
        const responsible = body.responsibleUserId ? await findActiveUser(tx, body.responsibleUserId) : { id: actor.userId, displayName: actor.displayName, orgPath: actor.orgPath };
        if (!responsible) throw bad('responsibleUserId', '负责人不存在或已停用', 'no such active user');
        responsibleName = responsible.displayName;
        Object.assign(patch, { reviewedBy: actor.userId, reviewedAt: now, responsibleBy: responsible.id, responsibleAt: now, approvedOn: today });
      } else {
        Object.assign(patch, { exitedOn: null }); // re-opened
      }
      if (!before.archiveNo) {
        const year = Number(today.slice(0, 4));
        const seq = await nextSequence(tx, `archive:${before.regionCode}:${year}`);
        patch.archiveNo = humanNumber(before.regionCode, year, seq);
      }
      break;
    }
    case 'exited':
      patch.exitedOn = today;
      break;
    case 'cancelled':
      patch.cancelReason = body.cancelReason ?? null;
      break;
  }
  const nowOpen = isOpen(body.to);
  if (nowOpen !== isOpen(before.status)) {
    try {
      await tx.update(members).set({ open: nowOpen }).where(eq(members.householdId, id));
    } catch (e) {
      if (violatedConstraint(e) === 'members_open_person_uq') {
        throw conflict('家庭成员已在另一有效档案中，不能重新打开', 'a member is already in another open file; the file cannot be re-opened');
      }
      throw e;
    }
  }
  const [after] = await tx.update(households).set(patch).where(eq(households.id, id)).returning();
  if (after.status === 'approved' && before.status === 'verified') {
    const [plan] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.householdId, id));
    if (!plan) {
      const target = new Date(now.getTime() + 365 * 86_400_000);
      await tx.insert(plans).values({ id: uuidv7(), householdId: id, targetExitDate: shanghaiDate(target), goal: null, createdBy: actor.userId, createdAt: now, updatedAt: now });
    }
  }
  await afterHouseholdTransition(tx, deps, actor, before, after);
  await recordEvent(tx, deps, actor, id, before.status, body.to, check.signer, body.reason, {
    ...(body.cancelReason ? { cancelReason: body.cancelReason } : {}),
    ...(responsibleName ? { responsible: responsibleName } : {}),
    ...(patch.archiveNo ? { archiveNo: patch.archiveNo } : {}),
  });
  const org = await getOrgById(tx, after.orgId);
  await recordAudit(tx, actor, deps.clock, {
    action: `registry.household.${body.to === 'approved' && before.status === 'exited' ? 'reopen' : body.to}`,
    entityType: 'household',
    entityId: id,
    orgPath: org?.path,
    regionCode: after.regionCode,
    before: { status: before.status, archiveNo: before.archiveNo },
    after: { status: after.status, archiveNo: after.archiveNo, reason: body.reason, cancelReason: body.cancelReason ?? null },
  });
  return getHousehold(tx, deps, actor, id);
}

// ─────────────── reading ───────────────

function memberDto(m: MemberRow, deps: Deps, today: string) {
  return {
    id: m.id,
    name: m.name,
    relation: m.relation as HouseholdDto['members'][number]['relation'],
    idNumber: maskIdNumber(deps.cipher.decrypt(m.idNumberEnc))!,
    phone: m.phoneEnc ? maskPhone(deps.cipher.decrypt(m.phoneEnc)) : null,
    sex: m.sex as 'male' | 'female',
    birthDate: m.birthDate,
    age: ageOn(m.birthDate, today),
    health: m.health as HouseholdDto['members'][number]['health'],
    disabilityGrade: m.disabilityGrade,
    schoolingStage: m.schoolingStage as HouseholdDto['members'][number]['schoolingStage'],
    employment: m.employment as HouseholdDto['members'][number]['employment'],
    monthlyIncomeFen: (m.monthlyIncomeFen ?? {}) as Record<string, number>,
  };
}

/** The columns a list item is built from (the list reads only these). */
export type ListRow = Pick<
  HouseholdRow,
  | 'id' | 'archiveNo' | 'status' | 'orgId' | 'regionCode' | 'address' | 'workerName' | 'employer' | 'unionMember' | 'housing' | 'housingArea'
  | 'receivesDibao' | 'dibaoCertificateNo' | 'size' | 'annualIncomeFen' | 'otherAnnualIncomeFen' | 'medicalOutOfPocketFen' | 'schoolingSpendingFen'
  | 'disasterLossFen' | 'primaryCause' | 'secondaryCauses' | 'flags' | 'bankName' | 'bankAccountEnc' | 'bankAccountMasked' | 'category' | 'level' | 'students'
  | 'seriousIllness' | 'cancelReason' | 'version' | 'createdAt' | 'updatedAt'
>;

/**
 * The masked bank account of a ciphertext, remembered for the next page that shows the same file (lists show the same
 * first pages over and over; each value costs a decryption). Only masked values are kept, keyed by the ciphertext
 * (which a new account changes) per cipher (so per key), at most MASK_CACHE_SIZE of them.
 */
const MASK_CACHE_SIZE = 20_000;
const maskedBankAccounts = new WeakMap<Deps['cipher'], Map<string, string | null>>();
function maskedBankAccount(enc: string, deps: Deps): string | null {
  let cache = maskedBankAccounts.get(deps.cipher);
  if (!cache) maskedBankAccounts.set(deps.cipher, (cache = new Map()));
  const hit = cache.get(enc);
  if (hit !== undefined) return hit;
  const masked = maskBankAccount(deps.cipher.decrypt(enc));
  if (cache.size >= MASK_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(enc, masked);
  return masked;
}

/** One item of the list, field by field in the order of the contract (the list route writes it as it is). */
export function listItem(h: ListRow, orgName: string, deps: Deps): HouseholdListItem {
  return {
    id: h.id,
    archiveNo: h.archiveNo,
    status: h.status,
    orgId: h.orgId,
    orgName,
    regionCode: h.regionCode,
    regionName: divisionName(h.regionCode),
    address: h.address,
    workerName: h.workerName,
    employer: h.employer,
    unionMember: h.unionMember,
    housing: h.housing as HouseholdListItem['housing'],
    housingArea: h.housingArea,
    receivesDibao: h.receivesDibao,
    dibaoCertificateNo: h.dibaoCertificateNo,
    size: h.size,
    annualIncomeFen: h.annualIncomeFen,
    otherAnnualIncomeFen: h.otherAnnualIncomeFen,
    medicalOutOfPocketFen: h.medicalOutOfPocketFen,
    schoolingSpendingFen: h.schoolingSpendingFen,
    disasterLossFen: h.disasterLossFen,
    rigidSpendingFen: h.medicalOutOfPocketFen + h.schoolingSpendingFen + h.disasterLossFen,
    primaryCause: h.primaryCause as HouseholdListItem['primaryCause'],
    secondaryCauses: h.secondaryCauses as HouseholdListItem['secondaryCauses'],
    flags: h.flags as HouseholdListItem['flags'],
    bankName: h.bankName,
    // stored masked since migration 0010; a file written before it is masked from its ciphertext
    bankAccount: h.bankAccountMasked ?? (h.bankAccountEnc ? maskedBankAccount(h.bankAccountEnc, deps) : null),
    category: h.category,
    level: h.level,
    students: h.students,
    seriousIllness: h.seriousIllness,
    cancelReason: h.cancelReason as HouseholdListItem['cancelReason'],
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function getHousehold(db: Db, deps: Deps, actor: Actor, id: string): Promise<HouseholdDto> {
  const h = await loadInScope(db, actor, id);
  const org = await getOrgById(db, h.orgId);
  const ms = await db.select().from(members).where(eq(members.householdId, id)).orderBy(asc(members.position));
  const [latest] = await db.select().from(fourLooksAssessments).where(eq(fourLooksAssessments.householdId, id)).orderBy(desc(fourLooksAssessments.visitDate), desc(fourLooksAssessments.assessedAt)).limit(1);
  const names = await userNames(db, [h.registeredBy, h.investigatedBy, h.reviewedBy, h.responsibleBy].filter((x): x is string => !!x));
  const signer = (uid: string | null, at: Date | null) => (uid ? { userId: uid, name: names.get(uid) ?? '', at: (at ?? h.createdAt).toISOString() } : null);
  const today = shanghaiDate(deps.clock.now());
  const allowed = transitionsFrom(h.status).filter(
    (to) =>
      checkTransition({ from: h.status, to, actorUserId: actor.userId, canWrite: actor.permissions.has(Permission.RegistryWrite), canReview: canReview(actor), registeredBy: h.registeredBy, investigatedBy: h.investigatedBy, category: h.category, cancelReason: 'x' }).ok,
  );
  // a file with an open verification task is verified only by the signed visit
  if (allowed.includes('verified') && (await hasOpenVerificationTask(db, h.id))) allowed.splice(allowed.indexOf('verified'), 1);
  return {
    ...listItem(h, org?.name ?? '', deps),
    identification: identificationView(h.identification, {
      receivesDibao: h.receivesDibao,
      size: h.size,
      annualIncomeFen: h.annualIncomeFen,
      annualRigidSpendingFen: h.medicalOutOfPocketFen + h.schoolingSpendingFen + h.disasterLossFen,
    }),
    fourLooksLatest: latest ? { visitDate: latest.visitDate, totalScore: latest.totalScore, answers: latest.answers as Record<string, string> } : null,
    allowedTransitions: allowed,
    signers: {
      registeredBy: signer(h.registeredBy, h.registeredAt),
      investigatedBy: signer(h.investigatedBy, h.investigatedAt),
      reviewedBy: signer(h.reviewedBy, h.reviewedAt),
      responsible: signer(h.responsibleBy, h.responsibleAt),
    },
    members: ms.map((m) => memberDto(m, deps, today)),
  };
}

export async function householdHistory(db: Db, actor: Actor, id: string) {
  await loadInScope(db, actor, id);
  const events = await db.select().from(householdEvents).where(eq(householdEvents.householdId, id)).orderBy(asc(householdEvents.at), asc(householdEvents.id));
  return {
    items: events.map((e) => ({ fromStatus: e.fromStatus, toStatus: e.toStatus, signerRole: e.signerRole, actorName: e.actorName, reason: e.reason, details: e.details ?? null, at: e.at.toISOString() })),
    audit: await auditTrailOf(db, 'household', id),
  };
}

export async function revealMember(tx: Tx, deps: Deps, actor: Actor, householdId: string, memberId: string, fields: Array<'idNumber' | 'phone'>, reason: string) {
  const h = await loadInScope(tx, actor, householdId);
  const [m] = await tx.select().from(members).where(and(eq(members.id, memberId), eq(members.householdId, householdId)));
  if (!m) throw notFound('member');
  const out: { idNumber?: string | null; phone?: string | null } = {};
  if (fields.includes('idNumber')) out.idNumber = deps.cipher.decrypt(m.idNumberEnc);
  if (fields.includes('phone')) out.phone = m.phoneEnc ? deps.cipher.decrypt(m.phoneEnc) : null;
  const org = await getOrgById(tx, h.orgId);
  await recordAudit(tx, actor, deps.clock, { action: 'pii.reveal', entityType: 'household', entityId: householdId, orgPath: org?.path, regionCode: h.regionCode, after: { memberId, fields, reason } });
  return out;
}

/** For other modules: a household in the actor's scope (404 otherwise), with its owning org's path. */
export async function householdInScope(db: Db, actor: Actor, id: string): Promise<HouseholdRow & { orgPath: string }> {
  const h = await loadInScope(db, actor, id);
  const org = await getOrgById(db, h.orgId);
  return { ...h, orgPath: org?.path ?? '' };
}
