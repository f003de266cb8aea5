import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { households } from '../registry/household.table';
import { verificationTasks } from './task.table';

/** Photos and documents of a visit: uploaded to the file store first, bound to the visit when it is signed. */
export const verificationFiles = pgTable(
  'verification_files',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTasks.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    visitId: uuid('visit_id'),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('verification_files_task_idx').on(t.taskId), index('verification_files_visit_idx').on(t.visitId)],
);
export type FileRow = typeof verificationFiles.$inferSelect;
