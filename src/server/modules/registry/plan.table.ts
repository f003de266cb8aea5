import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { households } from './household.table';

/** 一户一计划: one plan per household. */
export const plans = pgTable('household_plans', {
  id: uuid('id').primaryKey(),
  householdId: uuid('household_id')
    .notNull()
    .unique()
    .references(() => households.id, { onDelete: 'cascade' }),
  targetExitDate: date('target_exit_date', { mode: 'string' }).notNull(),
  goal: text('goal'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** 一户一措施: typed measures with a responsible cadre, due date, status and outcome. */
export const measures = pgTable(
  'household_measures',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').notNull(),
    type: text('type').notNull(),
    description: text('description').notNull(),
    responsibleUserId: uuid('responsible_user_id').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    outcome: text('outcome'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('measures_plan_idx').on(t.planId), index('measures_household_idx').on(t.householdId), index('measures_due_idx').on(t.status, t.dueDate)],
);
