import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';

/**
 * 帮扶项目 (金秋助学、送温暖、生活救助、医疗救助 or a custom type): a funding org's program for one year, its budget
 * and application window. The rules live in versions (aid_program_versions); each award stores the version it used.
 */
export const aidPrograms = pgTable(
  'aid_programs',
  {
    id: uuid('id').primaryKey(),
    /** Readable number: AP-<year>-<sequence>. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** student_aid | holiday_relief | living_aid | medical_aid | custom */
    type: text('type').notNull(),
    /** The name of a custom type (type = custom). */
    customType: text('custom_type'),
    fundingOrgId: uuid('funding_org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    windowStart: date('window_start', { mode: 'string' }).notNull(),
    windowEnd: date('window_end', { mode: 'string' }).notNull(),
    /** Days the award list is publicly noticed (公示) before confirmation. */
    noticeDays: integer('notice_days').notNull(),
    /** open | closed */
    status: text('status').notNull(),
    currentVersion: integer('current_version').notNull(),
    /** The ledger account holding what is left of the budget (floor 0). */
    budgetAccountId: uuid('budget_account_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Optimistic lock. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('aid_programs_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('aid_programs_year_idx').on(t.year, t.type),
    check('aid_programs_budget_ck', sql`${t.budgetFen} >= 0`),
    check('aid_programs_window_ck', sql`${t.windowStart} <= ${t.windowEnd}`),
    check('aid_programs_notice_days_ck', sql`${t.noticeDays} between 0 and 60`),
  ],
);
export type AidProgramRow = typeof aidPrograms.$inferSelect;

/** One version of a program's eligibility and amount rules: written once, never changed. */
export const aidProgramVersions = pgTable(
  'aid_program_versions',
  {
    id: uuid('id').primaryKey(),
    programId: uuid('program_id')
      .notNull()
      .references(() => aidPrograms.id),
    version: integer('version').notNull(),
    eligibility: jsonb('eligibility').notNull(),
    amount: jsonb('amount').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('aid_program_versions_uq').on(t.programId, t.version)],
);
export type AidProgramVersionRow = typeof aidProgramVersions.$inferSelect;
