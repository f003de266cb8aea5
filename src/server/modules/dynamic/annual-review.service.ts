import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { CancelReason } from '../../../contracts/registry';
import type { RecordReviewBody, ReviewCampaignDto, ReviewItemDto, ReviewItemsQuery, ReviewOutcome, ReviewResolution, StartReviewBody } from '../../../contracts/dynamic';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { userNames } from '../auth/user.service';
import { getOrgById } from '../orgs/org.service';
import { isFederation } from '../orgs/org.rules';
import { shanghaiDate } from '../registry/household.rules';
import { householdInScope, householdScope } from '../registry/household.service';
import { households } from '../registry/household.table';
import { annualReviewCampaigns, annualReviewItems, type ReviewItemRow } from './annual-review.table';
import { isReviewOverdue } from './exit-rule.rules';
import { upsertIncome } from './income.service';

registerEntityName('annual_review', '年审', 'Annual review');
registerEntityName('annual_review_item', '年审事项', 'Annual review item');

/** Review items the actor may see: the file's owning org in the actor's subtree, or its region in the actor's division. */
export const reviewItemScope = (actor: Actor) => scopeWhere(actor, { orgId: annualReviewItems.orgId, regionCode: annualReviewItems.regionCode });

function canStart(actor: Actor) {
  return actor.permissions.has(Permission.RegistryReview) || actor.permissions.has(Permission.RegistryWrite);
}

async function campaignDto(db: Db, deps: Deps, id: string, scheduled?: number): Promise<ReviewCampaignDto> {
  const [c] = await db.select().from(annualReviewCampaigns).where(eq(annualReviewCampaigns.id, id));
  const today = shanghaiDate(deps.clock.now());
  const [n] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${annualReviewItems.status} = 'done')::int`,
      overdue: sql<number>`count(*) filter (where ${annualReviewItems.status} = 'pending' and ${annualReviewItems.dueDate} < ${today})::int`,
    })
    .from(annualReviewItems)
    .where(eq(annualReviewItems.campaignId, id));
  const org = await getOrgById(db, c.orgId);
  return {
    id: c.id,
    year: c.year,
    orgId: c.orgId,
    orgName: org?.name ?? '',
    dueDate: c.dueDate,
    startedByName: c.startedByName,
    startedAt: c.startedAt.toISOString(),
    total: Number(n.total),
    done: Number(n.done),
    overdue: Number(n.overdue),
    ...(scheduled === undefined ? {} : { scheduled }),
  };
}

/**
 * 年审: starts (or re-runs) the year's review for an org's scope. Every approved file in the scope — the org's
 * subtree, and for a federation its whole division — that has no review this year gets one item, due on the
 * campaign's date, assigned to the file's responsible cadre. Re-running schedules only files approved since.
 */
export async function startAnnualReview(tx: Tx, deps: Deps, actor: Actor, body: StartReviewBody): Promise<ReviewCampaignDto> {
  if (!canStart(actor)) throw forbidden();
  const org = await getOrgById(tx, body.orgId);
  if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
  const dueDate = body.dueDate ?? `${body.year}-12-31`;
  if (Number(dueDate.slice(0, 4)) !== body.year) throw validation('dueDate', '截止日期须在年审年度内', 'the due date must fall in the review year');
  const now = deps.clock.now();
  await tx
    .insert(annualReviewCampaigns)
    .values({ id: uuidv7(), year: body.year, orgId: org.id, orgPath: org.path, dueDate, startedBy: actor.userId, startedByName: actor.displayName, startedAt: now })
    .onConflictDoNothing();
  const [campaign] = await tx
    .select()
    .from(annualReviewCampaigns)
    .where(and(eq(annualReviewCampaigns.orgId, org.id), eq(annualReviewCampaigns.year, body.year)))
    .for('update');
  const orgScope = scopeWhere({ ...actor, orgPath: org.path, divisionCode: isFederation(org.kind) ? org.regionCode : null }, { orgId: households.orgId, regionCode: households.regionCode });
  const todo = await tx
    .select({ id: households.id, orgId: households.orgId, regionCode: households.regionCode, responsibleBy: households.responsibleBy })
    .from(households)
    .where(
      and(
        eq(households.status, 'approved'),
        orgScope,
        householdScope(actor),
        sql`not exists (select 1 from annual_review_items i where i.household_id = ${households.id} and i.year = ${body.year})`,
      ),
    )
    .orderBy(asc(households.id));
  let scheduled = 0;
  for (let k = 0; k < todo.length; k += 1000) {
    const chunk = todo.slice(k, k + 1000).map((h) => ({
      id: uuidv7(),
      campaignId: campaign.id,
      year: body.year,
      householdId: h.id,
      orgId: h.orgId,
      regionCode: h.regionCode,
      responsibleUserId: h.responsibleBy,
      dueDate: campaign.dueDate,
      status: 'pending',
      createdAt: now,
    }));
    // a file scheduled meanwhile by an overlapping campaign keeps its one review of the year
    scheduled += (await tx.insert(annualReviewItems).values(chunk).onConflictDoNothing().returning({ id: annualReviewItems.id })).length;
  }
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.annual_review.start',
    entityType: 'annual_review',
    entityId: campaign.id,
    orgPath: org.path,
    regionCode: org.regionCode,
    after: { year: body.year, orgId: org.id, dueDate: campaign.dueDate, scheduled },
  });
  return campaignDto(tx, deps, campaign.id, scheduled);
}

export async function listCampaigns(db: Db, deps: Deps, actor: Actor): Promise<ReviewCampaignDto[]> {
  const rows = await db
    .select({ id: annualReviewCampaigns.id })
    .from(annualReviewCampaigns)
    .where(or(sql`${annualReviewCampaigns.orgPath} like ${likePrefix(actor.orgPath)}`, sql`${actor.orgPath} like ${annualReviewCampaigns.orgPath} || '%'`))
    .orderBy(sql`${annualReviewCampaigns.year} desc`, asc(annualReviewCampaigns.orgPath))
    .limit(100);
  return Promise.all(rows.map((r) => campaignDto(db, deps, r.id)));
}

/** Progress per owning org of the files (done / total, overdue), within the actor's scope. */
export async function campaignProgress(db: Db, deps: Deps, actor: Actor, campaignId: string) {
  const [c] = await db.select().from(annualReviewCampaigns).where(eq(annualReviewCampaigns.id, campaignId));
  if (!c) throw notFound('annual_review');
  const today = shanghaiDate(deps.clock.now());
  const rows = await db
    .select({
      orgId: annualReviewItems.orgId,
      orgName: sql<string>`(select o.name from orgs o where o.id = ${annualReviewItems.orgId})`,
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${annualReviewItems.status} = 'done')::int`,
      overdue: sql<number>`count(*) filter (where ${annualReviewItems.status} = 'pending' and ${annualReviewItems.dueDate} < ${today})::int`,
    })
    .from(annualReviewItems)
    .where(and(eq(annualReviewItems.campaignId, campaignId), reviewItemScope(actor)))
    .groupBy(annualReviewItems.orgId)
    .orderBy(asc(sql`2`));
  if (rows.length === 0 && !c.orgPath.startsWith(actor.orgPath) && !actor.orgPath.startsWith(c.orgPath)) throw notFound('annual_review');
  return { items: rows.map((r) => ({ orgId: r.orgId, orgName: r.orgName ?? '', total: Number(r.total), done: Number(r.done), overdue: Number(r.overdue) })) };
}

function itemDto(r: { i: ReviewItemRow; archiveNo: string | null; workerName: string; orgName: string; version: number; status: string }, names: Map<string, string>, today: string): ReviewItemDto {
  const i = r.i;
  return {
    id: i.id,
    campaignId: i.campaignId,
    year: i.year,
    householdId: i.householdId,
    archiveNo: r.archiveNo,
    workerName: r.workerName,
    orgName: r.orgName ?? '',
    regionCode: i.regionCode,
    householdVersion: r.version,
    householdStatus: r.status as ReviewItemDto['householdStatus'],
    responsible: i.responsibleUserId ? { userId: i.responsibleUserId, name: names.get(i.responsibleUserId) ?? '' } : null,
    dueDate: i.dueDate,
    status: i.status as 'pending' | 'done',
    overdue: isReviewOverdue(i, today),
    outcome: i.outcome as ReviewOutcome | null,
    perCapitaIncomeFen: i.perCapitaIncomeFen,
    cancelReason: i.cancelReason as CancelReason | null,
    notes: i.notes,
    reviewedByName: i.reviewedByName,
    reviewedAt: i.reviewedAt?.toISOString() ?? null,
    resolution: i.resolution as ReviewResolution | null,
  };
}

const itemSelect = {
  i: annualReviewItems,
  archiveNo: households.archiveNo,
  workerName: households.workerName,
  version: households.version,
  status: households.status,
  orgName: sql<string>`(select o.name from orgs o where o.id = ${annualReviewItems.orgId})`,
};

/** The items in scope, due first (keyset on due date and id). `mine`: assigned to the actor, or to nobody. */
export async function listReviewItems(db: Db, deps: Deps, actor: Actor, q: ReviewItemsQuery): Promise<{ items: ReviewItemDto[]; nextCursor: string | null }> {
  const conds: SQL[] = [reviewItemScope(actor)];
  if (q.campaignId) conds.push(eq(annualReviewItems.campaignId, q.campaignId));
  if (q.status) conds.push(eq(annualReviewItems.status, q.status));
  if (q.outcome) conds.push(eq(annualReviewItems.outcome, q.outcome));
  if (q.resolution) conds.push(eq(annualReviewItems.resolution, q.resolution));
  if (q.mine === 'true') conds.push(or(eq(annualReviewItems.responsibleUserId, actor.userId), sql`${annualReviewItems.responsibleUserId} is null`)!);
  const c = decodeCursor<{ d: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.d) || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${annualReviewItems.dueDate}, ${annualReviewItems.id}) > (${c.d}::date, ${c.id}::uuid)`);
  }
  const rows = await db
    .select(itemSelect)
    .from(annualReviewItems)
    .innerJoin(households, eq(households.id, annualReviewItems.householdId))
    .where(and(...conds))
    .orderBy(asc(annualReviewItems.dueDate), asc(annualReviewItems.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const names = await userNames(db, page.map((r) => r.i.responsibleUserId).filter((x): x is string => !!x));
  const today = shanghaiDate(deps.clock.now());
  const last = page[page.length - 1];
  return { items: page.map((r) => itemDto(r, names, today)), nextCursor: more && last ? encodeCursor({ d: last.i.dueDate, id: last.i.id }) : null };
}

async function loadItem(db: Db, actor: Actor, id: string, lock = false): Promise<ReviewItemRow> {
  const q = db
    .select()
    .from(annualReviewItems)
    .where(and(eq(annualReviewItems.id, id), reviewItemScope(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('annual_review_item');
  return row;
}

async function oneItem(db: Db, deps: Deps, id: string): Promise<ReviewItemDto> {
  const [r] = await db.select(itemSelect).from(annualReviewItems).innerJoin(households, eq(households.id, annualReviewItems.householdId)).where(eq(annualReviewItems.id, id));
  const names = await userNames(db, r.i.responsibleUserId ? [r.i.responsibleUserId] : []);
  return itemDto(r, names, shanghaiDate(deps.clock.now()));
}

/**
 * The cadre records the review: continue (with the updated per-capita income, recorded for this month), propose
 * exit, or propose cancellation (with its reason). Proposals wait on the reviewer's queue. Recorded once.
 */
export async function recordReview(tx: Tx, deps: Deps, actor: Actor, itemId: string, body: RecordReviewBody): Promise<ReviewItemDto> {
  if (!actor.permissions.has(Permission.RegistryWrite)) throw forbidden();
  const before = await loadItem(tx, actor, itemId, true);
  if (body.outcome === 'continue' && body.perCapitaIncomeFen === undefined) throw validation('perCapitaIncomeFen', '继续帮扶须填写更新后的人均月收入', 'continuing needs the updated per-capita monthly income');
  if (body.outcome === 'propose_cancel' && !body.cancelReason) throw validation('cancelReason', '建议注销须选择原因', 'proposing cancellation needs a reason');
  if (body.outcome !== 'propose_cancel' && body.cancelReason) throw validation('cancelReason', '仅建议注销时填写注销原因', 'a cancel reason only goes with a proposed cancellation');
  if (before.status === 'done') throw conflict('该户本年度年审已记录', 'this file’s review for the year is already recorded', { reviewedBy: before.reviewedByName });
  const h = await householdInScope(tx, actor, before.householdId);
  if (h.status !== 'approved') throw conflict('档案已不在帮扶中，无需年审', 'the file is no longer open; nothing to review');
  const now = deps.clock.now();
  if (body.perCapitaIncomeFen !== undefined) {
    await upsertIncome(tx, deps, actor, h, { month: shanghaiDate(now).slice(0, 7), perCapitaIncomeFen: body.perCapitaIncomeFen, source: 'annual_review', note: `${before.year} 年审` });
  }
  const [after] = await tx
    .update(annualReviewItems)
    .set({
      status: 'done',
      outcome: body.outcome,
      perCapitaIncomeFen: body.perCapitaIncomeFen ?? null,
      cancelReason: body.cancelReason ?? null,
      notes: body.notes ?? null,
      reviewedBy: actor.userId,
      reviewedByName: actor.displayName,
      reviewedAt: now,
      resolution: body.outcome === 'continue' ? null : 'open',
    })
    .where(eq(annualReviewItems.id, itemId))
    .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.annual_review.record',
    entityType: 'household',
    entityId: before.householdId,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    before: { itemId, status: before.status },
    after: { itemId, year: after.year, outcome: after.outcome, perCapitaIncomeFen: after.perCapitaIncomeFen, cancelReason: after.cancelReason, notes: after.notes },
  });
  return oneItem(tx, deps, itemId);
}

/** The reviewer keeps the file open against a proposal (exit or cancellation), with a reason. */
export async function declineProposal(tx: Tx, deps: Deps, actor: Actor, itemId: string, reason: string): Promise<ReviewItemDto> {
  if (!actor.permissions.has(Permission.RegistryReview)) throw forbidden();
  const before = await loadItem(tx, actor, itemId, true);
  if (before.resolution !== 'open') throw conflict('该建议已处理', 'this proposal has already been decided');
  const h = await householdInScope(tx, actor, before.householdId);
  await tx.update(annualReviewItems).set({ resolution: 'kept', resolvedBy: actor.userId, resolvedAt: deps.clock.now() }).where(eq(annualReviewItems.id, itemId));
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.annual_review.decline',
    entityType: 'household',
    entityId: before.householdId,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    before: { itemId, outcome: before.outcome, resolution: before.resolution },
    after: { itemId, resolution: 'kept', reason },
  });
  return oneItem(tx, deps, itemId);
}

