import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { CancelBody, ExitAssessmentDto, ExitBody, ExitCandidateDto, ExitCandidatesQuery, ExitRuleDto, PutExitRuleBody } from '../../../contracts/dynamic';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { type Actor, isSystem } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { division, divisionName } from '../orgs/division';
import { getOrgById } from '../orgs/org.service';
import { lineFor } from '../registry/dibao-line.service';
import { householdInScope, householdScope, transitionHousehold } from '../registry/household.service';
import { households } from '../registry/household.table';
import { measures } from '../registry/plan.table';
import { annualReviewItems } from './annual-review.table';
import { addMonths, assessExit, type NearLine, requiredMonthsFor } from './exit-rule.rules';
import { type ExitRuleRow, exitRuleSettings } from './exit-rule.table';
import { currentMonth, incomesOf } from './income.service';

registerEntityName('exit_rule', '脱困规则', 'Exit rule');

// ───────────── settings: N per region ─────────────

function ruleDto(r: ExitRuleRow): ExitRuleDto {
  return { regionCode: r.regionCode, regionName: divisionName(r.regionCode), consecutiveMonths: r.consecutiveMonths, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy };
}

export async function listExitRules(db: Db): Promise<ExitRuleDto[]> {
  return (await db.select().from(exitRuleSettings).orderBy(asc(exitRuleSettings.regionCode))).map(ruleDto);
}

/** Sets N for a region inside the actor's division (registry.configure). */
export async function putExitRule(tx: Tx, deps: Deps, actor: Actor, body: PutExitRuleBody): Promise<ExitRuleDto> {
  if (!division(body.regionCode)) throw validation('regionCode', '未知的行政区划代码', 'unknown division code');
  if (!isSystem(actor) && (!actor.divisionCode || !body.regionCode.startsWith(actor.divisionCode))) throw notFound('exit_rule');
  const [before] = await tx.select().from(exitRuleSettings).where(eq(exitRuleSettings.regionCode, body.regionCode)).for('update');
  const values = { consecutiveMonths: body.consecutiveMonths, updatedAt: deps.clock.now(), updatedBy: actor.username };
  const [row] = before
    ? await tx.update(exitRuleSettings).set(values).where(eq(exitRuleSettings.id, before.id)).returning()
    : await tx
        .insert(exitRuleSettings)
        .values({ id: uuidv7(), regionCode: body.regionCode, ...values })
        .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: before ? 'dynamic.exit_rule.update' : 'dynamic.exit_rule.create',
    entityType: 'exit_rule',
    entityId: row.id,
    orgPath: actor.orgPath,
    regionCode: row.regionCode,
    before: before ?? null,
    after: row,
  });
  return ruleDto(row);
}

// ───────────── assessment ─────────────

/** Looks up everything the rule needs (lines per region and year, N per region) with a cache for one request. */
function assessor(db: Db, deps: Deps, settings: ExitRuleRow[]) {
  const lines = new Map<string, Promise<NearLine | null>>();
  const lineOfRegion = (region: string, year: number) => {
    const k = `${region}:${year}`;
    if (!lines.has(k)) lines.set(k, lineFor(db, region, year).then((l) => (l ? { dibaoLineFen: l.dibaoLineFen, nearDibaoMultiplierBp: l.nearDibaoMultiplierBp } : null)));
    return lines.get(k)!;
  };
  const asOf = currentMonth(deps);
  return {
    asOf,
    async assess(h: { regionCode: string }, incomes: Array<{ month: string; perCapitaIncomeFen: number }>, openMeasures: number): Promise<ExitAssessmentDto> {
      const years = new Set([Number(asOf.slice(0, 4)), ...incomes.map((i) => Number(i.month.slice(0, 4)))]);
      const resolved = new Map<number, NearLine | null>();
      for (const y of years) resolved.set(y, await lineOfRegion(h.regionCode, y));
      return assessExit({ asOfMonth: asOf, incomes, lineOf: (y) => resolved.get(y) ?? null, requiredMonths: requiredMonthsFor(settings, h.regionCode), openMeasures });
    },
  };
}

/** How far back the rule looks: N is at most 36 months. */
const LOOKBACK_MONTHS = 40;

async function openMeasureCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ householdId: measures.householdId, n: sql<number>`count(*)::int` })
    .from(measures)
    .where(and(inArray(measures.householdId, ids), inArray(measures.status, ['planned', 'in_progress'])))
    .groupBy(measures.householdId);
  return new Map(rows.map((r) => [r.householdId, Number(r.n)]));
}

export async function assessHousehold(db: Db, deps: Deps, actor: Actor, householdId: string): Promise<ExitAssessmentDto> {
  const h = await householdInScope(db, actor, householdId);
  const a = assessor(db, deps, await db.select().from(exitRuleSettings));
  const incomes = (await incomesOf(db, [h.id], addMonths(a.asOf, -LOOKBACK_MONTHS))).get(h.id) ?? [];
  return a.assess(h, incomes, (await openMeasureCounts(db, [h.id])).get(h.id) ?? 0);
}

async function orgFilter(db: Db, actor: Actor, orgId: string | undefined): Promise<SQL | undefined> {
  if (!orgId) return undefined;
  const org = await getOrgById(db, orgId);
  if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
  return sql`${households.orgId} in (select o.id from orgs o where o.path like ${likePrefix(org.path)})`;
}
export { orgFilter as householdOrgFilter };

/**
 * 解困脱困 candidates in the actor's scope: approved files whose income history meets the rule, and files an annual
 * review proposed to exit (marked `proposed`, with the rule's view beside). Keyset pages by household id; the rule
 * is evaluated on batches of files with a recent income record or an open proposal.
 */
export async function exitCandidates(
  db: Db,
  deps: Deps,
  actor: Actor,
  q: ExitCandidatesQuery,
  opts: { maxScan?: number } = {},
): Promise<{ items: ExitCandidateDto[]; nextCursor: string | null }> {
  const a = assessor(db, deps, await db.select().from(exitRuleSettings));
  const c = decodeCursor<{ id: string }>(q.cursor);
  if (c && (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
  const recent = addMonths(a.asOf, -1);
  const conds: SQL[] = [
    householdScope(actor),
    eq(households.status, 'approved'),
    or(
      sql`exists (select 1 from household_income_records r where r.household_id = ${households.id} and r.month >= ${recent})`,
      sql`exists (select 1 from annual_review_items i where i.household_id = ${households.id} and i.outcome = 'propose_exit' and i.resolution = 'open')`,
    )!,
  ];
  const of = await orgFilter(db, actor, q.orgId);
  if (of) conds.push(of);
  if (q.regionCode) conds.push(sql`${households.regionCode} like ${likePrefix(q.regionCode)}`);
  const items: ExitCandidateDto[] = [];
  let after = c?.id ?? null;
  let exhausted = false;
  let full = false;
  let scanned = 0;
  while (!full && !exhausted && scanned < (opts.maxScan ?? Infinity)) {
    const batch = await db
      .select({ h: households, orgName: sql<string>`(select o.name from orgs o where o.id = ${households.orgId})` })
      .from(households)
      .where(and(...conds, after ? gt(households.id, after) : undefined))
      .orderBy(asc(households.id))
      .limit(200);
    exhausted = batch.length < 200;
    scanned += batch.length;
    const ids = batch.map((b) => b.h.id);
    const incomes = await incomesOf(db, ids, addMonths(a.asOf, -LOOKBACK_MONTHS));
    const open = await openMeasureCounts(db, ids);
    const proposed = new Set(
      ids.length
        ? (
            await db
              .select({ id: annualReviewItems.householdId })
              .from(annualReviewItems)
              .where(and(inArray(annualReviewItems.householdId, ids), eq(annualReviewItems.outcome, 'propose_exit'), eq(annualReviewItems.resolution, 'open')))
          ).map((r) => r.id)
        : [],
    );
    for (const { h, orgName } of batch) {
      after = h.id;
      const assessment = await a.assess(h, incomes.get(h.id) ?? [], open.get(h.id) ?? 0);
      if (!assessment.candidate && !proposed.has(h.id)) continue;
      items.push({
        householdId: h.id,
        archiveNo: h.archiveNo,
        workerName: h.workerName,
        orgName,
        regionCode: h.regionCode,
        regionName: divisionName(h.regionCode),
        category: h.category,
        version: h.version,
        proposed: proposed.has(h.id),
        assessment,
      });
      if (items.length >= q.limit) {
        full = true;
        break;
      }
    }
  }
  return { items, nextCursor: full && after ? encodeCursor({ id: after }) : null };
}

// ───────────── sign-offs through the registry's transitions ─────────────

async function resolveProposals(tx: Tx, deps: Deps, actor: Actor, householdId: string, outcome: 'propose_exit' | 'propose_cancel' | null, resolution: 'exited' | 'cancelled') {
  await tx
    .update(annualReviewItems)
    .set({ resolution, resolvedBy: actor.userId, resolvedAt: deps.clock.now() })
    .where(and(eq(annualReviewItems.householdId, householdId), eq(annualReviewItems.resolution, 'open'), outcome ? eq(annualReviewItems.outcome, outcome) : undefined));
}

/**
 * 解困脱困 with sign-off: a reviewer confirms the exit of a file the rule finds a candidate or an annual review
 * proposed. The registry's approved → exited transition records the signer; the rule's reasons go to the audit.
 */
export async function signOffExit(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: ExitBody) {
  if (!actor.permissions.has(Permission.RegistryReview)) throw forbidden();
  const h = await householdInScope(tx, actor, householdId);
  if (h.status !== 'approved') throw conflict('只有已建档的家庭才能解困脱困', 'only an approved file can exit');
  const assessment = await assessHousehold(tx, deps, actor, householdId);
  const [proposal] = await tx
    .select({ id: annualReviewItems.id })
    .from(annualReviewItems)
    .where(and(eq(annualReviewItems.householdId, householdId), eq(annualReviewItems.outcome, 'propose_exit'), eq(annualReviewItems.resolution, 'open')));
  if (!assessment.candidate && !proposal) {
    const why = assessment.reasons.filter((r) => r.code !== 'candidate');
    throw new AppError(
      409,
      'CONFLICT',
      { reason: `不满足解困脱困条件：${why.map((r) => r.zh).join('；')}`, reasonEn: `not an exit candidate: ${why.map((r) => r.en).join('; ')}` },
      { assessment },
    );
  }
  const dto = await transitionHousehold(tx, deps, actor, householdId, { to: 'exited', reason: body.reason, version: body.version });
  await resolveProposals(tx, deps, actor, householdId, null, 'exited');
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.exit.sign_off',
    entityType: 'household',
    entityId: householdId,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    after: { reason: body.reason, proposedByAnnualReview: !!proposal, assessment },
  });
  return { householdId, status: dto.status, version: dto.version, archiveNo: dto.archiveNo };
}

/** 注销 with a reason (ineligible, duplicate, moved away, deceased), through the registry's transition. */
export async function cancelFile(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: CancelBody) {
  if (!actor.permissions.has(Permission.RegistryReview)) throw forbidden();
  const h = await householdInScope(tx, actor, householdId);
  const dto = await transitionHousehold(tx, deps, actor, householdId, { to: 'cancelled', reason: body.reason, cancelReason: body.cancelReason, version: body.version });
  await resolveProposals(tx, deps, actor, householdId, null, 'cancelled');
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.cancel.sign_off',
    entityType: 'household',
    entityId: householdId,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    after: { reason: body.reason, cancelReason: body.cancelReason },
  });
  return { householdId, status: dto.status, version: dto.version, archiveNo: dto.archiveNo };
}
