import { sql } from 'drizzle-orm';
import { date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';
import { households } from '../registry/household.table';

export const taskStatusEnum = pgEnum('verification_task_status', ['pending', 'assigned', 'visited', 'closed', 'cancelled']);

/**
 * 核查任务: opened when a file is submitted (or sent back for a second visit), assigned to an investigator (who may
 * belong to a third-party org), done by a signed visit, closed by the review. Carries the household's org and county
 * (scope, shard key). At most one open (pending/assigned) task per household.
 */
export const verificationTasks = pgTable(
  'verification_tasks',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    regionCode: text('region_code').notNull(),
    status: taskStatusEnum('status').notNull(),
    round: integer('round').notNull().default(1),
    reason: text('reason').notNull(),
    investigatorId: uuid('investigator_id'),
    assignedBy: uuid('assigned_by'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    dueDate: date('due_date', { mode: 'string' }),
    visitId: uuid('visit_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('verification_tasks_one_open_uq').on(t.householdId).where(sql`status in ('pending', 'assigned')`),
    index('verification_tasks_household_idx').on(t.householdId, t.createdAt),
    index('verification_tasks_investigator_idx').on(t.investigatorId, t.status),
    index('verification_tasks_org_idx').on(t.orgId, t.status, t.createdAt),
    index('verification_tasks_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  ],
);
export type TaskRow = typeof verificationTasks.$inferSelect;
