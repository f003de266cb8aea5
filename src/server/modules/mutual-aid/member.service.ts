import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { MemberStatus, Scheme } from '../../../contracts/mutual-aid';
import type { EnrolmentDto, EnrolmentStatus, MemberDto, MemberInput, MemberListQuery, MemberUpdateInput } from '../../../contracts/mutual-aid-enrolment';
import { recordAudit } from '../../platform/audit/audit.service';
import { shanghaiDate } from '../../platform/dates';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { validateIdNumber } from '../../platform/pii/idcard';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask';
import { households } from '../registry/household.table';
import { members as householdMembers } from '../registry/member.table';
import { currentPeriod } from './enrolment-period.service';
import { enrolPlans } from './enrolment.service';
import { type MutualAidEnrolmentRow, type MutualAidMemberRow, mutualAidEnrolments as enrolments, mutualAidMembers as members } from './member.table';
import { publishedVersions } from './scheme.service';
import { inUnitScope, loadUnit, maskedUnitName } from './unit.service';
import { mutualAidUnits as units } from './unit.table';

registerEntityName('mutual_aid_member', '互助会员', 'Mutual-aid member');
registerEntityName('mutual_aid_enrolment', '参加计划', 'Plan opt-in');

/**
 * 互助会员 Members: a worker enrolled in a scheme through a member unit. The ID number is kept encrypted with a blind
 * index (as the registry keeps its members), sex and birth date read from it; one person is a member of a scheme once
 * (the unique index mutual_aid_members_person_uq), and a second enrolment is refused naming the other unit — masked
 * when it is outside the actor's scope, and never with the person's data.
 */

const ENTITY = 'mutual_aid_member';

export const ID_PROBLEM_TEXT = {
  format: { zh: '身份证号应为 18 位（末位可为 X）', en: 'an ID number has 18 characters (the last may be X)' },
  birth_date: { zh: '身份证号中的出生日期无效', en: 'the birth date inside the ID number is invalid' },
  checksum: { zh: '身份证号校验位错误（GB 11643）', en: 'the ID number’s check digit is wrong (GB 11643)' },
} as const;

/** The normalized ID number, or a 400 naming the problem in both languages. Nothing is written before it. */
export function checkIdNumber(raw: string, field = 'idNumber') {
  const v = validateIdNumber(raw.normalize('NFKC').replace(/\s+/g, ''));
  if (!v.ok) {
    const m = ID_PROBLEM_TEXT[v.problem];
    throw new AppError(400, 'VALIDATION_FAILED', { fields: `${field}（${m.zh}）`, fieldsEn: `${field} (${m.en})` }, [{ path: field, code: `id_${v.problem}`, message: m.en, messageZh: m.zh }]);
  }
  return v.info;
}

// ─────────────── hardship status (registry) ───────────────

/**
 * The blind indexes (of those given) of people in a household file whose status is approved now: those members are
 * `hardship` (困难职工) for a bill issued today. The claims module takes the status on the event date instead.
 */
export async function currentHardship(db: Db | Tx, bidxs: readonly string[]): Promise<Set<string>> {
  const list = [...new Set(bidxs)];
  const out = new Set<string>();
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    const rows = await db
      .selectDistinct({ bidx: householdMembers.idNumberBidx })
      .from(householdMembers)
      .innerJoin(households, eq(households.id, householdMembers.householdId))
      .where(and(inArray(householdMembers.idNumberBidx, chunk), eq(households.status, 'approved')));
    for (const r of rows) out.add(r.bidx);
  }
  return out;
}

export async function memberStatusNow(db: Db | Tx, idNumberBidx: string): Promise<MemberStatus> {
  return (await currentHardship(db, [idNumberBidx])).has(idNumberBidx) ? 'hardship' : 'ordinary';
}

// ─────────────── reading ───────────────

/** Plan names of a scheme by code (the latest published version that has the plan). */
export async function planNames(db: Db | Tx, schemeCode: string): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  for (const v of await publishedVersions(db, schemeCode)) for (const p of (v.scheme as Scheme).plans) out.set(p.code, p.name);
  return out;
}

export function enrolmentDto(e: MutualAidEnrolmentRow, names: Map<string, { zh: string; en: string }>): EnrolmentDto {
  return {
    id: e.id,
    memberId: e.memberId,
    planCode: e.planCode,
    planName: names.get(e.planCode) ?? null,
    period: e.period,
    validFrom: e.validFrom,
    validTo: e.validTo,
    status: e.status as EnrolmentStatus,
    paidAt: e.paidAt ? e.paidAt.toISOString() : null,
    covered: e.status === 'active' && e.paidAt !== null,
    createdAt: e.createdAt.toISOString(),
  };
}

function toDto(deps: Pick<Deps, 'cipher'>, m: MutualAidMemberRow, unitName: string, status: MemberStatus, es: EnrolmentDto[]): MemberDto {
  return {
    id: m.id,
    unitId: m.unitId,
    unitName,
    schemeCode: m.schemeCode,
    name: m.name,
    idNumber: maskIdNumber(deps.cipher.decrypt(m.idNumberEnc))!,
    phone: m.phoneEnc ? maskPhone(deps.cipher.decrypt(m.phoneEnc)) : null,
    sex: m.sex as 'male' | 'female',
    birthDate: m.birthDate,
    status,
    enrolments: es,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A member in the actor's scope (by the unit's org path), optionally locked (opt-ins lock it). */
export async function loadMember(db: Db | Tx, actor: Actor, id: string, lock = false): Promise<MutualAidMemberRow> {
  const q = db
    .select()
    .from(members)
    .where(and(eq(members.id, id), sql`${members.orgPath} like ${likePrefix(actor.orgPath)}`));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound(ENTITY);
  return row;
}

/** One member with the opt-ins of every period (newest first). */
export async function getMember(db: Db | Tx, deps: Pick<Deps, 'cipher'>, actor: Actor, id: string): Promise<MemberDto> {
  const m = await loadMember(db, actor, id);
  const [u] = await db.select({ name: units.name }).from(units).where(eq(units.id, m.unitId));
  const es = await db.select().from(enrolments).where(eq(enrolments.memberId, id)).orderBy(desc(enrolments.period), asc(enrolments.planCode), asc(enrolments.createdAt));
  const names = await planNames(db, m.schemeCode);
  return toDto(deps, m, u?.name ?? '', await memberStatusNow(db, m.idNumberBidx), es.map((e) => enrolmentDto(e, names)));
}

/** The opt-ins of one member (every period, newest first). */
export async function memberEnrolments(db: Db | Tx, actor: Actor, id: string): Promise<{ items: EnrolmentDto[] }> {
  const m = await loadMember(db, actor, id);
  const es = await db.select().from(enrolments).where(eq(enrolments.memberId, id)).orderBy(desc(enrolments.period), asc(enrolments.planCode), asc(enrolments.createdAt));
  const names = await planNames(db, m.schemeCode);
  return { items: es.map((e) => enrolmentDto(e, names)) };
}

/**
 * The members of a unit by name (ID numbers masked) with their opt-ins of one period (default: the current one),
 * each marked covered or not, and the hardship status the registry shows today.
 */
export async function listMembers(db: Db, deps: Deps, actor: Actor, unitId: string, f: MemberListQuery): Promise<{ items: MemberDto[]; nextCursor: string | null; period: number }> {
  const unit = await loadUnit(db, actor, unitId);
  const period = f.period ?? (await currentPeriod(db, unit.schemeCode, shanghaiDate(deps.clock.now())));
  const conds: SQL[] = [eq(members.unitId, unitId)];
  const q = f.q?.trim();
  if (q) {
    if (/^\d{17}[\dXx]$/.test(q)) conds.push(eq(members.idNumberBidx, deps.cipher.blindIndex('id', q.toUpperCase())));
    else conds.push(sql`${members.name} like ${likePrefix(q)}`);
  }
  const c = decodeCursor<{ n: string; id: string }>(f.cursor);
  if (c) {
    if (typeof c.n !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor（无效的分页游标）', fieldsEn: 'cursor (invalid)' });
    conds.push(sql`(${members.name}, ${members.id}) > (${c.n}, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(members)
    .where(and(...conds))
    .orderBy(asc(members.name), asc(members.id))
    .limit(f.limit + 1);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const ids = page.map((m) => m.id);
  const es = ids.length
    ? await db
        .select()
        .from(enrolments)
        .where(and(inArray(enrolments.memberId, ids), eq(enrolments.period, period)))
        .orderBy(asc(enrolments.planCode), asc(enrolments.createdAt))
    : [];
  const names = await planNames(db, unit.schemeCode);
  const hardship = await currentHardship(
    db,
    page.map((m) => m.idNumberBidx),
  );
  const byMember = new Map<string, EnrolmentDto[]>();
  for (const e of es) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), enrolmentDto(e, names)]);
  const last = page.at(-1);
  return {
    items: page.map((m) => toDto(deps, m, unit.name, hardship.has(m.idNumberBidx) ? 'hardship' : 'ordinary', byMember.get(m.id) ?? [])),
    nextCursor: more && last ? encodeCursor({ n: last.name, id: last.id }) : null,
    period,
  };
}

// ─────────────── duplicates ───────────────

/** The member of a scheme with this ID (blind index), with the path of their unit, if any. */
export async function memberOfScheme(db: Db | Tx, schemeCode: string, bidx: string) {
  const [row] = await db
    .select({ id: members.id, unitId: members.unitId, unitName: units.name, orgPath: units.orgPath })
    .from(members)
    .innerJoin(units, eq(units.id, members.unitId))
    .where(and(eq(members.schemeCode, schemeCode), eq(members.idNumberBidx, bidx)));
  return row;
}

/** How the other unit of a duplicate is named to this actor: by name in scope, masked outside it. */
export function otherUnitText(actor: Actor, other: { unitName: string; orgPath: string }): string {
  return inUnitScope(actor, other.orgPath) ? other.unitName : maskedUnitName(other.unitName);
}

export function duplicateConflict(actor: Actor, unitId: string, other: { id: string; unitId: string; unitName: string; orgPath: string }): AppError {
  const visible = inUnitScope(actor, other.orgPath);
  if (other.unitId === unitId) {
    return conflict('此人已是本单位的会员，无需重复添加', 'this person is already a member of this unit', { field: 'idNumber', memberId: other.id, unitId });
  }
  const name = otherUnitText(actor, other);
  return conflict(`此人已是本方案另一会员单位“${name}”的会员；一人在一个方案中只能参加一次`, `this person is already a member of another unit of the scheme ("${name}"); a person joins a scheme once`, {
    field: 'idNumber',
    unitName: name,
    ...(visible ? { unitId: other.unitId } : {}),
  });
}

// ─────────────── writing ───────────────

const auditView = (m: Pick<MutualAidMemberRow, 'unitId' | 'schemeCode' | 'name' | 'sex' | 'birthDate'>, idNumber?: string, phone?: string | null) => ({
  unitId: m.unitId,
  schemeCode: m.schemeCode,
  name: m.name,
  ...(idNumber ? { idNumber } : {}),
  ...(phone !== undefined ? { phone } : {}),
  sex: m.sex,
  birthDate: m.birthDate,
});

/** The member row for a person of a unit (not written). */
export function memberRow(deps: Pick<Deps, 'cipher' | 'clock'>, actor: Actor, unit: { id: string; schemeCode: string; orgPath: string }, p: { name: string; idNumber: string; phone?: string | null }): MutualAidMemberRow {
  const info = checkIdNumber(p.idNumber);
  const now = deps.clock.now();
  return {
    id: uuidv7(),
    schemeCode: unit.schemeCode,
    unitId: unit.id,
    orgPath: unit.orgPath,
    name: p.name,
    idNumberEnc: deps.cipher.encrypt(info.normalized),
    idNumberBidx: deps.cipher.blindIndex('id', info.normalized),
    sex: info.sex,
    birthDate: info.birthDate,
    phoneEnc: p.phone ? deps.cipher.encrypt(p.phone) : null,
    phoneBidx: p.phone ? deps.cipher.blindIndex('phone', p.phone) : null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Adds one person to a unit (ID number checked by its check digit before anything is written), optionally opting
 * them into plans for a period in the same transaction. 409 when the person is already a member of the scheme.
 */
export async function addMember(tx: Tx, deps: Deps, actor: Actor, unitId: string, input: MemberInput): Promise<MemberDto> {
  const info = checkIdNumber(input.idNumber);
  const unit = await loadUnit(tx, actor, unitId);
  if (unit.status !== 'active') throw conflict('会员单位已退出，不能再添加会员', 'the unit is closed; no members can be added');
  const row = memberRow(deps, actor, unit, { name: input.name, idNumber: info.normalized, phone: input.phone });
  const other = await memberOfScheme(tx, unit.schemeCode, row.idNumberBidx);
  if (other) throw duplicateConflict(actor, unit.id, other);
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(members).values(row);
    });
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_members_person_uq') {
      const o = await memberOfScheme(tx, unit.schemeCode, row.idNumberBidx);
      if (o) throw duplicateConflict(actor, unit.id, o);
    }
    throw e;
  }
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.member.create', entityType: ENTITY, entityId: row.id, orgPath: unit.orgPath, after: auditView(row, info.normalized, input.phone ?? null) });
  if (input.enrol) await enrolPlans(tx, deps, actor, row.id, input.enrol);
  return getMember(tx, deps, actor, row.id);
}

/** Edits a member's name or phone (null clears it). The ID number is the person and never changes. */
export async function updateMember(tx: Tx, deps: Deps, actor: Actor, id: string, input: MemberUpdateInput): Promise<MemberDto> {
  const before = await loadMember(tx, actor, id, true);
  const patch: Partial<MutualAidMemberRow> = { updatedAt: deps.clock.now() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.phone !== undefined) {
    patch.phoneEnc = input.phone ? deps.cipher.encrypt(input.phone) : null;
    patch.phoneBidx = input.phone ? deps.cipher.blindIndex('phone', input.phone) : null;
  }
  const [after] = await tx.update(members).set(patch).where(eq(members.id, id)).returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'mutual_aid.member.update',
    entityType: ENTITY,
    entityId: id,
    orgPath: before.orgPath,
    before: { name: before.name, phone: before.phoneEnc ? deps.cipher.decrypt(before.phoneEnc) : null },
    after: { name: after!.name, phone: input.phone === undefined ? undefined : input.phone },
  });
  return getMember(tx, deps, actor, id);
}
