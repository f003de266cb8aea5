import { and, asc, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AssignBody, AssignmentDto } from '../../../contracts/survey';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { division, divisionName } from '../orgs/division';
import { getOrgById } from '../orgs/org.service';
import { listHouseholds } from '../registry/household-search.service';
import { householdInScope } from '../registry/household.service';
import { type AssignmentRow, surveyAssignments } from './assignment.table';
import { canManage, loadManaged, loadVisible, myTeamIds, scopeCheckerOf } from './campaign.service';
import { surveyResponses } from './response.table';
import { surveyTeams } from './team.table';

/** At most this many households are assigned by one request (a county at a time at provincial scale). */
export const MAX_ASSIGN = 50_000;
const CLOSED_FILE = new Set(['exited', 'cancelled']);

interface Candidate {
  id: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  regionCode: string;
  archiveNo: string | null;
  workerName: string;
  address: string;
  category: string | null;
  level: string | null;
  primaryCause: string;
  status: string;
  source: string;
}

/** Assigns households — named, or every open file of a region or an org — to a team; repeats are skipped. */
export async function assignHouseholds(tx: Tx, deps: Deps, actor: Actor, campaignId: string, body: AssignBody): Promise<{ added: number; skipped: number; outsideScope: number }> {
  const c = await loadManaged(tx, actor, campaignId, { statuses: ['draft', 'open'] });
  const [team] = await tx
    .select()
    .from(surveyTeams)
    .where(and(eq(surveyTeams.id, body.teamId), eq(surveyTeams.campaignId, campaignId)));
  if (!team) throw validation('teamId', '调研组不属于该调研活动', 'the team is not part of this campaign');
  const inCampaign = await scopeCheckerOf(tx, c);
  const orgPaths = new Map<string, string>();
  const pathOf = async (orgId: string) => {
    if (!orgPaths.has(orgId)) orgPaths.set(orgId, (await getOrgById(tx, orgId))?.path ?? '');
    return orgPaths.get(orgId)!;
  };
  const found: Candidate[] = [];
  for (const [i, hid] of [...new Set(body.householdIds)].entries()) {
    const h = await householdInScope(tx, actor, hid).catch(() => null);
    if (!h) throw validation(`householdIds.${i}`, '家庭档案不存在或不在您的管辖范围内', 'the household does not exist or is outside your scope');
    if (CLOSED_FILE.has(h.status)) throw validation(`householdIds.${i}`, '该档案已脱困或注销', 'the file is exited or cancelled');
    if (!inCampaign({ orgPath: h.orgPath, regionCode: h.regionCode })) throw validation(`householdIds.${i}`, '该家庭不在调研范围内', 'the household is outside the campaign scope');
    const org = await getOrgById(tx, h.orgId);
    found.push({ ...h, orgName: org?.name ?? '', source: 'household' });
  }
  const areas: Array<{ filter: { regionCode?: string; orgId?: string }; source: string; field: string }> = [];
  for (const [i, r] of [...new Set(body.regionCodes)].entries()) {
    if (!division(r)) throw validation(`regionCodes.${i}`, '行政区划代码无效', 'unknown division code');
    areas.push({ filter: { regionCode: r }, source: `region:${r}`, field: `regionCodes.${i}` });
  }
  for (const [i, o] of [...new Set(body.orgIds)].entries()) {
    const org = await getOrgById(tx, o);
    if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw validation(`orgIds.${i}`, '组织不存在或不在您的管辖范围内', 'the org does not exist or is outside your scope');
    areas.push({ filter: { orgId: o }, source: `org:${o}`, field: `orgIds.${i}` });
  }
  let outsideScope = 0;
  for (const a of areas) {
    let cursor: string | undefined;
    do {
      const pageRes = await listHouseholds(tx, deps, actor, { ...a.filter, sort: 'updatedAt', order: 'desc', limit: 200, cursor });
      for (const h of pageRes.items) {
        if (CLOSED_FILE.has(h.status)) continue;
        const orgPath = await pathOf(h.orgId);
        if (!inCampaign({ orgPath, regionCode: h.regionCode })) {
          outsideScope++;
          continue;
        }
        found.push({ ...h, orgPath, source: a.source });
        if (found.length > MAX_ASSIGN) throw validation(a.field, `一次最多分配 ${MAX_ASSIGN} 户`, `at most ${MAX_ASSIGN} households at a time`);
      }
      cursor = pageRes.nextCursor ?? undefined;
    } while (cursor);
  }
  const now = deps.clock.now();
  const seen = new Set<string>();
  const rows = found
    .filter((h) => (seen.has(h.id) ? false : (seen.add(h.id), true)))
    .map((h) => ({
      id: uuidv7(),
      campaignId,
      teamId: team.id,
      householdId: h.id,
      orgId: h.orgId,
      orgName: h.orgName,
      regionCode: h.regionCode,
      archiveNo: h.archiveNo,
      workerName: h.workerName,
      address: h.address,
      category: h.category,
      level: h.level,
      primaryCause: h.primaryCause,
      source: h.source,
      assignedBy: actor.userId,
      assignedAt: now,
    }));
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const ins = await tx
      .insert(surveyAssignments)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: surveyAssignments.id });
    added += ins.length;
  }
  await recordAudit(tx, actor, deps.clock, {
    action: 'survey.assignment.create',
    entityType: 'survey_campaign',
    entityId: campaignId,
    orgPath: c.orgPath,
    after: { teamId: team.id, householdIds: body.householdIds, regionCodes: body.regionCodes, orgIds: body.orgIds, added, skipped: rows.length - added, outsideScope },
  });
  return { added, skipped: rows.length - added, outsideScope };
}

/** Removes an assignment not yet answered. */
export async function removeAssignment(tx: Tx, deps: Deps, actor: Actor, campaignId: string, assignmentId: string): Promise<void> {
  const c = await loadManaged(tx, actor, campaignId, { statuses: ['draft', 'open'] });
  const [a] = await tx
    .select()
    .from(surveyAssignments)
    .where(and(eq(surveyAssignments.id, assignmentId), eq(surveyAssignments.campaignId, campaignId)))
    .for('update');
  if (!a) throw notFound('survey_assignment');
  const [r] = await tx.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.assignmentId, assignmentId));
  if (r) throw conflict('该户已填报问卷，不能取消分配', 'the household has answered and cannot be unassigned');
  await tx.delete(surveyAssignments).where(eq(surveyAssignments.id, assignmentId));
  await recordAudit(tx, actor, deps.clock, { action: 'survey.assignment.delete', entityType: 'survey_assignment', entityId: assignmentId, orgPath: c.orgPath, regionCode: a.regionCode, before: { householdId: a.householdId, teamId: a.teamId } });
}

/**
 * Which assignments of a campaign an actor sees: the households in their own scope, and those of the teams they
 * are on (a volunteer investigator sees exactly what their team is to visit). Campaign runners see all.
 */
export async function assignmentVisibility(db: Db, actor: Actor, campaignId: string): Promise<SQL | undefined> {
  const c = await loadVisible(db, actor, campaignId);
  if (canManage(actor, c)) return undefined;
  const teams = await myTeamIds(db, actor, campaignId);
  const own = scopeWhere(actor, { orgId: surveyAssignments.orgId, regionCode: surveyAssignments.regionCode });
  return teams.length ? or(own, inArray(surveyAssignments.teamId, teams)) : own;
}

export function assignmentDto(a: AssignmentRow, teamName: string, responseId: string | null): AssignmentDto {
  return {
    id: a.id,
    campaignId: a.campaignId,
    teamId: a.teamId,
    teamName,
    householdId: a.householdId,
    archiveNo: a.archiveNo,
    workerName: a.workerName,
    address: a.address,
    regionCode: a.regionCode,
    regionName: divisionName(a.regionCode),
    orgName: a.orgName,
    responseId,
  };
}

export async function listAssignments(db: Db, actor: Actor, campaignId: string, q: { teamId?: string; answered?: 'true' | 'false'; mine?: 'true' | 'false'; cursor?: string; limit: number }) {
  const vis = await assignmentVisibility(db, actor, campaignId);
  const conds: Array<SQL | undefined> = [eq(surveyAssignments.campaignId, campaignId), vis];
  if (q.teamId) conds.push(eq(surveyAssignments.teamId, q.teamId));
  if (q.mine === 'true') {
    const teams = await myTeamIds(db, actor, campaignId);
    conds.push(teams.length ? inArray(surveyAssignments.teamId, teams) : sql`false`);
  }
  if (q.answered === 'true') conds.push(isNotNull(surveyResponses.id));
  if (q.answered === 'false') conds.push(isNull(surveyResponses.id));
  const c = decodeCursor<{ id: string }>(q.cursor);
  if (c) {
    if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(gt(surveyAssignments.id, c.id));
  }
  const rows = await db
    .select({ a: surveyAssignments, teamName: surveyTeams.name, responseId: surveyResponses.id })
    .from(surveyAssignments)
    .innerJoin(surveyTeams, eq(surveyTeams.id, surveyAssignments.teamId))
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(and(...conds))
    .orderBy(asc(surveyAssignments.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => assignmentDto(r.a, r.teamName, r.responseId)), nextCursor: rows.length > q.limit && last ? encodeCursor({ id: last.a.id }) : null };
}

/** One assignment the actor may see (404 otherwise). */
export async function getAssignment(db: Db, actor: Actor, campaignId: string, assignmentId: string): Promise<AssignmentDto> {
  const vis = await assignmentVisibility(db, actor, campaignId);
  const [r] = await db
    .select({ a: surveyAssignments, teamName: surveyTeams.name, responseId: surveyResponses.id })
    .from(surveyAssignments)
    .innerJoin(surveyTeams, eq(surveyTeams.id, surveyAssignments.teamId))
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(and(eq(surveyAssignments.id, assignmentId), eq(surveyAssignments.campaignId, campaignId), vis));
  if (!r) throw notFound('survey_assignment');
  return assignmentDto(r.a, r.teamName, r.responseId);
}
