import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { households } from './household.table';

/** 四看法: one structured assessment per home visit, with who assessed and when. */
export const fourLooksAssessments = pgTable(
  'four_looks_assessments',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    answers: jsonb('answers').notNull(),
    scores: jsonb('scores').notNull(),
    totalScore: integer('total_score').notNull(),
    notes: text('notes'),
    assessedBy: uuid('assessed_by').notNull(),
    assessedByName: text('assessed_by_name').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('four_looks_household_idx').on(t.householdId, t.visitDate)],
);
