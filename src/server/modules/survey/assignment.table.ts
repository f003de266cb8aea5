import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { surveyCampaigns } from './campaign.table';
import { surveyTeams } from './team.table';

/**
 * A household assigned to a team of a campaign. The household's facts the report counts (county, category,
 * level, primary cause) and what the visiting team needs (archive number, worker name, address) are copied from
 * the registry when assigned, so the report shows the files as they stood when surveyed.
 */
export const surveyAssignments = pgTable(
  'survey_assignments',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => surveyTeams.id),
    householdId: uuid('household_id').notNull(),
    orgId: uuid('org_id').notNull(),
    orgName: text('org_name').notNull(),
    regionCode: text('region_code').notNull(),
    archiveNo: text('archive_no'),
    workerName: text('worker_name').notNull(),
    address: text('address').notNull(),
    category: text('category'),
    level: text('level'),
    primaryCause: text('primary_cause').notNull(),
    /** how it came: 'household', 'region:<code>' or 'org:<id>' */
    source: text('source').notNull(),
    assignedBy: uuid('assigned_by').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('survey_assignments_household_uq').on(t.campaignId, t.householdId), index('survey_assignments_team_idx').on(t.teamId, t.id), index('survey_assignments_region_idx').on(t.campaignId, t.regionCode)],
);
export type AssignmentRow = typeof surveyAssignments.$inferSelect;
