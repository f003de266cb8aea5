import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { spotCheckItems } from './spot-check.table';

/**
 * 追责: one record per signer implicated by a 不符合 finding, with the action (批评 / 书面检查 / 责令整改), a deadline
 * and a closing note. The household's org path and region are kept for scoped reading.
 */
export const accountabilityRecords = pgTable(
  'accountability_records',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => spotCheckItems.id),
    spotCheckId: uuid('spot_check_id').notNull(),
    householdId: uuid('household_id').notNull(),
    orgPath: text('org_path').notNull(),
    regionCode: text('region_code').notNull(),
    subjectUserId: uuid('subject_user_id').notNull(),
    subjectName: text('subject_name').notNull(),
    signerRole: text('signer_role').notNull(),
    cause: text('cause').notNull(),
    action: text('action').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    closingNote: text('closing_note'),
    closedBy: uuid('closed_by'),
    closedByName: text('closed_by_name'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('accountability_item_idx').on(t.itemId),
    index('accountability_status_deadline_idx').on(t.status, t.deadline),
    index('accountability_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('accountability_created_idx').on(t.createdAt, t.id),
    index('accountability_subject_idx').on(t.subjectUserId),
  ],
);
export type AccountabilityRow = typeof accountabilityRecords.$inferSelect;
