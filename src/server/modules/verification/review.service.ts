import type { ChainDto, DecisionBody, ReviewDto } from '../../../contracts/verification';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { getHousehold, transitionHousehold } from '../registry/household.service';
import { diffReportAndVisit } from './review.rules';
import { tasksOfHousehold } from './task.service';
import { visitsOfHousehold } from './visit.service';

/** The reviewer's page: the file as reported, the latest signed visit, the differences, and whether the visit is stale. */
export async function getReview(db: Db, deps: Deps, actor: Actor, householdId: string): Promise<ReviewDto> {
  const household = await getHousehold(db, deps, actor, householdId);
  const [visit] = await visitsOfHousehold(db, householdId);
  const worker = household.members.find((m) => m.relation === 'self');
  const diff = visit
    ? diffReportAndVisit(
        {
          size: household.size,
          annualIncomeFen: household.annualIncomeFen,
          housing: household.housing,
          category: household.category,
          level: household.level,
          seriousIllness: household.seriousIllness,
          employment: worker?.employment ?? null,
          fourLooksTotal: household.fourLooksLatest?.totalScore ?? null,
        },
        {
          size: visit.found.size,
          annualIncomeFen: visit.found.annualIncomeFen,
          housing: visit.found.housing,
          category: visit.recommendation.category,
          level: visit.recommendation.level,
          illness: !!(visit.checklist as { illness?: { any?: boolean } }).illness?.any,
          workSituation: (visit.checklist as { work?: { situation?: string } }).work?.situation ?? '',
          fourLooksTotal: visit.fourLooks.total,
        },
      )
    : [];
  const stale = !!visit && household.status === 'verified' && household.version !== visit.householdVersion;
  return { household, visit: visit ?? null, diff, stale, tasks: await tasksOfHousehold(db, householdId) };
}

/**
 * 审核: approve (archive number, plan), reject (cancel with a reason) or send back for a second visit (a new task).
 * Goes through the registry's lifecycle: the row lock and the version make two reviewers' decisions one after the
 * other, the second answered 409; a file changed since its visit asks for re-verification (409).
 */
export async function decide(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: DecisionBody) {
  const base = { reason: body.reason, version: body.version };
  if (body.decision === 'approve') await transitionHousehold(tx, deps, actor, householdId, { ...base, to: 'approved', responsibleUserId: body.responsibleUserId });
  else if (body.decision === 'reject') await transitionHousehold(tx, deps, actor, householdId, { ...base, to: 'cancelled', cancelReason: body.cancelReason ?? 'ineligible' });
  else await transitionHousehold(tx, deps, actor, householdId, { ...base, to: 'submitted' });
  return getReview(tx, deps, actor, householdId);
}

/** 谁调查、谁登记、谁审核、谁负责: the signers of a file with times, and its signed visits. */
export async function householdChain(db: Db, deps: Deps, actor: Actor, householdId: string): Promise<ChainDto> {
  const h = await getHousehold(db, deps, actor, householdId);
  const visits = await visitsOfHousehold(db, householdId);
  const inv = h.signers.investigatedBy;
  const byInv = inv ? visits.find((v) => v.investigator.userId === inv.userId) : undefined;
  return {
    registered: h.signers.registeredBy,
    investigated: inv ? { ...inv, visitId: byInv?.id ?? null, contentHash: byInv?.signature.contentHash ?? null, hashValid: byInv ? byInv.signature.hashValid : null } : null,
    reviewed: h.signers.reviewedBy,
    responsible: h.signers.responsible,
    visits: visits.map((v) => ({ id: v.id, round: v.round, investigatorName: v.investigator.name, visitDate: v.visitDate, signedAt: v.signature.signedAt, contentHash: v.signature.contentHash })),
  };
}
