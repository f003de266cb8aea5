import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { HouseholdStatus } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { notFound } from '../../platform/http/errors';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { userNames } from '../auth/user.service';
import { getOrgById } from '../orgs/org.service';
import { afterHouseholdTransition } from '../verification/task.service';
import { householdEvents } from './household-event.table';
import { householdInScope, householdScope } from './household.service';
import { households } from './household.table';
import { members } from './member.table';

/**
 * What the registry offers the oversight module (spot checks, reverse audits): the population of files to sample,
 * the signers of a file, the files a person signed, and a cancellation ordered by a 不符合 finding.
 */

const FEDERATION_KINDS = new Set(['province', 'city', 'county']);

export interface PopulationFilter {
  /** The org the sample is drawn from: its subtree, and for a federation every file whose region lies in its division. */
  scopeOrg: { path: string; kind: string; regionCode: string | null };
  regionCode?: string;
  statuses: HouseholdStatus[];
  /** Only files that one of these people registered, investigated, reviewed or is responsible for. */
  signedBy?: string[];
}

export interface PopulationRow {
  id: string;
  orgId: string;
  regionCode: string;
  version: number;
  investigatedBy: string | null;
}

function signedByAny(userIds: string[]): SQL {
  return or(inArray(households.registeredBy, userIds), inArray(households.investigatedBy, userIds), inArray(households.reviewedBy, userIds), inArray(households.responsibleBy, userIds))!;
}

/** The files a spot check may draw from, inside the actor's scope (only the columns sampling needs). */
export async function samplingPopulation(db: Db, actor: Actor, f: PopulationFilter): Promise<PopulationRow[]> {
  const inOrg: SQL[] = [sql`${households.orgId} = any(array(select o.id from orgs o where o.path like ${likePrefix(f.scopeOrg.path)}))`];
  if (FEDERATION_KINDS.has(f.scopeOrg.kind) && f.scopeOrg.regionCode) inOrg.push(sql`${households.regionCode} like ${likePrefix(f.scopeOrg.regionCode)}`);
  const conds: SQL[] = [householdScope(actor), or(...inOrg)!, inArray(households.status, f.statuses)];
  if (f.regionCode) conds.push(sql`${households.regionCode} like ${likePrefix(f.regionCode)}`);
  if (f.signedBy?.length) conds.push(signedByAny(f.signedBy));
  return db
    .select({ id: households.id, orgId: households.orgId, regionCode: households.regionCode, version: households.version, investigatedBy: households.investigatedBy })
    .from(households)
    .where(and(...conds));
}

export interface FileSummary {
  id: string;
  archiveNo: string | null;
  workerName: string;
  status: HouseholdStatus;
  orgId: string;
  orgName: string;
  regionCode: string;
}

/** Display facts of files already known to be in scope (a spot check's sample). */
export async function fileSummaries(db: Db, ids: string[]): Promise<Map<string, FileSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: households.id, archiveNo: households.archiveNo, workerName: households.workerName, status: households.status, orgId: households.orgId, orgName: sql<string>`(select o.name from orgs o where o.id = ${households.orgId})`, regionCode: households.regionCode })
    .from(households)
    .where(inArray(households.id, ids));
  return new Map(rows.map((r) => [r.id, { ...r, orgName: r.orgName ?? '' }]));
}

export type FileSignerRole = 'investigated' | 'registered' | 'reviewed' | 'responsible';

/** 谁调查、谁登记、谁审核、谁负责 of a file in the actor's scope (404 outside), and every signed step of its lifecycle. */
export async function fileSigners(db: Db, actor: Actor, householdId: string) {
  const h = await householdInScope(db, actor, householdId);
  const names = await userNames(db, [h.registeredBy, h.investigatedBy, h.reviewedBy, h.responsibleBy].filter((x): x is string => !!x));
  const one = (role: FileSignerRole, userId: string | null, at: Date | null) => (userId ? { role, userId, name: names.get(userId) ?? '', at: at ? at.toISOString() : null } : null);
  const signers = [
    one('investigated', h.investigatedBy, h.investigatedAt),
    one('registered', h.registeredBy, h.registeredAt),
    one('reviewed', h.reviewedBy, h.reviewedAt),
    one('responsible', h.responsibleBy, h.responsibleAt),
  ].filter((s): s is NonNullable<typeof s> => !!s);
  const events = await db.select().from(householdEvents).where(eq(householdEvents.householdId, householdId)).orderBy(asc(householdEvents.at), asc(householdEvents.id));
  const chain = events.map((e) => ({ signerRole: e.signerRole, actorUserId: e.actorUserId, actorName: e.actorName, toStatus: e.toStatus, at: e.at.toISOString() }));
  return { household: h, signers, chain };
}

/** 倒查: other files in the actor's scope that these people signed (most recent first). */
export async function filesSignedBy(db: Db, actor: Actor, userIds: string[], exceptHouseholdId: string, limit = 200) {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({
      id: households.id,
      archiveNo: households.archiveNo,
      workerName: households.workerName,
      status: households.status,
      orgName: sql<string>`(select o.name from orgs o where o.id = ${households.orgId})`,
      registeredBy: households.registeredBy,
      investigatedBy: households.investigatedBy,
      reviewedBy: households.reviewedBy,
      responsibleBy: households.responsibleBy,
    })
    .from(households)
    .where(and(householdScope(actor), ne(households.id, exceptHouseholdId), signedByAny(userIds)))
    .orderBy(sql`${households.updatedAt} desc`, households.id)
    .limit(limit);
  const wanted = new Set(userIds);
  return rows.map((r) => {
    const pairs: Array<[FileSignerRole, string | null]> = [
      ['investigated', r.investigatedBy],
      ['registered', r.registeredBy],
      ['reviewed', r.reviewedBy],
      ['responsible', r.responsibleBy],
    ];
    const hit = pairs.filter(([, u]) => u && wanted.has(u));
    return { householdId: r.id, archiveNo: r.archiveNo, workerName: r.workerName, status: r.status, orgName: r.orgName ?? '', roles: hit.map(([role]) => role), signerUserIds: [...new Set(hit.map(([, u]) => u!))] };
  });
}

/**
 * 注销 ordered by a 不符合 spot-check finding. The auditor (who lacks registry.review) signs it, the finding is the
 * reason; the lifecycle event and the audit event are written in the caller's transaction. A file already cancelled
 * is left as it is (returns false).
 */
export async function cancelHouseholdByFinding(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  householdId: string,
  finding: { itemId: string; spotCheckId: string; cause: string; causeLabel: string; notes: string },
): Promise<{ cancelled: boolean; fromStatus: HouseholdStatus }> {
  await householdInScope(tx, actor, householdId);
  const [before] = await tx.select().from(households).where(eq(households.id, householdId)).for('update');
  if (!before) throw notFound('household');
  if (before.status === 'cancelled') return { cancelled: false, fromStatus: before.status };
  const now = deps.clock.now();
  const reason = `抽查不符合（${finding.causeLabel}）注销 / cancelled by a nonconforming spot-check finding: ${finding.notes}`;
  if (before.status !== 'exited') await tx.update(members).set({ open: false }).where(eq(members.householdId, householdId));
  const [after] = await tx.update(households).set({ status: 'cancelled', cancelReason: 'ineligible', version: before.version + 1, updatedAt: now }).where(eq(households.id, householdId)).returning();
  await tx.insert(householdEvents).values({
    id: uuidv7(),
    householdId,
    fromStatus: before.status,
    toStatus: 'cancelled',
    signerRole: 'cancelled',
    actorUserId: actor.userId,
    actorName: actor.displayName,
    reason,
    details: { cancelReason: 'ineligible', orderedBy: 'spot_check_finding', findingId: finding.itemId, spotCheckId: finding.spotCheckId, cause: finding.cause },
    at: now,
  });
  // as any cancellation: an open verification task of the file ends here
  await afterHouseholdTransition(tx, deps, actor, before, after);
  const org = await getOrgById(tx, after.orgId);
  await recordAudit(tx, actor, deps.clock, {
    action: 'registry.household.cancelled_by_finding',
    entityType: 'household',
    entityId: householdId,
    orgPath: org?.path,
    regionCode: after.regionCode,
    before: { status: before.status, archiveNo: before.archiveNo },
    after: { status: after.status, archiveNo: after.archiveNo, cancelReason: 'ineligible', findingId: finding.itemId, spotCheckId: finding.spotCheckId, cause: finding.cause, reason },
  });
  return { cancelled: true, fromStatus: before.status };
}
