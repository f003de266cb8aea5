import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { surveyCampaigns } from './campaign.table';

/** 调研组: a team of a campaign with its leader (the province ran nine). */
export const surveyTeams = pgTable(
  'survey_teams',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    leaderUserId: uuid('leader_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('survey_teams_campaign_idx').on(t.campaignId)],
);
export type TeamRow = typeof surveyTeams.$inferSelect;

/** Who is on a team (the leader is a member with role 'leader'). */
export const surveyTeamMembers = pgTable(
  'survey_team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => surveyTeams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('survey_team_members_user_idx').on(t.userId, t.campaignId)],
);
