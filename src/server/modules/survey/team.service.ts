import { and, count, eq } from 'drizzle-orm';
import type { CampaignDto, TeamBody } from '../../../contracts/survey';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, validation } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { findActiveUser } from '../auth/user.service';
import { surveyAssignments } from './assignment.table';
import { getCampaign, loadManaged } from './campaign.service';
import { surveyTeamMembers, surveyTeams } from './team.table';

/** Leader and members must be active users (of any org: third-party volunteers join teams too). */
async function checkPeople(tx: Tx, body: TeamBody) {
  if (!(await findActiveUser(tx, body.leaderUserId))) throw validation('leaderUserId', '组长不存在或已停用', 'the leader does not exist or is disabled');
  const ids = [...new Set(body.memberUserIds.filter((u) => u !== body.leaderUserId))];
  for (const [i, u] of ids.entries()) {
    if (!(await findActiveUser(tx, u))) throw validation(`memberUserIds.${i}`, '组员不存在或已停用', 'the member does not exist or is disabled');
  }
  return ids;
}

async function writeMembers(tx: Tx, campaignId: string, teamId: string, leader: string, memberIds: string[]) {
  await tx.delete(surveyTeamMembers).where(eq(surveyTeamMembers.teamId, teamId));
  await tx.insert(surveyTeamMembers).values([{ teamId, campaignId, userId: leader, role: 'leader' }, ...memberIds.map((userId) => ({ teamId, campaignId, userId, role: 'member' }))]);
}

export async function addTeam(tx: Tx, deps: Deps, actor: Actor, campaignId: string, body: TeamBody): Promise<CampaignDto> {
  const c = await loadManaged(tx, actor, campaignId, { statuses: ['draft', 'open'] });
  const memberIds = await checkPeople(tx, body);
  const id = uuidv7();
  await tx.insert(surveyTeams).values({ id, campaignId, name: body.name, leaderUserId: body.leaderUserId, createdAt: deps.clock.now() });
  await writeMembers(tx, campaignId, id, body.leaderUserId, memberIds);
  await recordAudit(tx, actor, deps.clock, { action: 'survey.team.create', entityType: 'survey_team', entityId: id, orgPath: c.orgPath, after: { campaignId, name: body.name, leaderUserId: body.leaderUserId, memberUserIds: memberIds } });
  return getCampaign(tx, deps, actor, campaignId);
}

async function loadTeam(tx: Tx, actor: Actor, campaignId: string, teamId: string) {
  const c = await loadManaged(tx, actor, campaignId, { statuses: ['draft', 'open'] });
  const [t] = await tx
    .select()
    .from(surveyTeams)
    .where(and(eq(surveyTeams.id, teamId), eq(surveyTeams.campaignId, campaignId)))
    .for('update');
  if (!t) throw notFound('survey_team');
  return { c, t };
}

export async function updateTeam(tx: Tx, deps: Deps, actor: Actor, campaignId: string, teamId: string, body: TeamBody): Promise<CampaignDto> {
  const { c, t } = await loadTeam(tx, actor, campaignId, teamId);
  const memberIds = await checkPeople(tx, body);
  const before = await tx.select().from(surveyTeamMembers).where(eq(surveyTeamMembers.teamId, teamId));
  await tx.update(surveyTeams).set({ name: body.name, leaderUserId: body.leaderUserId }).where(eq(surveyTeams.id, teamId));
  await writeMembers(tx, campaignId, teamId, body.leaderUserId, memberIds);
  await recordAudit(tx, actor, deps.clock, {
    action: 'survey.team.update',
    entityType: 'survey_team',
    entityId: teamId,
    orgPath: c.orgPath,
    before: { name: t.name, leaderUserId: t.leaderUserId, memberUserIds: before.filter((m) => m.role !== 'leader').map((m) => m.userId) },
    after: { name: body.name, leaderUserId: body.leaderUserId, memberUserIds: memberIds },
  });
  return getCampaign(tx, deps, actor, campaignId);
}

/** A team with no households assigned may be removed. */
export async function deleteTeam(tx: Tx, deps: Deps, actor: Actor, campaignId: string, teamId: string): Promise<CampaignDto> {
  const { c, t } = await loadTeam(tx, actor, campaignId, teamId);
  const [a] = await tx.select({ n: count() }).from(surveyAssignments).where(eq(surveyAssignments.teamId, teamId));
  if (a.n > 0) throw conflict('该调研组已分配调研对象，不能删除', 'the team has assigned households and cannot be removed', { assigned: a.n });
  await tx.delete(surveyTeams).where(eq(surveyTeams.id, teamId));
  await recordAudit(tx, actor, deps.clock, { action: 'survey.team.delete', entityType: 'survey_team', entityId: teamId, orgPath: c.orgPath, before: { name: t.name, leaderUserId: t.leaderUserId } });
  return getCampaign(tx, deps, actor, campaignId);
}
