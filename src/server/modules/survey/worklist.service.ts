import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { WorklistSection } from '../../../contracts/worklist';
import type { Db } from '../../platform/db/client';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { shanghaiDate } from '../registry/household.rules';
import { surveyAssignments } from './assignment.table';
import { surveyCampaigns } from './campaign.table';
import { surveyResponses } from './response.table';

/** 工作台: a team member's households not yet answered in open campaigns (campaigns ending soonest first). */
export async function worklistSections(db: Db, deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  if (!actor.permissions.has(Permission.SurveyRespond)) return [];
  const today = shanghaiDate(deps.clock.now());
  const where = and(
    eq(surveyCampaigns.status, 'open'),
    isNull(surveyResponses.id),
    sql`${surveyAssignments.teamId} in (select m.team_id from survey_team_members m where m.user_id = ${actor.userId})`,
  );
  const [tot] = await db
    .select({ n: count(), overdue: sql<number>`count(*) filter (where ${surveyCampaigns.periodEnd} < ${today})::int` })
    .from(surveyAssignments)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyAssignments.campaignId))
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(where);
  const rows = await db
    .select({ a: surveyAssignments, campaignName: surveyCampaigns.name, periodEnd: surveyCampaigns.periodEnd })
    .from(surveyAssignments)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyAssignments.campaignId))
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(where)
    .orderBy(asc(surveyCampaigns.periodEnd), asc(surveyAssignments.id))
    .limit(10);
  if (tot.n === 0) return [];
  return [
    {
      key: 'survey.my_households',
      titleZh: '待调研家庭',
      titleEn: 'Households to survey',
      total: tot.n,
      overdue: Number(tot.overdue),
      items: rows.map((r) => ({
        kind: 'survey_assignment',
        id: r.a.id,
        title: `${r.a.archiveNo ?? '（未建档）'} ${r.a.workerName} — 填写调研问卷 / answer the survey`,
        subtitle: r.campaignName,
        dueDate: r.periodEnd,
        overdue: r.periodEnd < today,
        href: `/surveys/${r.a.campaignId}/respond/${r.a.id}`,
      })),
      href: '/surveys',
    },
  ];
}
