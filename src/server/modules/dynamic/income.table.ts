import { bigint, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { households } from '../registry/household.table';

/**
 * Monthly per-capita income observations of a household (the exit rule needs a history). One row per household and
 * month: a later observation of the same month replaces the earlier one (the audit trail keeps both).
 */
export const householdIncomeRecords = pgTable(
  'household_income_records',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** YYYY-MM */
    month: text('month').notNull(),
    perCapitaIncomeFen: bigint('per_capita_income_fen', { mode: 'number' }).notNull(),
    /** annual_review | follow_up | manual | edit */
    source: text('source').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('household_income_month_uq').on(t.householdId, t.month), index('household_income_month_idx').on(t.month)],
);
export type IncomeRecordRow = typeof householdIncomeRecords.$inferSelect;
