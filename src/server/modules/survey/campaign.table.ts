import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';

export const campaignStatusEnum = pgEnum('survey_campaign_status', ['draft', 'open', 'closed']);

/**
 * 调研活动: a campaign run by an org over a scope of orgs, with its questionnaire (a JSON list of typed questions,
 * frozen once the campaign opens). orgPath and scopeOrgPaths are copied so that scope checks need no join.
 */
export const surveyCampaigns = pgTable(
  'survey_campaigns',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    status: campaignStatusEnum('status').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    scopeOrgIds: uuid('scope_org_ids').array().notNull(),
    scopeOrgPaths: text('scope_org_paths').array().notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    questions: jsonb('questions').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('survey_campaigns_org_idx').on(t.orgPath), index('survey_campaigns_created_idx').on(t.createdAt, t.id)],
);
export type CampaignRow = typeof surveyCampaigns.$inferSelect;
