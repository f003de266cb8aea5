import { bigint, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';
import { households } from '../registry/household.table';

/** 年审: one campaign per org and year; starting it again only schedules files approved since. */
export const annualReviewCampaigns = pgTable(
  'annual_review_campaigns',
  {
    id: uuid('id').primaryKey(),
    year: integer('year').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    startedBy: uuid('started_by').notNull(),
    startedByName: text('started_by_name').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('annual_review_campaign_org_year_uq').on(t.orgId, t.year)],
);

/**
 * One review of one open file in a year (a file is reviewed once a year, whichever campaign scheduled it first).
 * Carries the owning org and region of the file so scope checks need no join.
 */
export const annualReviewItems = pgTable(
  'annual_review_items',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => annualReviewCampaigns.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    responsibleUserId: uuid('responsible_user_id'),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** pending | done */
    status: text('status').notNull(),
    /** continue | propose_exit | propose_cancel */
    outcome: text('outcome'),
    perCapitaIncomeFen: bigint('per_capita_income_fen', { mode: 'number' }),
    cancelReason: text('cancel_reason'),
    notes: text('notes'),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** for proposals: open (awaiting the reviewer) | exited | cancelled | kept (declined) */
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('annual_review_item_year_household_uq').on(t.year, t.householdId),
    index('annual_review_items_campaign_idx').on(t.campaignId, t.status),
    index('annual_review_items_org_idx').on(t.orgId, t.status, t.dueDate),
    index('annual_review_items_responsible_idx').on(t.responsibleUserId, t.status),
    index('annual_review_items_household_idx').on(t.householdId),
  ],
);
export type ReviewItemRow = typeof annualReviewItems.$inferSelect;
