import { and, asc, eq } from 'drizzle-orm';
import type { EnrolInput, EnrolmentDto, EnrolResultDto } from '../../../contracts/mutual-aid-enrolment';
import { recordAudit } from '../../platform/audit/audit.service';
import { violatedConstraint } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, validation } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { refreshBill } from './contribution.service';
import { type SchemePeriod, schemePeriod } from './enrolment-period.service';
import { planChoice } from './enrolment.rules';
import { enrolmentDto, loadMember, planNames } from './member.service';
import { type MutualAidEnrolmentRow, type MutualAidMemberRow, mutualAidEnrolments as enrolments } from './member.table';
import { mutualAidUnits as units } from './unit.table';

/**
 * 参加计划 Plan opt-ins: a member joins plans for one scheme period. The opt-in runs over the period's bounds, the plan
 * must be one of the version in force at the period's start, and a member holds at most maxPlansPerMember active
 * opt-ins in a period (the member row is locked, so two opt-ins at once cannot exceed it). An opt-in covers only once
 * the unit's bill that includes it is settled (paid_at); until then it may be cancelled. When the unit already has a
 * bill for the period, the bill follows the opt-ins (recomputed in the same transaction).
 */

export interface EnrolOptions {
  /** Recompute the unit's existing bill of the period (default). The import does it once at the end instead. */
  refreshBill?: boolean;
  /** The period's scheme version, when the caller has it already (the import). */
  schemePeriod?: SchemePeriod;
}

export function tooManyPlans(max: number, have: number, total: number) {
  return conflict(`每人每年度最多参加 ${max} 个计划（已参加 ${have} 个，加上本次共 ${total} 个）`, `a member joins at most ${max} plans a period (${have} already, ${total} with these)`, {
    field: 'planCodes',
    maxPlansPerMember: max,
    active: have,
    requested: total,
  });
}

async function periodEnrolments(tx: Tx, memberId: string, period: number): Promise<MutualAidEnrolmentRow[]> {
  return tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.memberId, memberId), eq(enrolments.period, period)))
    .orderBy(asc(enrolments.planCode), asc(enrolments.createdAt));
}

/** Writes the opt-ins of a locked member (checked by the caller or here); returns the plans added. */
export async function addOptIns(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, member: MutualAidMemberRow, sp: SchemePeriod, planCodes: readonly string[]): Promise<string[]> {
  const known = new Set(sp.scheme.plans.map((p) => p.code));
  const unknown = planCodes.filter((c) => !known.has(c));
  if (unknown.length) {
    const options = sp.scheme.plans.map((p) => `${p.code} ${p.name.zh}`).join('、');
    throw validation('planCodes', `方案 ${sp.version.code} 第 ${sp.version.version} 版没有计划 ${unknown.join('、')}（可选：${options}）`, `version ${sp.version.version} of scheme ${sp.version.code} has no plan ${unknown.join(', ')} (options: ${sp.scheme.plans.map((p) => p.code).join(', ')})`);
  }
  const active = (await periodEnrolments(tx, member.id, sp.period)).filter((e) => e.status === 'active').map((e) => e.planCode);
  const choice = planChoice(active, planCodes, sp.scheme.maxPlansPerMember);
  if (choice.tooMany) throw tooManyPlans(sp.scheme.maxPlansPerMember!, active.length, choice.total);
  if (choice.added.length === 0) return [];
  const now = deps.clock.now();
  try {
    await tx.transaction(async (s) => {
      await s.insert(enrolments).values(
        choice.added.map((planCode) => ({
          id: uuidv7(),
          memberId: member.id,
          unitId: member.unitId,
          schemeCode: member.schemeCode,
          planCode,
          period: sp.period,
          validFrom: sp.validFrom,
          validTo: sp.validTo,
          status: 'active',
          paidAt: null,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })),
      );
    });
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_enrolments_once_uq') throw conflict('该会员刚被他人加入了同一计划，请刷新后重试', 'the member was just opted into the same plan by someone else; reload and retry');
    throw e;
  }
  return choice.added;
}

/**
 * Opts a member into plans for a period (plans already held are kept, not repeated). 404 out of scope; 400 for a
 * plan the period's version does not have; 409 for a closed unit, a period no version is in force for, or more than
 * maxPlansPerMember plans.
 */
export async function enrolPlans(tx: Tx, deps: Deps, actor: Actor, memberId: string, input: EnrolInput, opts: EnrolOptions = {}): Promise<EnrolResultDto> {
  const member = await loadMember(tx, actor, memberId, true);
  const [unit] = await tx.select({ status: units.status, orgPath: units.orgPath }).from(units).where(eq(units.id, member.unitId));
  if (!unit || unit.status !== 'active') throw conflict('会员单位已退出，不能再参加计划', 'the unit is closed; no one can join plans through it');
  const sp = opts.schemePeriod ?? (await schemePeriod(tx, member.schemeCode, input.period));
  const planCodes = [...new Set(input.planCodes.map((c) => c.trim()))];
  const added = await addOptIns(tx, deps, actor, member, sp, planCodes);
  if (added.length > 0) {
    await recordAudit(tx, actor, deps.clock, {
      action: 'mutual_aid.enrolment.create',
      entityType: 'mutual_aid_member',
      entityId: member.id,
      orgPath: member.orgPath,
      after: { period: sp.period, plans: added, validFrom: sp.validFrom, validTo: sp.validTo, schemeVersion: sp.version.version },
    });
    if (opts.refreshBill !== false) await refreshBill(tx, deps, actor, member.unitId, sp.period);
  }
  const names = await planNames(tx, member.schemeCode);
  return { period: sp.period, added, enrolments: (await periodEnrolments(tx, member.id, sp.period)).map((e) => enrolmentDto(e, names)) };
}

/**
 * Cancels an opt-in while it is unpaid (a paid opt-in covers the member and stays). The unit's bill of the period is
 * recomputed; refused when that would take it below what was already paid.
 */
export async function cancelEnrolment(tx: Tx, deps: Deps, actor: Actor, enrolmentId: string): Promise<EnrolmentDto> {
  const [e0] = await tx.select({ memberId: enrolments.memberId }).from(enrolments).where(eq(enrolments.id, enrolmentId));
  if (!e0) throw notFound('mutual_aid_enrolment');
  const member = await loadMember(tx, actor, e0.memberId, true).catch(() => {
    throw notFound('mutual_aid_enrolment');
  });
  const [e] = await tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
  if (e!.status !== 'active') throw conflict('该参加计划已撤销', 'the opt-in is already cancelled');
  if (e!.paidAt) throw conflict('该参加计划已缴费、已在保障中，不能撤销', 'the opt-in is paid for and covers the member; it cannot be cancelled');
  const [after] = await tx.update(enrolments).set({ status: 'cancelled', updatedAt: deps.clock.now() }).where(eq(enrolments.id, enrolmentId)).returning();
  await refreshBill(tx, deps, actor, e!.unitId, e!.period);
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.enrolment.cancel', entityType: 'mutual_aid_member', entityId: member.id, orgPath: member.orgPath, before: { planCode: e!.planCode, period: e!.period, status: 'active' }, after: { status: 'cancelled' } });
  return enrolmentDto(after!, await planNames(tx, member.schemeCode));
}
