import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { CampaignBody, CampaignDto, CampaignListItem, CampaignStatus, CampaignUpdateBody, Question, QuestionnaireBody } from '../../../contracts/survey';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { userNames } from '../auth/user.service';
import { getOrgById } from '../orgs/org.service';
import { isFederation } from '../orgs/org.rules';
import { surveyAssignments } from './assignment.table';
import { type CampaignRow, surveyCampaigns } from './campaign.table';
import { questionnaireProblems } from './questionnaire.rules';
import { surveyResponses } from './response.table';
import { surveyTeamMembers, surveyTeams } from './team.table';

registerEntityName('survey_campaign', '调研活动', 'Survey campaign');
registerEntityName('survey_team', '调研组', 'Survey team');
registerEntityName('survey_assignment', '调研任务', 'Survey assignment');
registerEntityName('survey_response', '调研问卷', 'Survey response');

/**
 * Who sees a campaign: the running org's subtree, the orgs it covers (their subtree and the federations above
 * them), and the members of its teams. Everyone else gets 404.
 */
export function campaignVisible(actor: Actor): SQL {
  return sql`(${surveyCampaigns.orgPath} like ${likePrefix(actor.orgPath)}
    or exists (select 1 from unnest(${surveyCampaigns.scopeOrgPaths}) as p(path) where p.path like ${likePrefix(actor.orgPath)} or left(${actor.orgPath}, length(p.path)) = p.path)
    or ${surveyCampaigns.id} in (select m.campaign_id from survey_team_members m where m.user_id = ${actor.userId}))`;
}

/** Runs it: holds survey.manage and belongs to the running org or above. */
export function canManage(actor: Actor, c: Pick<CampaignRow, 'orgPath'>): boolean {
  return actor.permissions.has(Permission.SurveyManage) && c.orgPath.startsWith(actor.orgPath);
}

export async function loadVisible(db: Db, actor: Actor, id: string, lock = false): Promise<CampaignRow> {
  const q = db
    .select()
    .from(surveyCampaigns)
    .where(and(eq(surveyCampaigns.id, id), campaignVisible(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('survey_campaign');
  return row;
}

/** A campaign the actor runs, locked for the change; 404 when unseen, 403 when seen but run by another org. */
export async function loadManaged(tx: Tx, actor: Actor, id: string, opts: { statuses?: CampaignStatus[]; version?: number } = {}): Promise<CampaignRow> {
  const c = await loadVisible(tx, actor, id, true);
  if (!canManage(actor, c)) throw forbidden();
  if (opts.version !== undefined && opts.version !== c.version) throw conflict('调研活动已被他人修改，请刷新后重试', 'the campaign was changed by someone else; reload and retry', { currentVersion: c.version });
  if (opts.statuses && !opts.statuses.includes(c.status)) {
    throw conflict(`调研活动状态为「${STATUS_ZH[c.status]}」，不能进行此操作`, `the campaign is ${c.status}; this is not possible now`, { status: c.status });
  }
  return c;
}

const STATUS_ZH: Record<CampaignStatus, string> = { draft: '草稿', open: '进行中', closed: '已结束' };

/** Is the household (by its org path and county) inside the orgs a campaign covers? */
export async function scopeCheckerOf(db: Db, c: Pick<CampaignRow, 'scopeOrgIds'>) {
  const orgs: Array<{ orgPath: string; divisionCode: string | null }> = [];
  for (const id of c.scopeOrgIds) {
    const o = await getOrgById(db, id);
    if (o) orgs.push({ orgPath: o.path, divisionCode: isFederation(o.kind) ? o.regionCode : null });
  }
  return (rec: { orgPath: string; regionCode: string }) => orgs.some((o) => inScope(o as unknown as Actor, rec));
}

async function scopeOrgsOf(db: Db, actor: Actor, ids: string[]) {
  const out = [];
  for (const [i, id] of [...new Set(ids)].entries()) {
    const o = await getOrgById(db, id);
    if (!o || !inScope(actor, { orgPath: o.path, regionCode: o.regionCode })) throw validation(`scopeOrgIds.${i}`, '组织不存在或不在您的管辖范围内', 'the org does not exist or is outside your scope');
    out.push(o);
  }
  return out;
}

function checkPeriod(b: { periodStart: string; periodEnd: string }) {
  if (b.periodEnd < b.periodStart) throw validation('periodEnd', '结束日期不能早于开始日期', 'the end date cannot be before the start date');
}

function auditView(c: CampaignRow) {
  return { name: c.name, status: c.status, periodStart: c.periodStart, periodEnd: c.periodEnd, scopeOrgIds: c.scopeOrgIds, questions: (c.questions as Question[]).map((q) => q.key), version: c.version };
}

export async function createCampaign(tx: Tx, deps: Deps, actor: Actor, body: CampaignBody): Promise<CampaignDto> {
  checkPeriod(body);
  const scope = await scopeOrgsOf(tx, actor, body.scopeOrgIds);
  const now = deps.clock.now();
  const row = {
    id: uuidv7(),
    name: body.name,
    description: body.description ?? null,
    status: 'draft' as const,
    orgId: actor.orgId,
    orgPath: actor.orgPath,
    scopeOrgIds: scope.map((o) => o.id),
    scopeOrgPaths: scope.map((o) => o.path),
    periodStart: body.periodStart,
    periodEnd: body.periodEnd,
    questions: [],
    version: 1,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(surveyCampaigns).values(row);
  await recordAudit(tx, actor, deps.clock, { action: 'survey.campaign.create', entityType: 'survey_campaign', entityId: row.id, orgPath: actor.orgPath, after: auditView({ ...row, openedAt: null, closedAt: null }) });
  return getCampaign(tx, deps, actor, row.id);
}

export async function updateCampaign(tx: Tx, deps: Deps, actor: Actor, id: string, body: CampaignUpdateBody): Promise<CampaignDto> {
  const c = await loadManaged(tx, actor, id, { statuses: ['draft', 'open'], version: body.version });
  checkPeriod(body);
  const ids = [...new Set(body.scopeOrgIds)];
  const scopeChanged = ids.length !== c.scopeOrgIds.length || ids.some((x) => !c.scopeOrgIds.includes(x));
  if (scopeChanged && c.status !== 'draft') throw conflict('调研活动开始后不能修改调研范围', 'the scope cannot change once the campaign is open');
  const scope = scopeChanged ? await scopeOrgsOf(tx, actor, ids) : null;
  const [after] = await tx
    .update(surveyCampaigns)
    .set({
      name: body.name,
      description: body.description ?? null,
      periodStart: body.periodStart,
      periodEnd: body.periodEnd,
      ...(scope ? { scopeOrgIds: scope.map((o) => o.id), scopeOrgPaths: scope.map((o) => o.path) } : {}),
      version: c.version + 1,
      updatedAt: deps.clock.now(),
    })
    .where(eq(surveyCampaigns.id, id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'survey.campaign.update', entityType: 'survey_campaign', entityId: id, orgPath: c.orgPath, before: auditView(c), after: auditView(after) });
  return getCampaign(tx, deps, actor, id);
}

/** Sets the questionnaire of a draft campaign; once the campaign opens the questionnaire is frozen. */
export async function putQuestionnaire(tx: Tx, deps: Deps, actor: Actor, id: string, body: QuestionnaireBody): Promise<CampaignDto> {
  const c = await loadVisible(tx, actor, id, true);
  if (!canManage(actor, c)) throw forbidden();
  if (c.status !== 'draft') throw conflict('调研活动已开始，问卷已锁定', 'the campaign is open; its questionnaire is frozen', { status: c.status });
  if (body.version !== c.version) throw conflict('调研活动已被他人修改，请刷新后重试', 'the campaign was changed by someone else; reload and retry', { currentVersion: c.version });
  const problems = questionnaireProblems(body.questions);
  if (problems.length) {
    const p = problems[0];
    throw new AppError(400, 'VALIDATION_FAILED', { fields: `${p.path}（${p.zh}）`, fieldsEn: `${p.path} (${p.en})` }, problems.map((x) => ({ path: x.path, message: x.en, messageZh: x.zh })));
  }
  const [after] = await tx
    .update(surveyCampaigns)
    .set({ questions: body.questions, version: c.version + 1, updatedAt: deps.clock.now() })
    .where(eq(surveyCampaigns.id, id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'survey.questionnaire.update', entityType: 'survey_campaign', entityId: id, orgPath: c.orgPath, before: { questions: c.questions }, after: { questions: after.questions } });
  return getCampaign(tx, deps, actor, id);
}

/** draft → open (needs questions, a team and assignments; freezes the questionnaire) → closed. */
export async function transitionCampaign(tx: Tx, deps: Deps, actor: Actor, id: string, body: { to: 'open' | 'closed'; version: number }): Promise<CampaignDto> {
  const c = await loadManaged(tx, actor, id, { statuses: [body.to === 'open' ? 'draft' : 'open'], version: body.version });
  const now = deps.clock.now();
  if (body.to === 'open') {
    if ((c.questions as Question[]).length === 0) throw conflict('问卷还没有问题，不能开始调研', 'the questionnaire has no questions yet');
    const [t] = await tx.select({ n: count() }).from(surveyTeams).where(eq(surveyTeams.campaignId, id));
    if (t.n === 0) throw conflict('还没有调研组，不能开始调研', 'there is no team yet');
    const [a] = await tx.select({ n: count() }).from(surveyAssignments).where(eq(surveyAssignments.campaignId, id));
    if (a.n === 0) throw conflict('还没有分配调研对象，不能开始调研', 'no households are assigned yet');
  }
  const [after] = await tx
    .update(surveyCampaigns)
    .set({ status: body.to, version: c.version + 1, updatedAt: now, ...(body.to === 'open' ? { openedAt: now } : { closedAt: now }) })
    .where(eq(surveyCampaigns.id, id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: `survey.campaign.${body.to}`, entityType: 'survey_campaign', entityId: id, orgPath: c.orgPath, before: { status: c.status }, after: { status: after.status } });
  return getCampaign(tx, deps, actor, id);
}

async function orgName(db: Db, id: string): Promise<string> {
  return (await getOrgById(db, id))?.name ?? '';
}

export async function getCampaign(db: Db, _deps: Deps, actor: Actor, id: string): Promise<CampaignDto> {
  const c = await loadVisible(db, actor, id);
  const teams = await db.select().from(surveyTeams).where(eq(surveyTeams.campaignId, id)).orderBy(asc(surveyTeams.createdAt), asc(surveyTeams.id));
  const members = teams.length ? await db.select().from(surveyTeamMembers).where(inArray(surveyTeamMembers.teamId, teams.map((t) => t.id))) : [];
  const counts = await db
    .select({ teamId: surveyAssignments.teamId, assigned: count(), answered: count(surveyResponses.id) })
    .from(surveyAssignments)
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(eq(surveyAssignments.campaignId, id))
    .groupBy(surveyAssignments.teamId);
  const names = await userNames(db, [c.createdBy, ...members.map((m) => m.userId)]);
  const ref = (uid: string) => ({ userId: uid, name: names.get(uid) ?? '' });
  const scopeOrgs = [];
  for (const o of c.scopeOrgIds) scopeOrgs.push({ id: o, name: await orgName(db, o) });
  const byTeam = new Map(counts.map((r) => [r.teamId, r]));
  return {
    ...(await listItem(db, c)),
    description: c.description,
    scopeOrgs,
    questions: c.questions as Question[],
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      leader: ref(t.leaderUserId),
      members: members.filter((m) => m.teamId === t.id && m.role !== 'leader').map((m) => ref(m.userId)),
      assigned: byTeam.get(t.id)?.assigned ?? 0,
      answered: byTeam.get(t.id)?.answered ?? 0,
    })),
    assigned: counts.reduce((a, r) => a + r.assigned, 0),
    answered: counts.reduce((a, r) => a + r.answered, 0),
    version: c.version,
    canManage: canManage(actor, c),
    createdBy: ref(c.createdBy),
    openedAt: c.openedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

async function listItem(db: Db, c: CampaignRow): Promise<CampaignListItem> {
  return { id: c.id, name: c.name, status: c.status, orgId: c.orgId, orgName: await orgName(db, c.orgId), periodStart: c.periodStart, periodEnd: c.periodEnd, createdAt: c.createdAt.toISOString() };
}

export async function listCampaigns(db: Db, actor: Actor, q: { status?: CampaignStatus; cursor?: string; limit: number }) {
  const conds: SQL[] = [campaignVisible(actor)];
  if (q.status) conds.push(eq(surveyCampaigns.status, q.status));
  const c = decodeCursor<{ at: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.at))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${surveyCampaigns.createdAt}, ${surveyCampaigns.id}) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(surveyCampaigns)
    .where(and(...conds))
    .orderBy(desc(surveyCampaigns.createdAt), desc(surveyCampaigns.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const out = [];
  for (const r of items) out.push(await listItem(db, r));
  return { items: out, nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

/** Ids of the teams of a campaign the actor is on. */
export async function myTeamIds(db: Db, actor: Actor, campaignId: string): Promise<string[]> {
  const rows = await db
    .select({ teamId: surveyTeamMembers.teamId })
    .from(surveyTeamMembers)
    .where(and(eq(surveyTeamMembers.campaignId, campaignId), eq(surveyTeamMembers.userId, actor.userId), isNotNull(surveyTeamMembers.teamId)));
  return rows.map((r) => r.teamId);
}
