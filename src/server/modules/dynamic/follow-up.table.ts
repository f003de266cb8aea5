import { bigint, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { households } from '../registry/household.table';

/** 回访: the calls to an exited household at 3 and 12 months after its exit; a relapse asks for re-opening. */
export const followUpCalls = pgTable(
  'follow_up_calls',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** the exit this call follows (a file may exit again after a re-opening) */
    exitedOn: date('exited_on', { mode: 'string' }).notNull(),
    milestone: integer('milestone').notNull(),
    callDate: date('call_date', { mode: 'string' }).notNull(),
    calledBy: uuid('called_by').notNull(),
    calledByName: text('called_by_name').notNull(),
    /** stable | relapsed */
    outcome: text('outcome').notNull(),
    notes: text('notes'),
    perCapitaIncomeFen: bigint('per_capita_income_fen', { mode: 'number' }),
    /** none | requested | reopened | declined */
    reopenStatus: text('reopen_status').notNull(),
    reopenedBy: uuid('reopened_by'),
    reopenedAt: timestamp('reopened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('follow_up_call_uq').on(t.householdId, t.exitedOn, t.milestone), index('follow_up_calls_org_idx').on(t.orgId, t.reopenStatus)],
);
export type FollowUpCallRow = typeof followUpCalls.$inferSelect;
